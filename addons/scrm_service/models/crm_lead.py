from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    scrm_ticket_id = fields.Many2one(
        "scrm.ticket",
        string="From Ticket",
        index="btree_not_null",
        ondelete="set null",
        help="The service ticket this opportunity was raised from.",
    )
    scrm_suggested_product_ids = fields.Many2many(
        "product.product", string="Suggested Products"
    )

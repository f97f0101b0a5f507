from odoo import fields, models


class SaleOrderTemplate(models.Model):
    _inherit = "sale.order.template"

    scrm_intro = fields.Html(
        string="Proposal Introduction",
        translate=True,
        help="Opens the proposal document, after its cover page, in the customer's "
        "language.",
    )

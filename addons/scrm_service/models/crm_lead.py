from odoo import api, fields, models


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
    scrm_service_team_id = fields.Many2one(
        related="scrm_ticket_id.team_id",
        store=True,
        index="btree_not_null",
        string="Service Team",
    )
    scrm_agent_id = fields.Many2one(
        "res.users",
        string="Raised By",
        index="btree_not_null",
        help="The service agent who raised this opportunity from a ticket.",
    )
    scrm_won_revenue = fields.Monetary(
        string="Won Revenue",
        currency_field="company_currency",
        compute="_compute_scrm_won_revenue",
        store=True,
        help="The expected revenue of a won opportunity, zero otherwise.",
    )

    @api.depends("expected_revenue", "stage_id.is_won", "active")
    def _compute_scrm_won_revenue(self):
        for lead in self:
            won = lead.active and lead.stage_id.is_won
            lead.scrm_won_revenue = lead.expected_revenue if won else 0.0

from odoo import api, fields, models

QUARTERS = [
    ("year", "Whole Year"),
    ("q1", "Q1"),
    ("q2", "Q2"),
    ("q3", "Q3"),
    ("q4", "Q4"),
]


class ScrmMarketingBudget(models.Model):
    """A marketing budget for a year or a quarter, allocated to campaigns:
    budget against allocated, committed (planned costs) and actual (the
    accounting). Marketing managers set it; marketers read it."""

    _name = "scrm.marketing.budget"
    _description = "Marketing Budget"
    # A thread, so that the budget alerts of its campaigns can be activities
    # on it (utm.campaign is not a thread).
    _inherit = ["mail.thread"]
    _order = "year desc, period, id"

    name = fields.Char(required=True, translate=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    period = fields.Selection(QUARTERS, required=True, default="year")
    amount = fields.Monetary(string="Budget", currency_field="currency_id")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    campaign_ids = fields.One2many(
        "utm.campaign", "scrm_budget_id", string="Marketing Campaigns"
    )
    allocated_amount = fields.Monetary(
        string="Allocated", currency_field="currency_id", compute="_compute_amounts"
    )
    committed_amount = fields.Monetary(
        string="Committed",
        currency_field="currency_id",
        compute="_compute_amounts",
        help="Planned costs of the campaigns' activities.",
    )
    actual_amount = fields.Monetary(
        string="Actual",
        currency_field="currency_id",
        compute="_compute_amounts",
        help="Vendor bills and expenses on the campaigns' analytic accounts.",
    )
    remaining_amount = fields.Monetary(
        string="Remaining", currency_field="currency_id", compute="_compute_amounts"
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A budget cannot be negative."),
        (
            "year_sane",
            "CHECK(year BETWEEN 2000 AND 2200)",
            "Choose a year between 2000 and 2200.",
        ),
    ]

    @api.depends(
        "amount",
        "campaign_ids.scrm_budget_amount",
        "campaign_ids.scrm_planned_cost",
    )
    def _compute_amounts(self):
        for budget in self:
            campaigns = budget.campaign_ids
            budget.allocated_amount = sum(campaigns.mapped("scrm_budget_amount"))
            budget.committed_amount = sum(campaigns.mapped("scrm_planned_cost"))
            budget.actual_amount = sum(campaigns.mapped("scrm_actual_cost"))
            budget.remaining_amount = budget.amount - max(
                budget.committed_amount, budget.actual_amount
            )

from odoo import fields, models

ACTIVITY_KINDS = [
    ("email", "Email mailing"),
    ("sms", "SMS mailing"),
    ("event", "Event or trade fair"),
    ("print", "Print and direct mail"),
    ("advertising", "Advertising"),
    ("telemarketing", "Telemarketing"),
    ("webinar", "Webinar"),
    ("other", "Other"),
]


class ScrmMarketingCampaignCost(models.Model):
    """An activity of a campaign with its planned cost (the actual cost
    comes from the accounting)."""

    _name = "scrm.marketing.campaign.cost"
    _description = "Campaign Activity"
    _order = "date_start, id"

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    kind = fields.Selection(ACTIVITY_KINDS, string="Activity", required=True)
    user_id = fields.Many2one("res.users", string="Responsible")
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    planned_amount = fields.Monetary(
        string="Planned Cost", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")],
        string="Status",
        default="todo",
        required=True,
    )

    _sql_constraints = [
        (
            "planned_amount_positive",
            "CHECK(planned_amount >= 0)",
            "A planned cost cannot be negative.",
        ),
    ]

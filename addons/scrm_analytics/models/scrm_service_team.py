from odoo import fields, models


class ScrmServiceTeam(models.Model):
    _inherit = "scrm.service.team"

    scrm_cost_rate = fields.Float(
        string="Cost per Hour",
        digits="Product Price",
        help="What an hour of this team's service costs, for customer "
        "profitability. Zero: the company's rate in the settings.",
    )

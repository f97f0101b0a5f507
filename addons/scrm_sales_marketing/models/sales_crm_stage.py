from odoo import fields, models

from .sales_forecast_category import FORECAST_CATEGORIES


class CrmStage(models.Model):
    _inherit = "crm.stage"

    scrm_forecast_category = fields.Selection(
        FORECAST_CATEGORIES,
        string="Forecast Category",
        default="pipeline",
        required=True,
        help="The forecast category of the opportunities in this stage, unless "
        "their owner chooses another one.",
    )

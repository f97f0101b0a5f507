from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..models.sales_quota import PERIOD_TYPES


class ScrmForecastPeriod(models.TransientModel):
    """Opens the forecast screen for a month or a quarter."""

    _name = "scrm.forecast.period"
    _description = "Open the Sales Forecast of a Period"

    period_type = fields.Selection(PERIOD_TYPES, required=True, default="quarter")
    date_start = fields.Date(
        string="Period Start",
        required=True,
        default=lambda self: self._default_date_start(),
    )

    def _default_date_start(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)

    def action_open(self):
        self.ensure_one()
        start = self.date_start
        if start.day != 1 or (self.period_type == "quarter" and (start.month - 1) % 3):
            raise ValidationError(
                self.env._(
                    "A period starts on the first day of a month, or of a quarter "
                    "(January, April, July, October)."
                )
            )
        lines = self.env["scrm.forecast.line"]._compute_lines(start, self.period_type)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_sales_marketing.scrm_forecast_line_action"
        )
        action["domain"] = [("id", "in", lines.ids)]
        action["display_name"] = self.env._(
            "Sales Forecast from %(date)s", date=format_date(self.env, start)
        )
        return action

from odoo import api, fields, models


class ScrmMpsLine(models.Model):
    _inherit = "scrm.mps.line"

    scrm_pipeline_qty = fields.Float(
        string="Pipeline Demand",
        digits="Product Unit of Measure",
        readonly=True,
        help="What the open opportunities would take of this product in this "
        "period, per the schedule's basis and cut-off, as of the last refresh. "
        "Won opportunities leave it: their orders are actual demand.",
    )
    scrm_pipeline_exceeds = fields.Boolean(
        string="Pipeline Above Forecast",
        compute="_compute_scrm_pipeline_exceeds",
        store=True,
    )

    @api.depends("scrm_pipeline_qty", "forecast_qty")
    def _compute_scrm_pipeline_exceeds(self):
        for line in self:
            line.scrm_pipeline_exceeds = line.scrm_pipeline_qty > line.forecast_qty

from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PIPELINE_BASES = [
    ("weighted", "Weighted by Probability"),
    ("committed", "Commit Category Only"),
]


class ScrmMps(models.Model):
    _inherit = "scrm.mps"

    scrm_pipeline_basis = fields.Selection(
        PIPELINE_BASES,
        string="Pipeline Demand",
        default="weighted",
        required=True,
        help="Weighted: each open opportunity's quantities times its probability. "
        "Committed: the full quantities of the opportunities in the Commit "
        "forecast category.",
    )
    scrm_pipeline_min_probability = fields.Float(
        string="Pipeline Cut-off (%)",
        default=0.0,
        help="Opportunities below this probability are left out.",
    )
    scrm_pipeline_in_mrp = fields.Boolean(
        string="Plan Pipeline Demand",
        help="The MRP run of this schedule plans the pipeline demand, per the "
        "basis and cut-off, where it is above the manual forecast of its "
        "period (the forecast is raised to the pipeline, never added to it), "
        "and like any forecast it is consumed by the actual demand of its "
        "period.",
    )
    scrm_pipeline_date = fields.Datetime(
        string="Pipeline Read On", readonly=True, copy=False
    )

    def action_scrm_refresh_pipeline(self):
        for mps in self:
            mps._scrm_refresh_pipeline()
        return True

    def _scrm_pipeline_demand(self):
        """{(product id, period start): quantity} of the open opportunities'
        product lines in this schedule's horizon, per its basis and cut-off,
        in one query whatever the number of lines."""
        self.ensure_one()
        if not 0 <= self.scrm_pipeline_min_probability <= 100:
            raise ValidationError(
                self.env._("The pipeline cut-off is a percentage from 0 to 100.")
            )
        starts = self._period_starts()
        if not starts or not self.product_ids:
            return {}
        horizon_end = self._horizon_end()
        weight = (
            SQL("lead.probability / 100.0")
            if self.scrm_pipeline_basis == "weighted"
            else SQL("1.0")
        )
        category = (
            SQL("AND lead.scrm_forecast_category = 'commit'")
            if self.scrm_pipeline_basis == "committed"
            else SQL("AND lead.scrm_forecast_category != 'omitted'")
        )
        self.env["scrm.opportunity.line"].flush_model()
        self.env["crm.lead"].flush_model()
        self.env["crm.stage"].flush_model(["is_won"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.product_id, line.date_demand,
                       SUM(line.quantity * %(weight)s)
                  FROM scrm_opportunity_line line
                  JOIN crm_lead lead ON lead.id = line.lead_id
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.active
                   AND lead.type = 'opportunity'
                   AND COALESCE(stage.is_won, FALSE) = FALSE
                   AND lead.probability >= %(cutoff)s
                   AND (lead.company_id = %(company)s OR lead.company_id IS NULL)
                   AND line.product_id IN %(products)s
                   AND line.date_demand < %(end)s
                   %(category)s
              GROUP BY line.product_id, line.date_demand
                """,
                weight=weight,
                cutoff=self.scrm_pipeline_min_probability,
                company=self.company_id.id,
                products=tuple(self.product_ids.ids),
                end=horizon_end,
                category=category,
            )
        )
        demand = defaultdict(float)
        for product_id, day, quantity in rows:
            # Late demand is still due: it lands in the first period.
            start = max((s for s in starts if s <= day), default=starts[0])
            demand[product_id, start] += quantity
        return demand

    def _scrm_refresh_pipeline(self):
        """Store the pipeline demand on the schedule's cells (creating the cells
        it needs), so every view of the schedule reads it as a plain figure."""
        self.ensure_one()
        demand = self._scrm_pipeline_demand()
        Line = self.env["scrm.mps.line"]
        lines = Line.search([("mps_id", "=", self.id)])
        by_key = {(line.product_id.id, line.period_start): line for line in lines}
        to_create = [
            {
                "mps_id": self.id,
                "product_id": product_id,
                "period_start": start,
                "scrm_pipeline_qty": quantity,
            }
            for (product_id, start), quantity in demand.items()
            if (product_id, start) not in by_key
        ]
        by_value = defaultdict(lambda: Line)
        for key, line in by_key.items():
            quantity = round(demand.get(key, 0.0), 6)
            if line.scrm_pipeline_qty != quantity:
                by_value[quantity] |= line
        for quantity, group in by_value.items():
            group.write({"scrm_pipeline_qty": quantity})
        Line.create(to_create)
        self.scrm_pipeline_date = fields.Datetime.now()

    def _mrp_extra_demands(self, products, first_period, horizon_end):
        """The pipeline, as forecast, where it is above the manual forecast:
        per product and period, the run plans max(manual forecast, pipeline)
        (then consumed by actual demand), so demand the planner already
        entered is not counted twice. Read live at run time (the same figures
        as *Read Pipeline* would store), in two queries whatever the number
        of opportunities."""
        demands = super()._mrp_extra_demands(products, first_period, horizon_end)
        if not self.scrm_pipeline_in_mrp or not products:
            return demands
        wanted = set(products.ids)
        pipeline = {
            key: quantity
            for key, quantity in self._scrm_pipeline_demand().items()
            if key[0] in wanted and key[1] >= first_period and quantity > 0
        }
        if not pipeline:
            return demands
        self.env["scrm.mps.line"].flush_model(
            ["mps_id", "product_id", "period_start", "forecast_qty"]
        )
        cells = {
            (product_id, start): (line_id, forecast or 0.0)
            for line_id, product_id, start, forecast in self.env.execute_query(
                SQL(
                    """
                    SELECT id, product_id, period_start, forecast_qty
                      FROM scrm_mps_line
                     WHERE mps_id = %s AND product_id IN %s
                       AND period_start >= %s
                    """,
                    self.id,
                    tuple({key[0] for key in pipeline}),
                    first_period,
                )
            )
        }
        for (product_id, start), quantity in sorted(pipeline.items()):
            line_id, forecast = cells.get((product_id, start), (None, 0.0))
            above = round(quantity - forecast, 6)
            if above <= 0:
                continue
            ref = f"scrm.mps.line,{line_id}" if line_id else f"scrm.mps,{self.id}"
            demands.append((product_id, start, above, "forecast", ref))
        return demands

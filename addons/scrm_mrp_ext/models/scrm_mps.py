from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


def shift_period(start, period_type, count):
    """The start of the period ``count`` periods after (or before) ``start``."""
    if period_type == "week":
        return start + timedelta(weeks=count)
    if period_type == "month":
        return start + relativedelta(months=count)
    return start + timedelta(days=count)


def period_starts(start, period_type, count):
    """Start dates of ``count`` periods of a kind, the first containing ``start``."""
    if period_type == "week":
        start = start - timedelta(days=start.weekday())
    elif period_type == "month":
        start = start.replace(day=1)
    return [shift_period(start, period_type, i) for i in range(count)]


def period_end(start, period_type):
    return shift_period(start, period_type, 1)


class ScrmMps(models.Model):
    """Master production schedule: planned end items per period."""

    _name = "scrm.mps"
    _description = "Master Production Schedule"
    _check_company_auto = True

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    period_type = fields.Selection(
        [("day", "Day"), ("week", "Week"), ("month", "Month")],
        default="week",
        required=True,
    )
    period_count = fields.Integer(string="Periods", default=12, required=True)
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        domain="[('is_storable', '=', True)]",
        check_company=True,
    )
    line_ids = fields.One2many("scrm.mps.line", "mps_id", string="Forecasts")
    suggest_periods = fields.Integer(
        string="Average Over",
        default=4,
        help="Past periods averaged by Suggest Forecast.",
    )
    suggest_factor = fields.Float(string="Growth Factor", default=1.0)

    @api.constrains("period_count", "suggest_periods", "suggest_factor")
    def _check_periods(self):
        for mps in self:
            if not 1 <= mps.period_count <= 366:
                raise ValidationError(
                    self.env._("A schedule has between 1 and 366 periods.")
                )
            if mps.suggest_periods < 1 or mps.suggest_factor < 0:
                raise ValidationError(
                    self.env._(
                        "Suggest Forecast averages at least one period, with a factor "
                        "that is not negative."
                    )
                )

    def _period_starts(self):
        self.ensure_one()
        return period_starts(
            fields.Date.context_today(self), self.period_type, self.period_count
        )

    def _horizon_end(self):
        self.ensure_one()
        return period_end(self._period_starts()[-1], self.period_type)

    def action_prepare_lines(self):
        """One forecast cell per product and period (existing cells are kept)."""
        Line = self.env["scrm.mps.line"]
        for mps in self:
            starts = mps._period_starts()
            existing = {
                (line.product_id.id, line.period_start) for line in mps.line_ids
            }
            Line.create(
                [
                    {"mps_id": mps.id, "product_id": product.id, "period_start": start}
                    for product in mps.product_ids
                    for start in starts
                    if (product.id, start) not in existing
                ]
            )
        return True

    def action_suggest_forecast(self):
        """Fill future periods with the average delivered quantity of the last N
        periods, times the growth factor."""
        for mps in self:
            if not mps.product_ids:
                raise UserError(self.env._("Add products to the schedule first."))
            mps.action_prepare_lines()
            today = fields.Date.context_today(self)
            first = mps._period_starts()[0]
            past_start = shift_period(first, mps.period_type, -mps.suggest_periods)
            delivered = dict(
                self.env["stock.move"]._read_group(
                    [
                        ("product_id", "in", mps.product_ids.ids),
                        ("state", "=", "done"),
                        ("location_dest_id.usage", "=", "customer"),
                        ("location_id.warehouse_id", "=", mps.warehouse_id.id),
                        ("date", ">=", past_start),
                        ("date", "<", first),
                    ],
                    ["product_id"],
                    ["product_qty:sum"],
                )
            )
            for line in mps.line_ids.filtered(
                lambda line, t=today: line.period_end > t
            ):
                total = delivered.get(line.product_id, 0.0)
                line.forecast_qty = total / mps.suggest_periods * mps.suggest_factor
        return True

    def _scrm_demo_forecast_and_run(self):
        """Demo data: a forecast for the coming weeks and one finished MRP run, so
        that every screen shows real figures from the start."""
        self.action_prepare_lines()
        for index, line in enumerate(self.line_ids.sorted("period_start")):
            if line.period_start > fields.Date.context_today(self):
                line.forecast_qty = 20 + 5 * (index % 3) if index % 2 else 10
        self.env["scrm.mrp.run"]._launch(self.company_id, mps=self)

    def action_run_mrp(self):
        self.ensure_one()
        return self.env["scrm.mrp.run"]._launch(self.company_id, mps=self).action_open()

    def action_run_whatif(self):
        self.ensure_one()
        run = self.env["scrm.mrp.run"]._launch(self.company_id, mps=self, mode="whatif")
        return run.action_open()


class ScrmMpsLine(models.Model):
    _name = "scrm.mps.line"
    _description = "Master Production Schedule Cell"
    _order = "product_id, period_start"

    mps_id = fields.Many2one("scrm.mps", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mps_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(compute="_compute_period_end")
    forecast_qty = fields.Float(string="Forecast", digits="Product Unit of Measure")
    actual_qty = fields.Float(
        string="Actual Demand",
        compute="_compute_plan_figures",
        digits="Product Unit of Measure",
    )
    planned_qty = fields.Float(
        string="Planned Supply",
        compute="_compute_plan_figures",
        digits="Product Unit of Measure",
    )
    projected_qty = fields.Float(
        string="Projected Stock",
        compute="_compute_plan_figures",
        digits="Product Unit of Measure",
    )
    atp_qty = fields.Float(
        string="Available to Promise",
        compute="_compute_plan_figures",
        digits="Product Unit of Measure",
    )

    _sql_constraints = [
        (
            "cell_uniq",
            "unique(mps_id, product_id, period_start)",
            "A product has one forecast per period of a schedule.",
        )
    ]

    @api.constrains("forecast_qty")
    def _check_forecast_qty(self):
        for line in self:
            if line.forecast_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The forecast of %(product)s cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )

    @api.depends("period_start", "mps_id.period_type")
    def _compute_period_end(self):
        for line in self:
            line.period_end = (
                period_end(line.period_start, line.mps_id.period_type)
                if line.period_start
                else False
            )

    @api.depends("product_id", "period_start")
    def _compute_plan_figures(self):
        """Actual demand (confirmed outgoing moves), planned supply and projected
        stock of the last MRP run, and available to promise, in a fixed number of
        queries for the whole grid."""
        lines = self.filtered(lambda line: line.product_id and line.period_start)
        (self - lines).update(
            {"actual_qty": 0, "planned_qty": 0, "projected_qty": 0, "atp_qty": 0}
        )
        if not lines:
            return
        products = lines.product_id
        first = min(lines.mapped("period_start"))
        last = max(lines.mapped("period_end"))
        moves = self.env["stock.move"].search_fetch(
            [
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "cancel", "done")),
                ("location_dest_id.usage", "=", "customer"),
                ("date", "<", last),
            ],
            ["product_id", "date", "product_qty"],
        )
        records = self.env["scrm.mrp.record"].search_fetch(
            [
                ("product_id", "in", products.ids),
                ("period_start", ">=", first),
                ("period_start", "<", last),
            ],
            ["product_id", "period_start", "planned_receipt", "projected_on_hand"],
        )
        plan = {(r.product_id.id, r.period_start): r for r in records}
        moves_of = defaultdict(list)
        for move in moves:
            moves_of[move.product_id.id].append((move.date.date(), move.product_qty))
        for line in lines:
            start, end = line.period_start, line.period_end
            # Late deliveries count in the first period: they are still due.
            actual = sum(
                qty
                for date, qty in moves_of[line.product_id.id]
                if date < end and (date >= start or start == first)
            )
            record = plan.get((line.product_id.id, start))
            line.actual_qty = actual
            line.planned_qty = record.planned_receipt if record else 0.0
            line.projected_qty = record.projected_on_hand if record else 0.0
            line.atp_qty = max(
                0.0, line.projected_qty + max(line.forecast_qty, actual) - actual
            )

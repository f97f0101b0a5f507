import math
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.scrm_base.tools.tz import record_zone

from .scrm_mps_capacity import RoughCut
from .scrm_mrp_loader import local_day, utc_start


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
    capacity_ids = fields.One2many("scrm.mps.capacity", "mps_id")
    balance_ids = fields.One2many(
        "scrm.mps.balance", "mps_id", string="Balancing Proposals"
    )
    overload_count = fields.Integer(compute="_compute_overload_count")
    capacity_warning = fields.Char(compute="_compute_overload_count")

    @api.depends("capacity_ids.overloaded", "capacity_ids.no_calendar")
    def _compute_overload_count(self):
        for mps in self:
            cells = mps.capacity_ids
            mps.overload_count = len(cells.filtered("overloaded"))
            uncharted = cells.filtered("no_calendar").workcenter_id
            mps.capacity_warning = (
                self.env._(
                    "Without a working calendar, the available hours of these work "
                    "centres are unknown: %(names)s",
                    names=", ".join(uncharted.mapped("display_name")),
                )
                if uncharted
                else False
            )

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

    def _zone(self):
        """The schedule's time zone, in which its periods start and every date
        that lands in a period is read: that of the warehouse's address, else
        of the company's address, else of the company's working hours, else
        UTC (never the planner's own: two planners see the same plan)."""
        self.ensure_one()
        return record_zone(self.company_id, warehouse=self.warehouse_id)

    def _today(self):
        """Today in the schedule's time zone."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._zone().zone))

    def _period_starts(self):
        self.ensure_one()
        return period_starts(self._today(), self.period_type, self.period_count)

    def _horizon_end(self):
        self.ensure_one()
        return period_end(self._period_starts()[-1], self.period_type)

    def _period_end_of(self, start):
        self.ensure_one()
        return period_end(start, self.period_type)

    # ---- rough-cut capacity ----------------------------------------------------

    def action_compute_capacity(self):
        self._compute_capacity()
        return self.action_open_capacity()

    def action_open_capacity(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_mrp_ext.scrm_mps_capacity_action"
        )
        action["domain"] = [("mps_id", "=", self.id)]
        action["context"] = {"search_default_overloaded": 0}
        return action

    def action_propose_balancing(self):
        self._propose_balancing()
        return self.action_open_balancing()

    def action_open_balancing(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_mrp_ext.scrm_mps_balance_action"
        )
        action["domain"] = [("mps_id", "=", self.id)]
        action["context"] = {"default_mps_id": self.id, "search_default_proposed": 1}
        return action

    def _compute_capacity(self):
        """Rebuild the capacity grid of each schedule; returns, for the last one,
        the grid and the figures it was computed from (for balancing)."""
        computed = None
        for mps in self:
            rough = RoughCut(mps)
            cells, profiles, production = rough.compute()
            mps._write_capacity(rough, cells, profiles)
            computed = rough, cells, profiles, production
        return computed

    def _write_capacity(self, rough, cells, profiles):
        """Replace the schedule's capacity grid (bulk SQL: one row per work centre
        and period) and flag the cells of the MPS grid that load an overload."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM scrm_mps_capacity WHERE mps_id = %s", self.id)
        )
        self.env["scrm.mps.capacity"].invalidate_model()
        starts = rough.starts
        keys = list(cells)
        figures = []
        overloaded = set()
        for key in keys:
            required, available = cells[key]
            if available is None:
                over, load, available = required > 0, 0.0, 0.0
            else:
                over = required > available + 1e-6
                load = round(required / available * 100, 1) if available else 0.0
            if over:
                overloaded.add(key)
            figures.append((required, available, load, over))
        self.env["scrm.mrp.run"]._bulk_insert(
            "scrm.mps.capacity",
            {"mps_id": self.id, "company_id": self.company_id.id},
            {
                "workcenter_id": ("int", [center_id for center_id, _p in keys]),
                "period_start": ("date", [starts[period] for _c, period in keys]),
                "required_hours": ("float8", [round(f[0], 2) for f in figures]),
                "available_hours": ("float8", [round(f[1], 2) for f in figures]),
                "free_hours": (
                    "float8",
                    [round(max(f[1] - f[0], 0.0), 2) for f in figures],
                ),
                "load_percent": ("float8", [f[2] for f in figures]),
                "overloaded": ("bool", [f[3] for f in figures]),
                "no_calendar": ("bool", [cells[key][1] is None for key in keys]),
            },
        )
        # Red cells of the grid: a product loading an overloaded work centre in
        # the period (two UPDATEs for the whole grid, however large).
        periods_of = defaultdict(set)
        for center_id, period in overloaded:
            periods_of[center_id].add(period)
        pairs = [
            (product_id, starts[period])
            for product_id, centers in profiles.items()
            for period in set().union(
                *(periods_of[center] for center in centers if center in periods_of)
            )
        ]
        self.env.flush_all()
        products = [product_id for product_id, _day in pairs]
        dates = [day for _product_id, day in pairs]
        # one UPDATE, of the cells whose flag changes only
        self.env.cr.execute(
            SQL(
                """UPDATE scrm_mps_line AS line
                      SET capacity_overload = target.flag
                     FROM (SELECT cell.id, flagged.product_id IS NOT NULL AS flag
                             FROM scrm_mps_line cell
                        LEFT JOIN unnest(%s::int[], %s::date[])
                                  AS flagged(product_id, day)
                               ON flagged.product_id = cell.product_id
                              AND flagged.day = cell.period_start
                            WHERE cell.mps_id = %s) AS target
                    WHERE line.id = target.id
                      AND COALESCE(line.capacity_overload, FALSE) != target.flag""",
                products,
                dates,
                self.id,
            )
        )
        self.env["scrm.mps.line"].invalidate_model(["capacity_overload"])

    def _propose_balancing(self):
        """For each overloaded work centre and period, in time order: move what
        does not fit to the nearest earlier period whose work centres can take it
        (pre-build), else in pieces over the earlier periods, nearest first, when
        together they can take it all, else to the nearest later one (postpone,
        forecast only)."""
        self.ensure_one()
        rough, cells, profiles, production = self._compute_capacity()
        self.balance_ids.filtered(lambda move: move.state == "proposed").unlink()
        starts = rough.starts
        count = len(starts)
        movable = defaultdict(float)
        for product, due, quantity in self.env["scrm.mrp.planned.order"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("mps_id", "in", [self.id, False]),
                ("product_id", "in", self.product_ids.ids),
                ("state", "=", "planned"),
                ("firm", "=", False),
                ("supply_method", "=", "make"),
                ("due_date", ">=", starts[0]),
                ("due_date", "<", rough.horizon_end),
            ],
            ["product_id", "due_date:day"],
            ["quantity:sum"],
        ):
            movable[product.id, rough._period_of(due)] += quantity
        postponable = defaultdict(float)
        index = {start: period for period, start in enumerate(starts)}
        for line in self.line_ids:
            if line.period_start in index:
                postponable[line.product_id.id, index[line.period_start]] += max(
                    line.forecast_qty - line.actual_qty, 0.0
                )
        products = {product.id: product for product in self.product_ids}
        # Moves land only in periods that can still be produced.
        first_open = self._scrm_first_open_period(starts)

        def add_load(product_id, period, quantity, sign):
            """Move ``quantity`` of load in or out (sign -1) of a period; a setup
            is added when the period had no order, removed when none is left."""
            cell = production[product_id, period]
            before = cell[1] > 1e-9
            cell[1] += sign * quantity
            after = cell[1] > 1e-9
            orders = 1 if (before != after) else 0
            for center_id, (setup, rate) in profiles[product_id].items():
                if (center_id, period) in cells:
                    cells[center_id, period][0] += sign * (
                        quantity * rate + orders * setup
                    )

        def fits(product_id, period, quantity):
            idle = production[product_id, period][1] <= 1e-9
            for center_id, (setup, rate) in profiles[product_id].items():
                required, available = cells.get((center_id, period), (0.0, 0.0))
                extra = quantity * rate + (setup if idle else 0.0)
                if available is None or required + extra > available + 1e-6:
                    return False
            return True

        def room(product_id, period):
            """How much of the product the period's work centres can still
            take, in the product's steps, as an order of its own (a piece
            becomes a firm planned order: one more setup)."""
            most = math.inf
            for center_id, (setup, rate) in profiles[product_id].items():
                required, available = cells.get((center_id, period), (0.0, 0.0))
                if available is None:
                    return 0.0
                free = available - required - setup
                if free < -1e-6:
                    return 0.0
                if rate > 0:
                    most = min(most, max(free, 0.0) / rate)
            if most == math.inf:
                return math.inf
            step = self._scrm_balance_step(products[product_id])
            return math.floor(most / step + 1e-9) * step

        def split_earlier(product_id, period, quantity):
            """Pieces of ``quantity`` over earlier periods, nearest first, when
            no single one has room for it all: [(period, piece)], or [] when
            all of them together cannot take it."""
            moves, left = [], quantity
            for other in range(period - 1, first_open - 1, -1):
                piece = min(room(product_id, other), left)
                if piece > 1e-9:
                    moves.append((other, piece))
                    left -= piece
                if left <= 1e-9:
                    return moves
            return []

        proposals = []
        for period in range(count):
            for center in rough.workcenters:
                required, available = cells[center.id, period]
                if available is None or required <= available + 1e-6:
                    continue
                candidates = sorted(
                    (
                        product_id
                        for product_id in products
                        if profiles[product_id].get(center.id, (0, 0))[1] > 0
                        and movable[product_id, period] > 0
                    ),
                    key=lambda product_id, p=period, c=center.id: (
                        -(movable[product_id, p] * profiles[product_id][c][1])
                    ),
                )
                for product_id in candidates:
                    excess = cells[center.id, period][0] - available
                    if excess <= 1e-6:
                        break
                    product = products[product_id]
                    rate = profiles[product_id][center.id][1]
                    quantity = self._scrm_balance_quantity(
                        product, excess / rate, movable[product_id, period]
                    )
                    if not quantity:
                        continue
                    target = next(
                        (
                            other
                            for other in range(period - 1, first_open - 1, -1)
                            if fits(product_id, other, quantity)
                        ),
                        None,
                    )
                    moves = [(target, quantity)] if target is not None else []
                    if not moves:
                        moves = split_earlier(product_id, period, quantity)
                    if not moves and (
                        postponable[product_id, period] + 1e-9 >= quantity
                    ):
                        moves = [
                            (other, quantity)
                            for other in range(max(period + 1, first_open), count)
                            if fits(product_id, other, quantity)
                        ][:1]
                    for target, piece in moves:
                        hours_before = cells[center.id, period][0]
                        add_load(product_id, period, piece, -1)
                        add_load(product_id, target, piece, 1)
                        movable[product_id, period] -= piece
                        if target > period:
                            postponable[product_id, period] -= piece
                        proposals.append(
                            {
                                "mps_id": self.id,
                                "workcenter_id": center.id,
                                "product_id": product_id,
                                "period_from": starts[period],
                                "period_to": starts[target],
                                "quantity": piece,
                                "hours": hours_before - cells[center.id, period][0],
                            }
                        )
        return self.env["scrm.mps.balance"].create(proposals)

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
        """Demo data: a forecast for the coming weeks, one finished MRP run and its
        capacity check, so that every screen shows real figures from the start."""
        self.action_prepare_lines()
        for index, line in enumerate(self.line_ids.sorted("period_start")):
            if line.period_start > fields.Date.context_today(self):
                line.forecast_qty = 20 + 5 * (index % 3) if index % 2 else 10
        self.env["scrm.mrp.run"]._launch(self.company_id, mps=self)
        self._compute_capacity()

    def _mrp_extra_demands(self, products, first_period, horizon_end):
        """Extension point: independent demand that other addons add to what
        an MRP run of this schedule plans (scrm_sales_mrp adds the pipeline).

        Called once per run (full, what-if or net change) with the products
        whose demand is loaded, the first period's start and the horizon's
        end (excluded). Returns a list of ``(product id, date, quantity, kind,
        ref)``: ``date`` a day of the schedule's zone (before ``first_period``
        means late, planned in the first period); ``kind`` ``"forecast"``
        (consumed by actual demand of its period, like the manual forecast)
        or an actual kind such as ``"sale"`` (added to it); ``ref`` a
        ``model,id`` string the plan's pegging shows. Must read in a number
        of queries that does not grow with the records. None by default."""
        return []

    def action_run_mrp(self):
        self.ensure_one()
        run = self.env["scrm.mrp.run"]._launch(self.company_id, mps=self)
        if run.state == "done":
            self._compute_capacity()
        return run.action_open()

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
    capacity_overload = fields.Boolean(
        readonly=True,
        help="A work centre this product loads is overloaded in this period "
        "(as of the last capacity check).",
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
        # Deliveries are dated in the schedule's time zone, as the MRP run reads
        # them (a grid shows the cells of one schedule).
        zone = lines.mps_id[:1]._zone()
        # Deliveries from each schedule's warehouse, as its run reads them.
        moves = self.env["stock.move"].search_fetch(
            [
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "cancel", "done")),
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.warehouse_id", "in", lines.mps_id.warehouse_id.ids),
                ("date", "<", utc_start(last, zone)),
            ],
            ["product_id", "date", "product_qty", "location_id"],
        )
        # Each schedule's own plan: another warehouse's schedule may plan the
        # same products.
        schedules = [*lines.mps_id.ids, False]
        records = self.env["scrm.mrp.record"].search_fetch(
            [
                ("mps_id", "in", schedules),
                ("product_id", "in", products.ids),
                ("period_start", ">=", first),
                ("period_start", "<", last),
            ],
            ["mps_id", "product_id", "period_start", "projected_on_hand"],
        )
        plan = {}
        for r in records.sorted(lambda r: bool(r.mps_id)):  # own plan last
            for mps in r.mps_id or lines.mps_id:
                plan[mps.id, r.product_id.id, r.period_start] = r
        # Planned supply from the planned orders themselves (firm ones included,
        # and as changed by accepted balancing moves since the run).
        supply = defaultdict(list)
        for mps, product, due, quantity in self.env[
            "scrm.mrp.planned.order"
        ]._read_group(
            [
                ("mps_id", "in", schedules),
                ("product_id", "in", products.ids),
                ("state", "=", "planned"),
                ("due_date", ">=", first),
                ("due_date", "<", last),
            ],
            ["mps_id", "product_id", "due_date:day"],
            ["quantity:sum"],
        ):
            for schedule in mps or lines.mps_id:
                supply[schedule.id, product.id].append((due, quantity))
        moves_of = defaultdict(list)
        for move in moves:
            moves_of[move.location_id.warehouse_id.id, move.product_id.id].append(
                (local_day(move.date, zone), move.product_qty)
            )
        for line in lines:
            start, end = line.period_start, line.period_end
            # Late deliveries count in the first period: they are still due.
            actual = sum(
                qty
                for date, qty in moves_of[
                    line.mps_id.warehouse_id.id, line.product_id.id
                ]
                if date < end and (date >= start or start == first)
            )
            key = (line.mps_id.id, line.product_id.id)
            record = plan.get((*key, start))
            line.actual_qty = actual
            line.planned_qty = sum(
                qty for due, qty in supply[key] if start <= due < end
            )
            line.projected_qty = record.projected_on_hand if record else 0.0
            line.atp_qty = max(
                0.0, line.projected_qty + max(line.forecast_qty, actual) - actual
            )

"""Rough-cut capacity of a master production schedule, and help to balance it.

Required hours of a work centre in a period: the production of the schedule's
products in that period (their planned orders from the last MRP run that are due
in it, and the rest of their confirmed manufacturing orders due in it) times the
operation times of each product's bill of materials, all levels down (made and
phantom components included), setup and cleanup once per order and operation.
A work centre that processes ``capacity`` units at once needs ``quantity /
capacity`` cycles (not rounded up to whole cycles: this is a rough cut).

Available hours: the working time of the work centre's calendar in the period,
minus its time off (global and its own), times its time efficiency.
"""

from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, time

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round

from .scrm_mrp_loader import (
    OPEN_MO_STATES,
    convert_quantity,
    local_day,
    walk_bom_ids,
)

# Hours of slack below which a cell counts as full (float noise, not capacity).
EPSILON = 1e-6


class ScrmMpsCapacity(models.Model):
    _name = "scrm.mps.capacity"
    _description = "Work Centre Load of a Schedule Period"
    _order = "workcenter_id, period_start"

    mps_id = fields.Many2one("scrm.mps", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mps_id.company_id", store=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", required=True, ondelete="cascade", index=True
    )
    period_start = fields.Date(required=True)
    required_hours = fields.Float(digits=(16, 2))
    available_hours = fields.Float(digits=(16, 2))
    free_hours = fields.Float(digits=(16, 2))
    load_percent = fields.Float(string="Load (%)", digits=(16, 1), aggregator="max")
    overloaded = fields.Boolean()
    no_calendar = fields.Boolean(
        string="No Working Calendar",
        help="The work centre has no working calendar: its available hours are "
        "unknown, so any load on it is reported as an overload.",
    )


class ScrmMpsBalance(models.Model):
    _name = "scrm.mps.balance"
    _description = "Capacity Balancing Proposal"
    _order = "period_from, id"

    mps_id = fields.Many2one("scrm.mps", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mps_id.company_id", store=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Overloaded Work Centre", required=True
    )
    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    period_from = fields.Date(string="From Period", required=True)
    period_to = fields.Date(string="To Period", required=True)
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    hours = fields.Float(
        string="Hours Moved",
        digits=(16, 2),
        help="Hours of the overloaded work centre the proposal frees in its period.",
    )
    direction = fields.Selection(
        [("earlier", "Pre-build"), ("later", "Postpone")],
        compute="_compute_direction",
        store=True,
    )
    effect = fields.Char(compute="_compute_effect")
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "Accepted"),
            ("dismissed", "Dismissed"),
        ],
        default="proposed",
        required=True,
        readonly=True,
    )

    @api.depends("period_from", "period_to")
    def _compute_direction(self):
        for move in self:
            if not (move.period_from and move.period_to):
                move.direction = False
            else:
                later = move.period_to > move.period_from
                move.direction = "later" if later else "earlier"

    @api.depends("direction", "quantity", "mps_id.period_type")
    def _compute_effect(self):
        for move in self:
            if not (move.direction and move.mps_id):
                move.effect = False
                continue
            starts = move.mps_id._period_starts()
            distance = abs(
                bisect_right(starts, move.period_to)
                - bisect_right(starts, move.period_from)
            )
            quantity = f"{move.quantity:g} {move.product_uom_id.name or ''}".strip()
            if move.direction == "earlier":
                move.effect = move.env._(
                    "Adds %(quantity)s of stock for %(count)s period(s)",
                    quantity=quantity,
                    count=distance,
                )
            else:
                move.effect = move.env._(
                    "Makes %(quantity)s of demand %(count)s period(s) late",
                    quantity=quantity,
                    count=distance,
                )

    @api.constrains("quantity", "period_from", "period_to")
    def _check_move(self):
        for move in self:
            if move.quantity <= 0:
                raise ValidationError(
                    self.env._("A balancing move needs a positive quantity.")
                )
            starts = move.mps_id._period_starts()
            if move.period_to not in starts or move.period_from not in starts:
                raise ValidationError(
                    self.env._(
                        "A balancing move goes between two periods of the schedule "
                        "%(mps)s.",
                        mps=move.mps_id.name,
                    )
                )
            if move.period_to == move.period_from:
                raise ValidationError(
                    self.env._("A balancing move goes to another period.")
                )

    def action_dismiss(self):
        self.filtered(lambda move: move.state == "proposed").write(
            {"state": "dismissed"}
        )
        return True

    def action_accept(self):
        """Apply the moves to the schedule: a pre-build becomes a firm planned
        order in the earlier period; a postponement moves the forecast. The
        planned orders of the period are reduced at once, and the next MRP run
        plans from the changed schedule."""
        self.check_access("write")
        for move in self:
            if move.state != "proposed":
                raise UserError(self.env._("Only a proposed move can be accepted."))
            move._apply()
            move.state = "accepted"
        # the grid's planned supply reads the planned orders just changed
        self.env["scrm.mps.line"].invalidate_model(
            ["forecast_qty", "planned_qty", "projected_qty", "atp_qty"]
        )
        self.mps_id._compute_capacity()
        return True

    def _period_orders(self, start):
        end = self.mps_id._period_end_of(start)
        return self.env["scrm.mrp.planned.order"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("mps_id", "in", [self.mps_id.id, False]),
                ("product_id", "=", self.product_id.id),
                ("state", "=", "planned"),
                ("supply_method", "=", "make"),
                ("due_date", ">=", start),
                ("due_date", "<", end),
            ],
            order="firm, quantity desc, id",
        )

    def _apply(self):
        self.ensure_one()
        product = self.product_id
        rounding = product.uom_id.rounding
        sources = self._period_orders(self.period_from).filtered(
            lambda order: not order.firm
        )
        movable = sum(sources.mapped("quantity"))
        if float_round(self.quantity - movable, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Only %(movable)s %(unit)s of %(product)s are planned (and not "
                    "firm) in the period of %(date)s; %(quantity)s cannot be moved.",
                    movable=movable,
                    unit=product.uom_id.name,
                    product=product.display_name,
                    date=self.period_from,
                    quantity=self.quantity,
                )
            )
        template = sources[:1]
        lead_time = template.due_date - template.release_date
        if self.direction == "later":
            self._move_forecast()
        remaining = self.quantity
        for order in sources:
            take = min(order.quantity, remaining)
            remaining -= take
            if float_round(order.quantity - take, precision_rounding=rounding) <= 0:
                order.unlink()
            else:
                order.quantity -= take
            if remaining <= 0:
                break
        targets = self._period_orders(self.period_to)
        if self.direction == "later" and targets.filtered(lambda o: not o.firm):
            target = targets.filtered(lambda o: not o.firm)[:1]
            target.quantity += self.quantity
            return
        self.env["scrm.mrp.planned.order"].create(
            {
                "name": f"{template.run_id.name or 'MPS'}/MPS-{product.id}-"
                f"{self.period_to}",
                "run_id": template.run_id.id,
                "company_id": self.company_id.id,
                "mps_id": self.mps_id.id,
                "product_id": product.id,
                "quantity": self.quantity,
                "due_date": self.period_to,
                "release_date": self.period_to - lead_time,
                "past_due": self.period_to - lead_time
                < fields.Date.context_today(self),
                "supply_method": "make",
                "bom_id": template.bom_id.id,
                # A pre-build must survive the next run: nothing in the demand
                # asks for it in that period.
                "firm": self.direction == "earlier",
            }
        )

    def _move_forecast(self):
        """Postponing moves forecast demand (confirmed orders cannot move)."""
        lines = self.mps_id.line_ids.filtered(
            lambda line: line.product_id == self.product_id
        )
        source = lines.filtered(lambda line: line.period_start == self.period_from)
        free = sum(source.mapped("forecast_qty")) - sum(source.mapped("actual_qty"))
        rounding = self.product_id.uom_id.rounding
        if float_round(self.quantity - free, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Only %(free)s %(unit)s of the forecast of %(product)s in the "
                    "period of %(date)s is not yet ordered by customers; confirmed "
                    "orders cannot be postponed.",
                    free=max(free, 0.0),
                    unit=self.product_id.uom_id.name,
                    product=self.product_id.display_name,
                    date=self.period_from,
                )
            )
        source.forecast_qty -= self.quantity
        target = lines.filtered(lambda line: line.period_start == self.period_to)
        if target:
            target.forecast_qty += self.quantity
        else:
            self.env["scrm.mps.line"].create(
                {
                    "mps_id": self.mps_id.id,
                    "product_id": self.product_id.id,
                    "period_start": self.period_to,
                    "forecast_qty": self.quantity,
                }
            )


class RoughCut:
    """Loads and work centre hours of one schedule, in a fixed number of queries
    per BoM level and per calendar (not per product or period)."""

    def __init__(self, mps):
        self.mps = mps
        self.env = mps.env
        self.starts = mps._period_starts()
        self.zone = mps._zone()
        self.horizon_end = mps._horizon_end()
        self.workcenters = self.env["mrp.workcenter"].search(
            [("company_id", "in", (False, mps.company_id.id))], order="id"
        )

    # ---- load profiles -------------------------------------------------------

    def profiles(self):
        """{product id: {work centre id: [setup hours per order, hours per unit]}}
        for the schedule's products, their BoMs exploded all levels down: made
        and phantom components add their own operations, times their quantity
        per unit of the parent.

        BoMs, lines, operations and units are read as plain rows (a few queries
        in all), since the walk visits tens of thousands of lines at the scale
        of a real plant."""
        env = self.env
        _products, bom_of = walk_bom_ids(
            env, self.mps.product_ids.ids, self.mps.company_id.id
        )
        bom_ids = list(set(bom_of.values()))
        cr = env.cr

        variant_domain = ("bom_product_template_attribute_value_ids", "!=", False)
        # product: (supply method, unit)
        cr.execute(
            SQL(
                "SELECT pp.id, pt.scrm_supply_method, pt.uom_id"
                "  FROM product_product pp"
                "  JOIN product_template pt ON pt.id = pp.product_tmpl_id"
                " WHERE pp.id = ANY(%s)",
                list(bom_of),
            )
        )
        product_info = {row[0]: row[1:] for row in cr.fetchall()}
        # bom: (type, quantity, unit)
        cr.execute(
            SQL(
                "SELECT id, type, product_qty, product_uom_id FROM mrp_bom"
                " WHERE id = ANY(%s)",
                bom_ids,
            )
        )
        bom_info = {row[0]: row[1:] for row in cr.fetchall()}
        limited_lines = set(
            env["mrp.bom.line"].search([("bom_id", "in", bom_ids), variant_domain]).ids
        )
        cr.execute(
            SQL(
                """SELECT line.id, line.bom_id, line.product_id, line.product_qty,
                          line.product_uom_id, pt.uom_id
                     FROM mrp_bom_line line
                     JOIN product_product pp ON pp.id = line.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    WHERE line.bom_id = ANY(%s)""",
                bom_ids,
            )
        )
        lines_of = defaultdict(list)
        for row in cr.fetchall():
            lines_of[row[1]].append(row)
        # the cycle time is computed (manual, or from past work orders): ORM
        operations = env["mrp.routing.workcenter"].search_fetch(
            [("bom_id", "in", bom_ids)],
            ["bom_id", "workcenter_id", "time_cycle"],
        )
        limited_ops = set(
            env["mrp.routing.workcenter"]
            .search([("id", "in", operations.ids), variant_domain])
            .ids
        )
        operations_of = defaultdict(list)
        for operation in operations:
            operations_of[operation.bom_id.id].append(
                (
                    operation.id,
                    operation.workcenter_id.id,
                    operation.time_cycle,
                    operation.id in limited_ops,
                )
            )
        centers = {
            center.id: (
                center.default_capacity or 1.0,
                (center.time_start + center.time_stop) / 60.0,
            )
            for center in self.workcenters
        }
        capacities = {
            (line.workcenter_id.id, line.product_id.id): (
                line.capacity,
                (line.time_start + line.time_stop) / 60.0,
            )
            for line in env["mrp.workcenter.capacity"].search_fetch(
                [("workcenter_id", "in", self.workcenters.ids)],
                ["workcenter_id", "product_id", "capacity", "time_start", "time_stop"],
            )
        }

        def convert(quantity, from_uom, to_uom):
            return convert_quantity(env, quantity, from_uom, to_uom)

        def skipped(model, record_id, product_id):
            """Lines and operations limited to some variants (rare): Odoo says."""
            record = env[model].browse(record_id)
            product = env["product.product"].browse(product_id)
            if model == "mrp.bom.line":
                return record._skip_bom_line(product)
            return record._skip_operation_line(product)

        memo = {}

        def profile(product_id):
            if product_id in memo:
                return memo[product_id]
            memo[product_id] = {}  # a cycle (refused by the MRP run) stops here
            bom_id = bom_of.get(product_id)
            if not bom_id:
                return memo[product_id]
            method, uom_id = product_info[product_id]
            bom_type, bom_qty, bom_uom = bom_info[bom_id]
            if bom_type != "phantom" and (
                method == "buy" or (method == "auto" and bom_type != "normal")
            ):
                return memo[product_id]
            own = {}
            for op_id, center_id, cycle, limited in operations_of[bom_id]:
                if center_id not in centers or (
                    limited and skipped("mrp.routing.workcenter", op_id, product_id)
                ):
                    continue
                capacity, setup = capacities.get(
                    (center_id, product_id), centers[center_id]
                )
                cell = own.setdefault(center_id, [0.0, 0.0])
                cell[0] += setup
                cell[1] += (cycle or 0.0) / 60.0 / (capacity or 1.0)
            per_unit = convert(bom_qty or 1.0, bom_uom, uom_id) or 1.0
            for row in lines_of[bom_id]:
                line_id, _bom, component_id, quantity, line_uom, component_uom = row
                if line_id in limited_lines and skipped(
                    "mrp.bom.line", line_id, product_id
                ):
                    continue
                below = profile(component_id)
                if not below:
                    continue
                factor = convert(quantity, line_uom, component_uom) / per_unit
                for center_id, (setup, rate) in below.items():
                    cell = own.setdefault(center_id, [0.0, 0.0])
                    cell[0] += setup
                    cell[1] += rate * factor
            memo[product_id] = own
            return own

        return {product.id: profile(product.id) for product in self.mps.product_ids}

    # ---- production of the schedule's products -------------------------------

    def _period_of(self, day):
        return max(bisect_right(self.starts, day) - 1, 0)

    def production(self):
        """{(product id, period index): [orders, quantity]}: planned orders due
        in the period, and what confirmed manufacturing orders still have to
        make (late ones count in the first period)."""
        env = self.env
        products = self.mps.product_ids
        production = defaultdict(lambda: [0, 0.0])
        for product, due, count, quantity in env["scrm.mrp.planned.order"]._read_group(
            [
                ("company_id", "=", self.mps.company_id.id),
                ("mps_id", "in", [self.mps.id, False]),
                ("product_id", "in", products.ids),
                ("state", "=", "planned"),
                ("supply_method", "=", "make"),
                ("due_date", ">=", self.starts[0]),
                ("due_date", "<", self.horizon_end),
            ],
            ["product_id", "due_date:day"],
            ["__count", "quantity:sum"],
        ):
            cell = production[product.id, self._period_of(due)]
            cell[0] += count
            cell[1] += quantity
        horizon = datetime.combine(self.horizon_end, time.min)
        for order in env["mrp.production"].search_fetch(
            [
                ("company_id", "=", self.mps.company_id.id),
                ("product_id", "in", products.ids),
                ("state", "in", OPEN_MO_STATES),
                ("date_finished", "<", horizon),
            ],
            [
                "product_id",
                "product_qty",
                "qty_produced",
                "product_uom_id",
                "date_finished",
            ],
        ):
            produced = order.product_uom_id._compute_quantity(
                order.qty_produced, order.product_id.uom_id, round=False
            )
            remaining = order.product_qty - produced
            if remaining > 0:
                # its day in the schedule's time zone, as the periods are
                day = local_day(order.date_finished, self.zone)
                cell = production[order.product_id.id, self._period_of(day)]
                cell[0] += 1
                cell[1] += remaining
        return production

    # ---- available hours -----------------------------------------------------

    def available(self):
        """{work centre id: [hours per period]} (None without a calendar)."""
        result = {}
        by_calendar = defaultdict(lambda: self.env["mrp.workcenter"])
        for center in self.workcenters:
            if center.resource_calendar_id:
                by_calendar[center.resource_calendar_id] |= center
            else:
                result[center.id] = None
        bounds = [*self.starts, self.horizon_end]
        for calendar, centers in by_calendar.items():
            zone = timezone(calendar.tz or "UTC")
            edges = [
                zone.localize(datetime.combine(day, time.min)).astimezone(utc)
                for day in bounds
            ]
            intervals = calendar._work_intervals_batch(
                edges[0], edges[-1], resources=centers.resource_id, tz=zone
            )
            for center in centers:
                hours = [0.0] * len(self.starts)
                for start, stop, _meta in intervals[center.resource_id.id]:
                    start, stop = start.astimezone(utc), stop.astimezone(utc)
                    index = max(bisect_right(edges, start) - 1, 0)
                    while start < stop and index < len(hours):
                        piece_end = min(stop, edges[index + 1])
                        hours[index] += (piece_end - start).total_seconds() / 3600
                        start = piece_end
                        index += 1
                efficiency = (center.time_efficiency or 100.0) / 100.0
                result[center.id] = [value * efficiency for value in hours]
        return result

    # ---- the whole grid ------------------------------------------------------

    def compute(self):
        """``(cells, profiles, production)``: cells maps (work centre id, period
        index) to ``[required, available or None]``."""
        profiles = self.profiles()
        production = self.production()
        available = self.available()
        # per product, its production row by period; then each work centre of
        # its profile adds setup x orders + hours per unit x quantity
        count = len(self.starts)
        rows = defaultdict(lambda: ([0] * count, [0.0] * count))
        for (product_id, period), (orders, quantity) in production.items():
            row = rows[product_id]
            row[0][period] += orders
            row[1][period] += quantity
        required = defaultdict(lambda: [0.0] * count)
        for product_id, (orders, quantities) in rows.items():
            for center_id, (setup, rate) in profiles.get(product_id, {}).items():
                total = required[center_id]
                for period in range(count):
                    if orders[period]:
                        total[period] += (
                            orders[period] * setup + quantities[period] * rate
                        )
        cells = {}
        for center in self.workcenters:
            hours = available[center.id]
            for period in range(len(self.starts)):
                cells[center.id, period] = [
                    required[center.id][period] if center.id in required else 0.0,
                    None if hours is None else hours[period],
                ]
        return cells, profiles, production

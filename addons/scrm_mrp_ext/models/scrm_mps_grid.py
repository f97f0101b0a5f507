"""The planner's grid of a master production schedule: products down, periods
across, read and edited through two public methods that check access as the
user (the same record rules as the list of cells)."""

import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .scrm_mps_capacity import RoughCut

INT4_MAX = 2**31 - 1
# Schedules offered in the grid's selector.
SCHEDULE_LIMIT = 200
# A forecast above this is a typing slip, not a plan.
FORECAST_MAX = 1e12
# The rows of a product, in the order a planner reads them.
GRID_ROWS = ("forecast", "actual", "pipeline", "planned", "projected", "atp")


def _positive_id(value):
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= INT4_MAX else None


class ScrmMps(models.Model):
    _inherit = "scrm.mps"  # pylint: disable=consider-merging-classes-inherited

    # ---- hooks ---------------------------------------------------------------

    def _scrm_grid_pipeline(self, lines):
        """Demand expected from open opportunities: {(product id, period start):
        quantity}. Sales adds it; read defensively, a schedule without it shows
        no pipeline row."""
        self.ensure_one()
        if "scrm_pipeline_qty" not in lines._fields:
            return {}
        return {
            (line.product_id.id, line.period_start): line.scrm_pipeline_qty or 0.0
            for line in lines
        }

    def _scrm_safety_stock(self, products):
        """{product id: safety stock} in the schedule's warehouse (its planning
        parameter when there is one, else the product's)."""
        self.ensure_one()
        safety = {
            product.id: product.product_tmpl_id.scrm_safety_stock
            for product in products
        }
        Parameter = self.env["scrm.mrp.warehouse.parameter"]
        if "scrm_safety_stock" in Parameter._fields and Parameter.has_access("read"):
            by_template = {product.product_tmpl_id.id: product for product in products}
            for parameter in Parameter.search(
                [
                    ("warehouse_id", "=", self.warehouse_id.id),
                    ("product_tmpl_id", "in", list(by_template)),
                ]
            ):
                if parameter.scrm_safety_stock:
                    product = by_template[parameter.product_tmpl_id.id]
                    safety[product.id] = parameter.scrm_safety_stock
        return safety

    def _scrm_overloaded_centres(self):
        """{(product id, period start): [(work centre name, load %)]}: the
        overloaded work centres of the last capacity check that each product
        loads, for the tooltip of the cells that cause them."""
        self.ensure_one()
        overloaded = defaultdict(list)
        for cell in self.capacity_ids.filtered("overloaded"):
            overloaded[cell.period_start].append(cell)
        if not overloaded:
            return {}
        profiles = RoughCut(self).profiles()
        causes = {}
        for product in self.product_ids:
            centres = profiles.get(product.id, {})
            for start, cells in overloaded.items():
                names = [
                    (cell.workcenter_id.display_name, cell.load_percent)
                    for cell in cells
                    if cell.workcenter_id.id in centres
                ]
                if names:
                    causes[product.id, start] = names
        return causes

    def _scrm_grid_capacity(self, starts):
        """Required and available hours per work centre and period, from the
        last capacity check: [{name, required: [...], available: [...]}]."""
        self.ensure_one()
        index = {start: position for position, start in enumerate(starts)}
        centres = {}
        for cell in self.capacity_ids:
            if cell.period_start not in index:
                continue
            centre = centres.setdefault(
                cell.workcenter_id.id,
                {
                    "id": cell.workcenter_id.id,
                    "name": cell.workcenter_id.display_name,
                    "required": [0.0] * len(starts),
                    "available": [0.0] * len(starts),
                },
            )
            centre["required"][index[cell.period_start]] = cell.required_hours
            centre["available"][index[cell.period_start]] = cell.available_hours
        # The most overloaded work centre first: the chart opens on it.
        return sorted(
            centres.values(),
            key=lambda centre: (
                -sum(
                    max(required - available, 0.0)
                    for required, available in zip(
                        centre["required"], centre["available"], strict=True
                    )
                ),
                centre["name"],
            ),
        )

    # ---- the grid ------------------------------------------------------------

    @api.model
    def scrm_grid_data(self, mps_id=None):
        """Everything the grid shows, in one call: the schedules the user may
        read, and the chosen one's periods, rows per product, totals."""
        schedules = self.search([], limit=SCHEDULE_LIMIT)
        if mps_id is not None and not _positive_id(mps_id):
            raise ValidationError(self.env._("Choose a master production schedule."))
        mps = self.browse(mps_id) if mps_id else schedules[:1]
        if not mps:
            return {"schedules": [], "mps": False}
        mps.check_access("read")
        return mps._scrm_grid_values(schedules)

    def _scrm_grid_values(self, schedules):
        self.ensure_one()
        Line = self.env["scrm.mps.line"]
        today = fields.Date.context_today(self)
        starts = self._period_starts()
        products = self.product_ids
        existing = Line.search(
            [
                ("mps_id", "=", self.id),
                ("product_id", "in", products.ids),
                ("period_start", "in", starts),
            ]
        )
        cells = {(line.product_id.id, line.period_start): line for line in existing}
        missing = Line.browse()
        for product in products:
            for start in starts:
                if (product.id, start) not in cells:
                    cell = Line.new(
                        {
                            "mps_id": self.id,
                            "product_id": product.id,
                            "period_start": start,
                        }
                    )
                    cells[product.id, start] = cell
                    missing |= cell
        figures = {}
        for batch in (existing, missing):
            for line in batch:
                figures[line.product_id.id, line.period_start] = {
                    "forecast": line.forecast_qty,
                    "actual": line.actual_qty,
                    "planned": line.planned_qty,
                    "projected": line.projected_qty,
                    "atp": line.atp_qty,
                    "overload": bool(line.capacity_overload),
                }
        pipeline = self._scrm_grid_pipeline(existing)
        safety = self._scrm_safety_stock(products)
        causes = self._scrm_overloaded_centres()
        rows = []
        totals = {name: [0.0] * len(starts) for name in GRID_ROWS}
        for product in products:
            row = {name: [] for name in GRID_ROWS}
            overloads = []
            for index, start in enumerate(starts):
                cell = figures[product.id, start]
                cell["pipeline"] = pipeline.get((product.id, start), 0.0)
                for name in GRID_ROWS:
                    row[name].append(cell[name])
                    totals[name][index] += cell[name]
                centres = causes.get((product.id, start), [])
                overloads.append(
                    self.env._(
                        "Overloaded: %(centres)s",
                        centres=", ".join(
                            f"{name} ({load:g} %)" for name, load in centres
                        ),
                    )
                    if cell["overload"]
                    else False
                )
            rows.append(
                {
                    "id": product.id,
                    "name": product.display_name,
                    "uom": product.uom_id.name,
                    "rounding": product.uom_id.rounding,
                    "safety_stock": safety[product.id],
                    "rows": row,
                    "overloads": overloads,
                }
            )
        last_run = self.env["scrm.mrp.run"].search(
            [("mps_id", "=", self.id), ("mode", "=", "full"), ("state", "=", "done")],
            limit=1,
        )
        return {
            "capacity": self._scrm_grid_capacity(starts),
            "schedules": [{"id": s.id, "name": s.display_name} for s in schedules],
            "mps": {
                "id": self.id,
                "name": self.display_name,
                "warehouse": self.warehouse_id.display_name,
                "period_type": self.period_type,
                "can_edit": Line.has_access("write") and Line.has_access("create"),
                "can_run": self.env["scrm.mrp.run"].has_access("create"),
                "overload_count": self.overload_count,
                "last_run": last_run.date_end
                and fields.Datetime.to_string(last_run.date_end),
            },
            "periods": [
                {
                    "start": fields.Date.to_string(start),
                    "open": self._period_end_of(start) > today,
                }
                for start in starts
            ],
            "products": rows,
            "totals": totals,
            "show_pipeline": any(any(r["rows"]["pipeline"]) for r in rows),
        }

    @api.model
    def scrm_grid_set_forecast(self, mps_id, product_id, period_start, quantity):
        """Write one forecast cell (created when the grid has none yet), as the
        user, and answer the grid again."""
        mps_id, product_id = _positive_id(mps_id), _positive_id(product_id)
        start = None
        if isinstance(period_start, str) and len(period_start) == 10:
            try:
                start = fields.Date.to_date(period_start)
            except ValueError:
                start = None
        if not (mps_id and product_id and start):
            raise ValidationError(self.env._("This cell is not in the schedule."))
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, (int, float))
            or not math.isfinite(quantity)
            or not 0 <= quantity < FORECAST_MAX
        ):
            raise ValidationError(
                self.env._("A forecast is a quantity of zero or more.")
            )
        mps = self.browse(mps_id)
        mps.check_access("read")
        product = mps.product_ids.filtered(lambda p: p.id == product_id)
        if not product or start not in mps._period_starts():
            raise ValidationError(self.env._("This cell is not in the schedule."))
        if mps._period_end_of(start) <= fields.Date.context_today(self):
            raise UserError(self.env._("This period is over: its forecast is kept."))
        Line = self.env["scrm.mps.line"]
        line = Line.search(
            [
                ("mps_id", "=", mps.id),
                ("product_id", "=", product.id),
                ("period_start", "=", start),
            ]
        )
        if line:
            line.forecast_qty = quantity
        else:
            Line.create(
                {
                    "mps_id": mps.id,
                    "product_id": product.id,
                    "period_start": start,
                    "forecast_qty": quantity,
                }
            )
        return mps._scrm_grid_values(self.search([], limit=SCHEDULE_LIMIT))

    def action_open_grid(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "scrm_mrp_ext.mps_grid",
            "name": self.display_name,
            "params": {"mps_id": self.id},
        }

"""Reads everything an MRP run needs in a fixed number of set-based queries and
turns it into the engine's plain data (no ORM inside the engine)."""

import math
from collections import defaultdict

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine import BomLine, Demand, Item, PlanInput, Supply
from .product_template import LOT_FIELDS

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
OPEN_MO_STATES = ("confirmed", "progress", "to_close")


def walk_bom_ids(env, product_ids, company_id):
    """``product_ids`` and every product their BoMs reach, and the BoM of
    each that has one: ``({product id}, {product id: BoM id})``. The variant's
    own BoM comes first, else its template's, by sequence; normal or phantom,
    active, of the company or shared. Two queries per BoM level, not per
    product."""
    cr = env.cr
    env.flush_all()
    bom_of = {}
    seen = set(product_ids)
    frontier = list(seen)
    while frontier:
        cr.execute(
            SQL(
                """SELECT DISTINCT ON (pp.id) pp.id, bom.id
                     FROM product_product pp
                     JOIN mrp_bom bom
                       ON bom.product_id = pp.id
                       OR (bom.product_id IS NULL
                           AND bom.product_tmpl_id = pp.product_tmpl_id)
                    WHERE pp.id = ANY(%s) AND bom.active
                      AND bom.type IN ('normal', 'phantom')
                      AND (bom.company_id IS NULL OR bom.company_id = %s)
                    ORDER BY pp.id, bom.product_id IS NULL, bom.sequence, bom.id""",
                frontier,
                company_id,
            )
        )
        found = dict(cr.fetchall())
        bom_of.update(found)
        if not found:
            break
        cr.execute(
            SQL(
                "SELECT DISTINCT product_id FROM mrp_bom_line WHERE bom_id = ANY(%s)",
                list(set(found.values())),
            )
        )
        frontier = [row[0] for row in cr.fetchall() if row[0] not in seen]
        seen.update(frontier)
    return seen, bom_of


def convert_quantity(env, quantity, from_uom_id, to_uom_id):
    """``quantity`` in ``from_uom_id`` expressed in ``to_uom_id`` (unrounded);
    the units are most often the same, which costs nothing."""
    if from_uom_id == to_uom_id or not quantity:
        return quantity
    Uom = env["uom.uom"]
    return Uom.browse(from_uom_id)._compute_quantity(
        quantity, Uom.browse(to_uom_id), round=False
    )


def product_names(products):
    """{product id: display name}: "[code] name" as Odoo shows it, computed by
    Odoo only for the variants with attributes (it costs a few queries per
    product there)."""
    products.fetch(["name", "default_code", "product_template_attribute_value_ids"])
    names = {}
    for product in products:
        if product.product_template_attribute_value_ids:
            names[product.id] = product.display_name
        elif product.default_code:
            names[product.id] = f"[{product.default_code}] {product.name}"
        else:
            names[product.id] = product.name
    return names


class MrpLoader:
    def __init__(self, env, company, mps, include_rfq=False):
        self.env = env
        self.company = company
        self.mps = mps
        self.warehouse = mps.warehouse_id
        self.include_rfq = include_rfq
        self.demand_count = self.supply_count = self.period_count = 0

    def load(self):
        periods = self.mps._period_starts()
        horizon_end = self.mps._horizon_end()
        self.period_count = len(periods)
        products, items = self.load_items()
        on_hand = self._on_hand(products)
        demands = self._demands(products, periods[0], horizon_end)
        supplies = self._supplies(products, horizon_end)
        self.demand_count, self.supply_count = len(demands), len(supplies)
        return PlanInput(
            today=fields.Date.context_today(self.mps),
            periods=periods,
            horizon_end=horizon_end,
            items=items,
            on_hand=on_hand,
            demands=demands,
            supplies=supplies,
        )

    def load_items(self):
        """The products of the schedule and all their BoMs reach, as engine items:
        ``(products, {product id: Item})``.

        Products, templates, BoMs and lines are read as plain rows (a few
        queries in all): a run reads tens of thousands of each."""
        env = self.env
        company_domain = [("company_id", "in", (False, self.company.id))]

        # 1. Products: those of the schedule and everything their BoMs reach.
        product_ids, bom_of = walk_bom_ids(
            env, self.mps.product_ids.ids, self.company.id
        )
        products = env["product.product"].with_context(active_test=False)
        products = products.browse(sorted(product_ids))
        template_of = dict(
            self._rows(
                "product.product",
                [("id", "in", products.ids)],
                ["product_tmpl_id"],
                active_test=False,
            )
        )
        if len(template_of) < len(product_ids):
            # Record rules hid some (another company's component in a shared
            # BoM): the ORM version refused to read them, so does this one.
            raise AccessError(
                env._(
                    "The bills of materials of this schedule use %(count)s products "
                    "you are not allowed to read (of another company, for example). "
                    "Ask a planner of that company, or make the products shared.",
                    count=len(product_ids) - len(template_of),
                )
            )
        variants_of = defaultdict(list)
        for product_id, template_id in template_of.items():
            variants_of[template_id].append(product_id)
        template_ids = list(variants_of)

        # 2. Main vendors (the first by sequence, quantity, price) and lead times.
        main_seller = {}
        for _id, template_id, variant_id, partner_id, delay in self._rows(
            "product.supplierinfo",
            [("product_tmpl_id", "in", template_ids), *company_domain],
            ["product_tmpl_id", "product_id", "partner_id", "delay"],
            order="sequence, min_qty desc, price",
        ):
            for product_id in [variant_id] if variant_id else variants_of[template_id]:
                main_seller.setdefault(product_id, (partner_id, delay))

        # 3. Products planned by their reordering rules stay out (auto mode).
        with_orderpoint = {
            product.id
            for [product] in env["stock.warehouse.orderpoint"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("trigger", "=", "auto"),
                    *company_domain,
                ],
                ["product_id"],
            )
        }

        # 4. Planning parameters, and those of this warehouse where they differ.
        templates = {
            row[0]: row[1:]
            for row in self._rows(
                "product.template",
                [("id", "in", template_ids)],
                ["uom_id", "scrm_supply_method", "scrm_mrp_mode", *LOT_FIELDS],
                active_test=False,
            )
        }
        uom_of = {
            product_id: templates[template_id][0]
            for product_id, template_id in template_of.items()
        }
        overrides = {
            row[1]: row[2:]
            for row in self._rows(
                "scrm.mrp.warehouse.parameter",
                [
                    ("warehouse_id", "=", self.warehouse.id),
                    ("product_tmpl_id", "in", template_ids),
                ],
                ["product_tmpl_id", *LOT_FIELDS],
            )
        }

        # 5. BoMs and their lines.
        bom_ids = list(set(bom_of.values()))
        boms = {
            row[0]: row[1:]
            for row in self._rows(
                "mrp.bom",
                [("id", "in", bom_ids)],
                ["type", "product_qty", "product_uom_id", "produce_delay"],
                active_test=False,
            )
        }
        lines_of = defaultdict(list)
        for row in self._rows(
            "mrp.bom.line",
            [("bom_id", "in", bom_ids)],
            ["bom_id", "product_id", "product_qty", "product_uom_id"],
        ):
            lines_of[row[1]].append(row)
        # Lines limited to some variants (rare): Odoo says which apply.
        limited_lines = set(
            env["mrp.bom.line"]
            .search(
                [
                    ("bom_id", "in", bom_ids),
                    ("bom_product_template_attribute_value_ids", "!=", False),
                ]
            )
            .ids
        )

        purchase_lead = self.company.po_lead or 0.0
        names = product_names(products)
        items = {}
        for product_id in products.ids:
            _uom, method, mode, *template_lot = templates[template_of[product_id]]
            lot = overrides.get(template_of[product_id], template_lot)
            bom_id = bom_of.get(product_id)
            bom_type, bom_qty, bom_uom, produce_delay = boms.get(bom_id, (None,) * 4)
            if method == "auto":
                method = "make" if bom_type == "normal" else "buy"
            vendor_id, delay = main_seller.get(product_id, (None, 0))
            if method == "buy":
                lead = (delay or 0) + math.ceil(purchase_lead)
            else:
                lead = produce_delay or 0
            planned = mode == "mrp" or (
                mode == "auto" and product_id not in with_orderpoint
            )
            lines = []
            if bom_id and (method == "make" or bom_type == "phantom"):
                unit = uom_of[product_id]
                per_unit = convert_quantity(env, bom_qty, bom_uom, unit) or 1.0
                for line_id, _bom, component_id, qty, line_uom in lines_of[bom_id]:
                    if line_id in limited_lines and env["mrp.bom.line"].browse(
                        line_id
                    )._skip_bom_line(products.browse(product_id)):
                        continue
                    qty = convert_quantity(env, qty, line_uom, uom_of[component_id])
                    lines.append(BomLine(component_id, qty / per_unit))
            policy, fixed, min_qty, max_qty, multiple, periods, safety = lot
            items[product_id] = Item(
                id=product_id,
                name=names[product_id],
                supply_method=method,
                lead_time_days=int(lead),
                safety_stock=safety or 0.0,
                lot_policy=policy,
                fixed_qty=fixed or 0.0,
                min_qty=min_qty or 0.0,
                max_qty=max_qty or 0.0,
                multiple=multiple or 0.0,
                poq_periods=periods or 0,
                vendor_id=vendor_id,
                bom_id=bom_id if method == "make" else None,
                bom_lines=lines,
                phantom=bom_type == "phantom",
                planned=planned,
            )
        return products, items

    def _on_hand(self, products):
        quants = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id.usage", "=", "internal"),
                ("location_id.warehouse_id", "=", self.warehouse.id),
            ],
            ["product_id"],
            ["quantity:sum"],
        )
        return {product.id: max(quantity, 0.0) for product, quantity in quants}

    def _rows(self, model_name, domain, fnames, order=None, active_test=True):
        """``(id, *fnames)`` of the records that ``domain`` finds, in the
        model's order, as plain values (record rules apply as in a search):
        tens of thousands of rows per run, for which building records would
        cost more than reading them."""
        Model = self.env[model_name].with_context(active_test=active_test)
        query = Model._search(domain, order=order or Model._order)
        return self.env.execute_query(
            query.select(
                *(Model._field_to_sql(Model._table, f, query) for f in ("id", *fnames))
            )
        )

    def _demands(self, products, first_period, horizon_end):
        product_ids = products.ids
        demands = [
            Demand(
                product_id, period_start, quantity, "forecast", f"scrm.mps.line,{id_}"
            )
            for id_, product_id, period_start, quantity in self._rows(
                "scrm.mps.line",
                [
                    ("mps_id", "=", self.mps.id),
                    ("forecast_qty", ">", 0),
                    ("product_id", "in", product_ids),
                ],
                ["product_id", "period_start", "forecast_qty"],
            )
        ]
        # Sale order lines peg the demand when sale_stock is installed (it is not
        # a dependency: deliveries alone are enough to plan).
        with_sale_lines = "sale_line_id" in self.env["stock.move"]._fields
        moves = self._rows(
            "stock.move",
            [
                ("product_id", "in", product_ids),
                ("state", "in", OPEN_MOVE_STATES),
                ("date", "<", horizon_end),
                ("location_id.warehouse_id", "=", self.warehouse.id),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                ("raw_material_production_id", "!=", False),
            ],
            [
                "product_id",
                "date",
                "product_qty",
                "raw_material_production_id",
                "sale_line_id" if with_sale_lines else "raw_material_production_id",
            ],
        )
        # An open move's whole quantity is still to come or go: its `quantity`
        # (reserved or picked) has not left nor entered the stock yet.
        for id_, product_id, date, remaining, production_id, sale_line_id in moves:
            if remaining <= 0:
                continue
            if production_id:
                kind, ref = "component", f"mrp.production,{production_id}"
            elif with_sale_lines and sale_line_id:
                kind, ref = "sale", f"sale.order.line,{sale_line_id}"
            else:
                kind, ref = "sale", f"stock.move,{id_}"
            demands.append(Demand(product_id, date.date(), remaining, kind, ref))
        return demands

    def _supplies(self, products, horizon_end):
        env = self.env
        supplies = []
        moves = self._rows(
            "stock.move",
            [
                ("product_id", "in", products.ids),
                ("state", "in", OPEN_MOVE_STATES),
                ("location_dest_id.warehouse_id", "=", self.warehouse.id),
                "|",
                ("purchase_line_id", "!=", False),
                ("production_id", "!=", False),
            ],
            ["product_id", "date", "product_qty", "purchase_line_id", "production_id"],
        )
        for _id, product_id, date, remaining, purchase_line_id, production_id in moves:
            if remaining <= 0:
                continue
            if purchase_line_id:
                kind, ref = "purchase", f"purchase.order.line,{purchase_line_id}"
            else:
                kind, ref = "production", f"mrp.production,{production_id}"
            supplies.append(Supply(product_id, date.date(), remaining, kind, ref))
        if self.include_rfq:
            rfq_lines = env["purchase.order.line"].search_fetch(
                [
                    ("product_id", "in", products.ids),
                    ("order_id.state", "in", ("draft", "sent")),
                    ("company_id", "=", self.company.id),
                ],
                ["product_id", "product_qty", "product_uom", "date_planned"],
            )
            for line in rfq_lines:
                qty = line.product_uom._compute_quantity(
                    line.product_qty, line.product_id.uom_id, round=False
                )
                supplies.append(
                    Supply(
                        line.product_id.id,
                        line.date_planned.date(),
                        qty,
                        "rfq",
                        f"purchase.order.line,{line.id}",
                    )
                )
        firm = self._rows(
            "scrm.mrp.planned.order",
            [
                ("company_id", "=", self.company.id),
                ("firm", "=", True),
                ("state", "=", "planned"),
                ("product_id", "in", products.ids),
            ],
            ["product_id", "due_date", "quantity"],
        )
        supplies += (
            Supply(product_id, due, quantity, "firm", f"scrm.mrp.planned.order,{id_}")
            for id_, product_id, due, quantity in firm
        )
        return supplies

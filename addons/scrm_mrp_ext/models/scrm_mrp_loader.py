"""Reads everything an MRP run needs in a fixed number of set-based queries and
turns it into the engine's plain data (no ORM inside the engine)."""

import math
from collections import defaultdict

from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.scrm_base.tools.tz import local_day, utc_start

from ..engine import BomLine, Demand, Item, PlanInput, Seller, Supply
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
        # Every date that lands in a period is a date of the schedule's zone.
        self.zone = mps._zone()
        self.today = mps._today()

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
            today=self.today,
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

        # 2. Products planned by a reordering rule of this warehouse stay out (auto).
        with_orderpoint = {
            product.id
            for [product] in env["stock.warehouse.orderpoint"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("trigger", "=", "auto"),
                    ("warehouse_id", "=", self.warehouse.id),
                ],
                ["product_id"],
            )
        }

        # 3. Planning parameters, and those of this warehouse where they differ.
        templates = {
            row[0]: row[1:]
            for row in self._rows(
                "product.template",
                [("id", "in", template_ids)],
                [
                    "uom_id",
                    "scrm_supply_method",
                    "scrm_mrp_mode",
                    *LOT_FIELDS,
                    "scrm_yield_percent",
                ],
                active_test=False,
            )
        }
        uom_of = {
            product_id: templates[template_id][0]
            for product_id, template_id in template_of.items()
        }
        # Vendor lines, as Odoo's ``_select_seller`` sees them (see
        # ``_sellers``); the first is the fallback when none qualifies.
        purchase_lead = math.ceil(self.company.po_lead or 0.0)
        sellers_of, main_seller = self._sellers(
            {template_id: row[0] for template_id, row in templates.items()},
            variants_of,
            purchase_lead,
        )
        rounding_of = dict(
            self._rows(
                "uom.uom",
                [("id", "in", list(set(uom_of.values())))],
                ["rounding"],
                active_test=False,
            )
        )
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

        # 4. BoMs and their lines.
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
            [
                "bom_id",
                "product_id",
                "product_qty",
                "product_uom_id",
                "scrm_scrap_percent",
            ],
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

        names = product_names(products)
        items = {}
        for product_id in products.ids:
            _uom, method, mode, *template_lot, yield_percent = templates[
                template_of[product_id]
            ]
            lot = overrides.get(template_of[product_id], template_lot)
            bom_id = bom_of.get(product_id)
            bom_type, bom_qty, bom_uom, produce_delay = boms.get(bom_id, (None,) * 4)
            if method == "auto":
                method = "make" if bom_type == "normal" else "buy"
            vendor_id, lead = main_seller.get(product_id, (None, purchase_lead))
            if method != "buy":
                lead = produce_delay or 0
            planned = mode == "mrp" or (
                mode == "auto" and product_id not in with_orderpoint
            )
            lines = []
            if bom_id and (method == "make" or bom_type == "phantom"):
                unit = uom_of[product_id]
                per_unit = convert_quantity(env, bom_qty, bom_uom, unit) or 1.0
                for line_id, _bom, component_id, qty, line_uom, scrap in lines_of[
                    bom_id
                ]:
                    if line_id in limited_lines and env["mrp.bom.line"].browse(
                        line_id
                    )._skip_bom_line(products.browse(product_id)):
                        continue
                    qty = convert_quantity(env, qty, line_uom, uom_of[component_id])
                    lines.append(BomLine(component_id, qty / per_unit, scrap or 0.0))
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
                rounding=rounding_of[uom_of[product_id]],
                sellers=sellers_of[product_id] if method == "buy" else [],
                yield_percent=yield_percent or 100.0,
            )
        return products, items

    def _sellers(self, template_uom, variants_of, purchase_lead):
        """The vendor lines of each product that Odoo's ``_select_seller`` may
        pick for a purchase, in bulk: of the schedule's company or shared, of an
        active vendor, for the product's template or the variant itself; in
        Odoo's order (sequence, minimum quantity descending, price), each with
        its rank among one vendor's lines (discounted price in the company's
        currency, sequence). Dates and minimum quantity are left to the engine,
        which knows each order's date and quantity. Also the first line of each
        product, Odoo's fallback when none qualifies:
        ``({product id: [Seller]}, {product id: (vendor id, lead time)})``."""
        company = self.company
        rows = self._rows(
            "product.supplierinfo",
            [
                ("product_tmpl_id", "in", list(template_uom)),
                ("company_id", "in", (False, company.id)),
                ("partner_id.active", "=", True),
            ],
            [
                "product_tmpl_id",
                "product_id",
                "partner_id",
                "delay",
                "min_qty",
                "product_uom",
                "date_start",
                "date_end",
                "price",
                "discount",
                "currency_id",
                "sequence",
            ],
            order="sequence, min_qty desc, price, id",
        )
        rates = {}
        for currency_id in {row[11] for row in rows} - {company.currency_id.id}:
            rates[currency_id] = (
                self.env["res.currency"]
                .browse(currency_id)
                ._convert(1.0, company.currency_id, company, self.today, round=False)
            )
        rank = {
            row[0]: position
            for position, row in enumerate(
                sorted(
                    rows,
                    key=lambda row: (
                        (row[9] or 0.0)
                        * (1 - (row[10] or 0.0) / 100)
                        * rates.get(row[11], 1.0),
                        row[12],
                        row[0],
                    ),
                )
            )
        }
        sellers_of, main_seller = defaultdict(list), {}
        for (
            id_,
            template_id,
            variant_id,
            partner_id,
            delay,
            min_qty,
            uom_id,
            date_start,
            date_end,
            *_price,
        ) in rows:
            seller = Seller(
                vendor_id=partner_id,
                lead_time_days=int((delay or 0) + purchase_lead),
                min_qty=convert_quantity(
                    self.env, min_qty or 0.0, uom_id, template_uom[template_id]
                ),
                date_start=date_start or None,
                date_end=date_end or None,
                rank=rank[id_],
            )
            for product_id in [variant_id] if variant_id else variants_of[template_id]:
                sellers_of[product_id].append(seller)
                main_seller.setdefault(product_id, (partner_id, seller.lead_time_days))
        return sellers_of, main_seller

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
        """Forecasts of the current and later periods (past periods' forecasts
        are over: only late actual demand carries forward), open deliveries and
        components of manufacturing orders before the horizon, each dated in the
        schedule's time zone."""
        product_ids = products.ids
        zone = self.zone
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
                    ("period_start", ">=", first_period),
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
                ("date", "<", utc_start(horizon_end, zone)),
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
            demands.append(
                Demand(product_id, local_day(date, zone), remaining, kind, ref)
            )
        demands.extend(
            Demand(*extra)
            for extra in self.mps._mrp_extra_demands(
                products, first_period, horizon_end
            )
        )
        return demands

    def _supplies(self, products, horizon_end):
        """Open receipts of the schedule's warehouse (purchases, manufacturing
        orders, draft RFQs delivered to it when asked, firm planned orders),
        dated in the schedule's time zone."""
        env = self.env
        zone = self.zone
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
            supplies.append(
                Supply(product_id, local_day(date, zone), remaining, kind, ref)
            )
        if self.include_rfq:
            rfq_lines = env["purchase.order.line"].search_fetch(
                [
                    ("product_id", "in", products.ids),
                    ("order_id.state", "in", ("draft", "sent")),
                    ("company_id", "=", self.company.id),
                    (
                        "order_id.picking_type_id.default_location_dest_id"
                        ".warehouse_id",
                        "=",
                        self.warehouse.id,
                    ),
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
                        local_day(line.date_planned, zone),
                        qty,
                        "rfq",
                        f"purchase.order.line,{line.id}",
                    )
                )
        firm = self._rows(
            "scrm.mrp.planned.order",
            [
                ("company_id", "=", self.company.id),
                # firm orders of this schedule's plan (another warehouse's
                # schedule has its own)
                ("mps_id", "in", [self.mps.id, False]),
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

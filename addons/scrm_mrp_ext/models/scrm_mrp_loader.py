"""Reads everything an MRP run needs in a fixed number of set-based queries and
turns it into the engine's plain data (no ORM inside the engine)."""

import math
from collections import defaultdict

from odoo import fields

from ..engine import BomLine, Demand, Item, PlanInput, Supply

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
OPEN_MO_STATES = ("confirmed", "progress", "to_close")


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
        ``(products, {product id: Item})``."""
        env = self.env
        company_domain = [("company_id", "in", (False, self.company.id))]

        # 1. Products: those of the schedule and everything their BoMs reach.
        products, boms_by_product = self.walk_boms()

        # 2. Main vendors and lead times.
        sellers = env["product.supplierinfo"].search_fetch(
            [
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                *company_domain,
            ],
            ["product_tmpl_id", "product_id", "partner_id", "delay", "sequence"],
            order="sequence, min_qty desc, price",
        )
        main_seller = {}
        for seller in sellers:
            for product in (
                seller.product_id or seller.product_tmpl_id.product_variant_ids
            ):
                main_seller.setdefault(product.id, seller)

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

        # 4. Safety stock and lot sizing of this warehouse, where they differ.
        overrides = {
            parameter.product_tmpl_id.id: parameter
            for parameter in env["scrm.mrp.warehouse.parameter"].search(
                [
                    ("warehouse_id", "=", self.warehouse.id),
                    ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ]
            )
        }

        purchase_lead = self.company.po_lead or 0.0
        items = {}
        for product in products:
            template = product.product_tmpl_id
            bom = boms_by_product.get(product.id)
            method = template.scrm_supply_method
            if method == "auto":
                method = "make" if bom and bom.type == "normal" else "buy"
            seller = main_seller.get(product.id)
            if method == "buy":
                lead = (seller.delay if seller else 0) + math.ceil(purchase_lead)
            else:
                lead = bom.produce_delay if bom else 0
            lot = overrides.get(template.id, template)
            mode = template.scrm_mrp_mode
            planned = mode == "mrp" or (
                mode == "auto" and product.id not in with_orderpoint
            )
            lines = []
            if bom and (method == "make" or bom.type == "phantom"):
                per_unit = (
                    bom.product_uom_id._compute_quantity(
                        bom.product_qty, product.uom_id, round=False
                    )
                    or 1.0
                )
                for line in bom.bom_line_ids:
                    if line._skip_bom_line(product):
                        continue
                    qty = line.product_uom_id._compute_quantity(
                        line.product_qty, line.product_id.uom_id, round=False
                    )
                    lines.append(BomLine(line.product_id.id, qty / per_unit))
            items[product.id] = Item(
                id=product.id,
                name=product.display_name,
                supply_method=method,
                lead_time_days=int(lead),
                safety_stock=lot.scrm_safety_stock,
                lot_policy=lot.scrm_lot_policy,
                fixed_qty=lot.scrm_lot_fixed_qty,
                min_qty=lot.scrm_lot_min_qty,
                max_qty=lot.scrm_lot_max_qty,
                multiple=lot.scrm_lot_multiple,
                poq_periods=lot.scrm_lot_periods,
                vendor_id=seller.partner_id.id if seller else None,
                bom_id=bom.id if bom and method == "make" else None,
                bom_lines=lines,
                phantom=bool(bom and bom.type == "phantom"),
                planned=planned,
            )
        return products, items

    def walk_boms(self):
        """The schedule's products and everything their BoMs reach, and the BoM
        of each: ``(products, {product id: mrp.bom})``. One pair of queries per
        BoM level, not per product."""
        company_domain = [("company_id", "in", (False, self.company.id))]
        Product = self.env["product.product"].with_context(active_test=False)
        boms_by_product = {}
        products = self.mps.product_ids
        seen = set()
        frontier = products
        while frontier:
            seen.update(frontier.ids)
            boms = self._boms_of(frontier, company_domain)
            boms_by_product.update(boms)
            component_ids = {
                line.product_id.id for bom in boms.values() for line in bom.bom_line_ids
            } - seen
            frontier = Product.browse(component_ids)
            products |= frontier
        return products, boms_by_product

    def _boms_of(self, products, company_domain):
        """{product id: its BoM}: a variant's own BoM first, else its template's,
        by sequence. One query for the BoMs, one for their lines."""
        boms = self.env["mrp.bom"].search(
            [
                "|",
                ("product_id", "in", products.ids),
                "&",
                ("product_id", "=", False),
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("type", "in", ("normal", "phantom")),
                *company_domain,
            ],
            order="sequence, product_id, id",
        )
        boms.bom_line_ids.product_id.fetch(["uom_id", "product_tmpl_id"])
        variants_of = defaultdict(list)
        for product in products:
            variants_of[product.product_tmpl_id.id].append(product.id)
        result = {}
        for bom in boms:
            if bom.product_id:
                if (
                    bom.product_id.id not in result
                    or not result[bom.product_id.id].product_id
                ):
                    result[bom.product_id.id] = bom
                continue
            for product_id in variants_of[bom.product_tmpl_id.id]:
                result.setdefault(product_id, bom)
        return result

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

    def _demands(self, products, first_period, horizon_end):
        env = self.env
        demands = [
            Demand(
                line.product_id.id,
                line.period_start,
                line.forecast_qty,
                "forecast",
                f"scrm.mps.line,{line.id}",
            )
            for line in self.mps.line_ids
            if line.forecast_qty > 0 and line.product_id.id in products._ids
        ]
        # Sale order lines peg the demand when sale_stock is installed (it is not
        # a dependency: deliveries alone are enough to plan).
        with_sale_lines = "sale_line_id" in env["stock.move"]._fields
        moves = env["stock.move"].search_fetch(
            [
                ("product_id", "in", products.ids),
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
                *(["sale_line_id"] if with_sale_lines else []),
            ],
        )
        # An open move's whole quantity is still to come or go: its `quantity`
        # (reserved or picked) has not left nor entered the stock yet.
        for move in moves:
            remaining = move.product_qty
            if remaining <= 0:
                continue
            if move.raw_material_production_id:
                kind, ref = (
                    "component",
                    f"mrp.production,{move.raw_material_production_id.id}",
                )
            elif with_sale_lines and move.sale_line_id:
                kind, ref = "sale", f"sale.order.line,{move.sale_line_id.id}"
            else:
                kind, ref = "sale", f"stock.move,{move.id}"
            demands.append(
                Demand(move.product_id.id, move.date.date(), remaining, kind, ref)
            )
        return demands

    def _supplies(self, products, horizon_end):
        env = self.env
        supplies = []
        moves = env["stock.move"].search_fetch(
            [
                ("product_id", "in", products.ids),
                ("state", "in", OPEN_MOVE_STATES),
                ("location_dest_id.warehouse_id", "=", self.warehouse.id),
                "|",
                ("purchase_line_id", "!=", False),
                ("production_id", "!=", False),
            ],
            [
                "product_id",
                "date",
                "product_qty",
                "quantity",
                "product_uom",
                "purchase_line_id",
                "production_id",
            ],
        )
        for move in moves:
            remaining = move.product_qty
            if remaining <= 0:
                continue
            if move.purchase_line_id:
                kind, ref = (
                    "purchase",
                    f"purchase.order.line,{move.purchase_line_id.id}",
                )
            else:
                kind, ref = "production", f"mrp.production,{move.production_id.id}"
            supplies.append(
                Supply(move.product_id.id, move.date.date(), remaining, kind, ref)
            )
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
        firm = env["scrm.mrp.planned.order"].search_fetch(
            [
                ("company_id", "=", self.company.id),
                ("firm", "=", True),
                ("state", "=", "planned"),
                ("product_id", "in", products.ids),
            ],
            ["product_id", "due_date", "quantity"],
        )
        for order in firm:
            supplies.append(
                Supply(
                    order.product_id.id,
                    order.due_date,
                    order.quantity,
                    "firm",
                    f"scrm.mrp.planned.order,{order.id}",
                )
            )
        return supplies

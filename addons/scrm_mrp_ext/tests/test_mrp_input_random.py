"""Random instances built through the ORM as a planner builds them (seeded):
what the loader hands the engine must be what the records say, computed here
independently (standard library time zones, the test's own bookkeeping), and
the stored plan must be the engine's output on that input."""

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from odoo import Command
from odoo.tests import tagged

from ..engine import plan
from ..models.scrm_mrp_loader import MrpLoader
from .common import MrpScenarioCommon

ZONES = ("Pacific/Auckland", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+11")
INSTANCES = 24


def local(value, zone):
    """A naive UTC datetime's date in ``zone`` (not the loader's helper)."""
    return value.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpInputRandom(MrpScenarioCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["stock.warehouse"].create({"name": "South", "code": "STH"})
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf 3", "location_id": cls.warehouse.lot_stock_id.id}
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def test_random_instances(self):
        self.maxDiff = None
        seen = Counter()
        for seed in range(INSTANCES):
            with self.subTest(seed=seed):
                seen.update(self.check_instance(random.Random(seed), seed))
        # the instances did exercise what they check
        for what in ("demands", "supplies", "on hand", "buy orders", "make orders"):
            self.assertGreater(seen[what], INSTANCES // 2, what)

    # ---- building --------------------------------------------------------------

    def build(self, rng, seed):
        """Products over 2-4 BoM levels, vendors, stock, POs, deliveries and
        forecasts; returns the bookkeeping the expectations are computed from."""
        zone = rng.choice(ZONES)
        self.warehouse.partner_id.tz = zone
        self.planner.tz = rng.choice(ZONES)
        Partner = self.env["res.partner"]
        vendors = Partner.create([{"name": f"V{seed}-{i}"} for i in range(3)])
        archived = Partner.create({"name": f"Gone {seed}"})
        archived.action_archive()
        today = datetime.now(ZoneInfo(zone)).date()
        depth = rng.randint(2, 4)
        levels = []
        for level in range(depth):
            names = [f"P{seed}-{level}-{i}" for i in range(rng.randint(1, 3))]
            values = []
            for name in names:
                value = {"name": name, "is_storable": True}
                if level == depth - 1:
                    value["seller_ids"] = self.sellers(rng, vendors, archived, today)
                    value["scrm_lot_multiple"] = rng.choice((0, 0, 5))
                values.append(value)
            levels.append(self.env["product.product"].create(values))
        bom_lines = {}
        for level, products in enumerate(levels[:-1]):
            below = levels[level + 1 :]
            for product in products:
                per_dozen = rng.random() < 0.4
                lines = {}
                for _line in range(rng.randint(1, 3)):
                    component = rng.choice(rng.choice(below))
                    quantity = rng.choice((1, 2, 3, 0.5))
                    lines[component] = lines.get(component, 0) + quantity
                self.env["mrp.bom"].create(
                    {
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "product_qty": 1,
                        "product_uom_id": (
                            self.dozen if per_dozen else product.uom_id
                        ).id,
                        "produce_delay": rng.choice((0, 3, 7)),
                        "bom_line_ids": [
                            Command.create({"product_id": c.id, "product_qty": q})
                            for c, q in lines.items()
                        ],
                    }
                )
                divisor = 12 if per_dozen else 1
                bom_lines[product.id] = {
                    c.id: Fraction(q).limit_denominator() / divisor
                    for c, q in lines.items()
                }
        products = levels[0].browse([p.id for level in levels for p in level])
        self.mps.product_ids = levels[0]
        self.mps.action_prepare_lines()
        weeks = self.mps._period_starts()
        return zone, today, weeks, levels, products, bom_lines

    def sellers(self, rng, vendors, archived, today):
        lines = []
        for sequence in range(rng.randint(1, 3)):
            line = {
                "partner_id": rng.choice([*vendors.ids, archived.id]),
                "sequence": sequence,
                "delay": rng.choice((1, 5, 9, 14)),
                "price": rng.choice((5, 10)),
                "min_qty": rng.choice((0, 0, 30)),
            }
            dated = rng.random()
            if dated < 0.25:
                line["date_end"] = today - timedelta(days=rng.randint(1, 20))
            elif dated < 0.4:
                line["date_start"] = today + timedelta(days=rng.randint(7, 40))
            lines.append(Command.create(line))
        return lines

    def at(self, rng, weeks):
        """A datetime around the horizon, often close to a local midnight."""
        day = weeks[0] + timedelta(days=rng.randint(-10, 7 * len(weeks) + 3))
        return datetime.combine(day, datetime.min.time()) + timedelta(
            hours=rng.choice((0, 1, 10, 11, 12, 13, 22, 23))
        )

    # ---- the check -------------------------------------------------------------

    def check_instance(self, rng, seed):
        zone, _today, weeks, levels, products, bom_lines = self.build(rng, seed)
        horizon_end = weeks[-1] + timedelta(weeks=1)
        expected_demands, expected_supplies = Counter(), Counter()
        on_hand = defaultdict(float)

        # stock, in the warehouse, a shelf of it, or the other warehouse
        for product in products:
            if rng.random() < 0.5:
                place = rng.choice(
                    [self.warehouse.lot_stock_id, self.shelf, self.other.lot_stock_id]
                )
                quantity = rng.randint(1, 40)
                self.env["stock.quant"]._update_available_quantity(
                    product, place, quantity
                )
                if place != self.other.lot_stock_id:
                    on_hand[product.id] += quantity

        # purchases: confirmed, partly received, or draft RFQs, in either warehouse
        bought = levels[-1]
        include_rfq = rng.random() < 0.5
        for _order in range(rng.randint(1, 4)):
            product = rng.choice(bought)
            warehouse = rng.choice([self.warehouse, self.other])
            quantity = rng.randint(5, 50)
            when = self.at(rng, weeks)
            order = self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": quantity,
                                "date_planned": when,
                            }
                        )
                    ],
                }
            )
            here = warehouse == self.warehouse
            kind = rng.choice(("draft", "confirmed", "partial"))
            if kind == "draft":
                if here and include_rfq and local(when, zone) < horizon_end:
                    expected_supplies[product.id, local(when, zone), quantity] += 1
                continue
            order.button_confirm()
            received = 0
            if kind == "partial":
                received = rng.randint(1, quantity - 1)
                move = order.picking_ids.move_ids
                move.quantity = received
                move.picked = True
                order.picking_ids._action_done()
            if here:
                on_hand[product.id] += received
                open_move = order.order_line.move_ids.filtered(
                    lambda move: move.state not in ("done", "cancel")
                )
                date = local(open_move.date, zone)
                if date < horizon_end:
                    expected_supplies[product.id, date, quantity - received] += 1

        # confirmed manufacturing orders, in either warehouse
        for _production in range(rng.randint(0, 2)):
            product = rng.choice(products.filtered(lambda p: p.id in bom_lines))
            warehouse = rng.choice([self.warehouse, self.other])
            production = self.env["mrp.production"].create(
                {
                    "product_id": product.id,
                    "product_qty": rng.randint(1, 15),
                    "picking_type_id": warehouse.manu_type_id.id,
                    "date_start": self.at(rng, weeks),
                }
            )
            production.action_confirm()
            if warehouse != self.warehouse:
                continue
            for move in production.move_raw_ids:
                date = local(move.date, zone)
                if date < horizon_end:
                    key = move.product_id.id, date, round(move.product_qty, 6)
                    expected_demands[key] += 1
            for move in production.move_finished_ids:
                date = local(move.date, zone)
                if date < horizon_end:
                    key = move.product_id.id, date, round(move.product_qty, 6)
                    expected_supplies[key] += 1

        # deliveries of any level, in either warehouse
        for _delivery in range(rng.randint(2, 6)):
            product = rng.choice(products)
            warehouse = rng.choice([self.warehouse, self.warehouse, self.other])
            when = self.at(rng, weeks)
            quantity = rng.randint(1, 20)
            self.deliver_from(warehouse, product, quantity, when)
            if warehouse == self.warehouse and local(when, zone) < horizon_end:
                expected_demands[product.id, local(when, zone), quantity] += 1

        # forecasts of the schedule, past cells included
        for cell in self.mps.line_ids.filtered(
            lambda line: line.product_id in levels[0]
        ):
            if rng.random() < 0.5:
                cell.forecast_qty = rng.randint(1, 30)
        for product in levels[0]:
            self.env["scrm.mps.line"].create(
                {
                    "mps_id": self.mps.id,
                    "product_id": product.id,
                    "period_start": weeks[0] - timedelta(weeks=1),
                    "forecast_qty": 50,
                }
            )
        for cell in self.mps.line_ids:
            if cell.product_id in levels[0] and cell.forecast_qty:
                if weeks[0] <= cell.period_start < horizon_end:
                    key = cell.product_id.id, cell.period_start, cell.forecast_qty
                    expected_demands[key] += 1

        # Run MRP as the planner (in a zone of their own), then what the loader
        # reads and what the engine makes of it.
        run = (
            self.env["scrm.mrp.run"]
            .with_user(self.planner)
            ._launch(self.env.company, mps=self.mps, include_rfq=include_rfq)
        )
        self.assertEqual(run.state, "done", run.log)
        loaded = MrpLoader(
            self.env, self.env.company, self.mps, include_rfq=include_rfq
        ).load()

        # the products the schedule's BoMs reach (some of a level may not be)
        ours, frontier = set(), set(levels[0].ids)
        while frontier:
            ours |= frontier
            frontier = {c for p in frontier for c in bom_lines.get(p, ())} - ours
        self.assertEqual(set(loaded.items), ours)
        expected_demands = Counter(
            {k: v for k, v in expected_demands.items() if k[0] in ours}
        )
        expected_supplies = Counter(
            {k: v for k, v in expected_supplies.items() if k[0] in ours}
        )
        on_hand = {k: v for k, v in on_hand.items() if k in ours}
        self.assertEqual(loaded.periods, weeks)
        self.assertEqual(
            Counter(
                (d.item_id, d.date, round(d.quantity, 6))
                for d in loaded.demands
                if d.item_id in ours
            ),
            +expected_demands,
        )
        self.assertEqual(
            Counter(
                (s.item_id, s.date, round(s.quantity, 6))
                for s in loaded.supplies
                if s.item_id in ours and s.date < horizon_end
            ),
            +expected_supplies,
        )
        self.assertEqual(
            {k: v for k, v in loaded.on_hand.items() if k in ours and v},
            {k: v for k, v in on_hand.items() if v},
        )
        today = datetime.now(ZoneInfo(zone)).date()
        for product in products.filtered(lambda p: p.id in ours):
            item = loaded.items[product.id]
            self.assertEqual(item.rounding, product.uom_id.rounding)
            self.assertEqual(
                {line.component_id: round(line.quantity, 9) for line in item.bom_lines},
                {
                    c: round(float(q), 9)
                    for c, q in bom_lines.get(product.id, {}).items()
                },
            )
            self.assertEqual(
                item.supply_method, "make" if product.id in bom_lines else "buy"
            )

        # The stored plan is the engine's output on that input.
        result = plan(loaded)
        stored = {
            (r.product_id.id, r.period_start): tuple(
                round(value, 6)
                for value in (
                    r.gross_requirement,
                    r.scheduled_receipts,
                    r.projected_on_hand,
                    r.net_requirement,
                    r.planned_receipt,
                    r.planned_release,
                )
            )
            for r in self.env["scrm.mrp.record"].search([("run_id", "=", run.id)])
        }
        computed = {
            (r.item_id, r.period_start): tuple(
                round(value, 6)
                for value in (
                    r.gross,
                    r.scheduled_receipts,
                    r.projected_on_hand,
                    r.net_requirement,
                    r.planned_receipt,
                    r.planned_release,
                )
            )
            for r in result.records
        }
        self.assertEqual(stored, computed)
        orders = self.env["scrm.mrp.planned.order"].search([("run_id", "=", run.id)])
        self.assertEqual(
            Counter(
                (
                    o.product_id.id,
                    round(o.quantity, 6),
                    o.due_date,
                    o.release_date,
                    o.vendor_id.id,
                )
                for o in orders
            ),
            Counter(
                (
                    o.item_id,
                    round(o.quantity, 6),
                    o.due_date,
                    o.release_date,
                    o.vendor_id or False,
                )
                for o in result.planned_orders
            ),
        )
        # Each bought order goes to the vendor Odoo itself would buy from.
        for order in orders.filtered(lambda o: o.supply_method == "buy"):
            product = order.product_id
            seller = (
                product._select_seller(
                    quantity=order.quantity, date=max(order.due_date, today)
                )
                or product._prepare_sellers()[:1]
            )
            self.assertEqual(order.vendor_id, seller.partner_id, product.name)
        # Free the products for the next instance.
        self.mps.line_ids.unlink()
        return Counter(
            {
                "demands": sum(expected_demands.values()),
                "supplies": sum(expected_supplies.values()),
                "on hand": len(on_hand),
                "buy orders": len(orders.filtered(lambda o: o.vendor_id)),
                "make orders": len(orders.filtered(lambda o: o.bom_id)),
            }
        )

    def deliver_from(self, warehouse, product, quantity, when):
        picking_type = warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": self.customers.id,
                "scheduled_date": when,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": self.customers.id,
                            "date": when,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.scheduled_date = when
        return picking

"""Single-item MRP tables of the engine, checked figure by figure.

Each table is the textbook one: periods are weeks 0..7, ``today`` is week 0.
available = projected on hand of the previous week (on hand for week 0) +
scheduled receipts; net = max(0, gross + safety stock - available);
projected on hand = available + planned receipt - gross.
"""

from datetime import timedelta

from .common import MONDAY, EngineCase, buy, demand, supply, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineTables(EngineCase):
    def test_lot_for_lot(self):
        """Lot-for-lot with on hand 50, a receipt of 40 in week 2 and a lead time
        of one week; demand before week 0 is past due (week 0), demand on or
        after the horizon end (week 8) is ignored, dates inside a week count in
        that week."""
        item = buy(1, "Bolt", lead_time_days=7)
        demands = [
            demand(1, MONDAY - timedelta(days=3), 5, "sale,late"),
            demand(1, week(0, 2), 15, "sale,1"),
            demand(1, week(1, 4), 30, "sale,2"),
            demand(1, week(2, 6), 10, "sale,3"),
            demand(1, week(3), 40, "sale,4"),
            demand(1, week(5, 1), 50, "sale,5"),
            demand(1, week(6), 25, "sale,6"),
            demand(1, week(7, 6), 15, "sale,7"),
            demand(1, week(8), 99, "sale,beyond"),
        ]
        result = self.plan(
            [item],
            demands,
            [supply(1, week(2, 3), 40, "purchase.order.line,1")],
            on_hand={1: 50},
        )
        # week: 0   1   2   3   4   5   6   7
        self.assertTable(
            result,
            1,
            gross=[20, 30, 10, 40, 0, 50, 25, 15],
            scheduled_receipts=[0, 0, 40, 0, 0, 0, 0, 0],
            projected_on_hand=[30, 0, 30, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 0, 10, 0, 50, 25, 15],
            planned_receipt=[0, 0, 0, 10, 0, 50, 25, 15],
            planned_release=[0, 0, 10, 0, 50, 25, 15, 0],
        )
        self.assertOrders(
            result,
            1,
            [
                (10.0, week(3), week(2), False),
                (50.0, week(5), week(4), False),
                (25.0, week(6), week(5), False),
                (15.0, week(7), week(6), False),
            ],
        )
        orders = self.orders_of(result, 1)
        self.assertEqual(
            [order.key for order in orders], [f"PO-1-{n}" for n in (1, 2, 3, 4)]
        )
        self.assertEqual({order.supply_method for order in orders}, {"buy"})
        self.assertEqual({order.vendor_id for order in orders}, {100})
        self.assertEqual({order.bom_id for order in orders}, {None})
        # the receipt is needed in its own week (without it week 2 is short)
        self.assertEqual(result.exceptions, [])
        self.assertEqual(result.low_level_codes, {1: 0})

    def test_lot_for_lot_multiple(self):
        """Lot-for-lot orders are rounded up to the multiple (12)."""
        item = buy(1, "Washer", multiple=12)
        demands = [
            demand(1, week(w), q, f"sale,{w}") for w, q in [(1, 5), (2, 20), (4, 7)]
        ]
        result = self.plan([item], demands)
        # week: 0  1   2   3  4  5  6  7
        self.assertTable(
            result,
            1,
            gross=[0, 5, 20, 0, 7, 0, 0, 0],
            projected_on_hand=[0, 7, 11, 11, 4, 4, 4, 4],
            net_requirement=[0, 5, 13, 0, 0, 0, 0, 0],
            planned_receipt=[0, 12, 24, 0, 0, 0, 0, 0],
            planned_release=[0, 12, 24, 0, 0, 0, 0, 0],
        )

    def test_fixed_order_quantity(self):
        """FOQ 60: each order is the smallest multiple of 60 covering the net
        requirement, in one order (120 in week 6)."""
        item = buy(1, "Gear", lot_policy="foq", fixed_qty=60)
        gross = [10, 30, 30, 0, 45, 20, 100, 5]
        demands = [demand(1, week(w), q, f"sale,{w}") for w, q in enumerate(gross) if q]
        result = self.plan([item], demands, on_hand={1: 20})
        # week: 0   1   2   3   4   5   6    7
        self.assertTable(
            result,
            1,
            gross=gross,
            projected_on_hand=[10, 40, 10, 10, 25, 5, 25, 20],
            net_requirement=[0, 20, 0, 0, 35, 0, 95, 0],
            planned_receipt=[0, 60, 0, 0, 60, 0, 120, 0],
            planned_release=[0, 60, 0, 0, 60, 0, 120, 0],
        )
        self.assertEqual(
            [order.quantity for order in self.orders_of(result, 1)], [60.0, 60.0, 120.0]
        )

    def test_period_order_quantity(self):
        """POQ of 3 periods: the order of week 2 covers weeks 2-4 (25+15+30); the
        one of week 6 covers weeks 6-7 only (the horizon ends)."""
        item = buy(1, "Shaft", lot_policy="poq", poq_periods=3)
        gross = [10, 20, 25, 15, 30, 0, 40, 10]
        demands = [demand(1, week(w), q, f"sale,{w}") for w, q in enumerate(gross) if q]
        result = self.plan([item], demands, on_hand={1: 30})
        # week: 0   1  2   3   4  5  6   7
        self.assertTable(
            result,
            1,
            gross=gross,
            projected_on_hand=[20, 0, 45, 30, 0, 0, 10, 0],
            net_requirement=[0, 0, 25, 0, 0, 0, 40, 0],
            planned_receipt=[0, 0, 70, 0, 0, 0, 50, 0],
            planned_release=[0, 0, 70, 0, 0, 0, 50, 0],
        )

    def test_period_order_quantity_with_receipt(self):
        """POQ continues the projection without planned receipts: with 50 firm
        arriving in week 2, the order of week 0 covers only the shortfall of
        weeks 0-1 (20), not 10 + 20 as adding period nets of a negative
        projection would."""
        self.weeks = 3
        item = buy(1, "Pin", lot_policy="poq", poq_periods=3)
        demands = [demand(1, week(w), 10, f"sale,{w}") for w in range(3)]
        result = self.plan([item], demands, [supply(1, week(2), 50, "firm,1", "firm")])
        self.assertTable(
            result,
            1,
            gross=[10, 10, 10],
            scheduled_receipts=[0, 0, 50],
            projected_on_hand=[10, 0, 40],
            net_requirement=[10, 0, 0],
            planned_receipt=[20, 0, 0],
            planned_release=[20, 0, 0],
        )
        self.assertEqual(result.exceptions, [])  # firm: no expedite message

    def test_min_max_multiple(self):
        """Min 40, max 100, multiple 25: 25 -> 40 -> 50; 145 -> 100 + 50 (45 ->
        min 45 -> 50); 60 -> 75; 245 -> 100 + 100 + 50, several orders on one
        date when one order cannot cover."""
        item = buy(
            1, "Plate", lot_policy="minmax", min_qty=40, max_qty=100, multiple=25
        )
        gross = [10, 30, 170, 5, 60, 0, 0, 260]
        demands = [demand(1, week(w), q, f"sale,{w}") for w, q in enumerate(gross) if q]
        result = self.plan([item], demands, on_hand={1: 15})
        # week: 0  1   2    3  4   5   6   7
        self.assertTable(
            result,
            1,
            gross=gross,
            projected_on_hand=[5, 25, 5, 0, 15, 15, 15, 5],
            net_requirement=[0, 25, 145, 0, 60, 0, 0, 245],
            planned_receipt=[0, 50, 150, 0, 75, 0, 0, 250],
            planned_release=[0, 50, 150, 0, 75, 0, 0, 250],
        )
        self.assertEqual(
            [(order.quantity, order.due_date) for order in self.orders_of(result, 1)],
            [
                (50.0, week(1)),
                (100.0, week(2)),
                (50.0, week(2)),
                (75.0, week(4)),
                (100.0, week(7)),
                (100.0, week(7)),
                (50.0, week(7)),
            ],
        )

    def test_min_without_max(self):
        """Min 40 without max: one order, at least 40."""
        item = buy(1, "Nut", lot_policy="minmax", min_qty=40)
        result = self.plan([item], [demand(1, week(3), 130, "sale,1")])
        self.assertEqual(
            [order.quantity for order in self.orders_of(result, 1)], [130.0]
        )
        result = self.plan([item], [demand(1, week(3), 13, "sale,1")])
        self.assertEqual(
            [order.quantity for order in self.orders_of(result, 1)], [40.0]
        )

    def test_safety_stock(self):
        """Safety stock 10: a week is short as soon as projected on hand would go
        below 10; planned receipts bring it back to 10."""
        item = buy(1, "Spring", safety_stock=10)
        gross = [10, 10, 10, 10, 20, 0, 15, 5]
        demands = [demand(1, week(w), q, f"sale,{w}") for w, q in enumerate(gross) if q]
        result = self.plan(
            [item],
            demands,
            [supply(1, week(3), 20, "mrp.production,7", "production")],
            on_hand={1: 25},
        )
        # week: 0   1   2   3   4   5   6   7
        self.assertTable(
            result,
            1,
            gross=gross,
            scheduled_receipts=[0, 0, 0, 20, 0, 0, 0, 0],
            projected_on_hand=[15, 10, 10, 20, 10, 10, 10, 10],
            net_requirement=[0, 5, 10, 0, 10, 0, 15, 5],
            planned_receipt=[0, 5, 10, 0, 10, 0, 15, 5],
            planned_release=[0, 5, 10, 0, 10, 0, 15, 5],
        )
        # without the production, stock falls below 10 in week 1 already
        self.assertEqual(
            self.exceptions_of(result),
            [("expedite", 1, "mrp.production,7", week(3), week(1))],
        )

    def test_safety_stock_alone(self):
        """On hand below safety stock and no demand: one order in week 0."""
        item = buy(1, "Clip", safety_stock=8)
        result = self.plan([item], on_hand={1: 3})
        self.assertTable(
            result,
            1,
            projected_on_hand=[8] * 8,
            net_requirement=[5, 0, 0, 0, 0, 0, 0, 0],
            planned_receipt=[5, 0, 0, 0, 0, 0, 0, 0],
            planned_release=[5, 0, 0, 0, 0, 0, 0, 0],
        )

    def test_lead_time_across_weeks(self):
        """A lead time of 10 days with weekly periods: the order due in week 3 is
        released on Friday of week 1 (t - 2); the order due in week 1 should have
        been released before week 0: counted in week 0, past due, flagged."""
        item = buy(1, "Motor", lead_time_days=10)
        gross = [0, 20, 0, 30, 0, 0, 15, 0]
        demands = [demand(1, week(w), q, f"sale,{w}") for w, q in enumerate(gross) if q]
        result = self.plan([item], demands)
        # week: 0   1  2   3  4  5   6  7
        self.assertTable(
            result,
            1,
            gross=gross,
            net_requirement=[0, 20, 0, 30, 0, 0, 15, 0],
            planned_receipt=[0, 20, 0, 30, 0, 0, 15, 0],
            planned_release=[20, 30, 0, 0, 15, 0, 0, 0],
        )
        self.assertOrders(
            result,
            1,
            [
                (20.0, week(1), week(0, -3), True),
                (30.0, week(3), week(1, 4), False),
                (15.0, week(6), week(4, 4), False),
            ],
        )
        self.assertEqual(
            self.exceptions_of(result),
            [("release_late", 1, None, week(0, -3), MONDAY)],
        )
        self.assertIn("PO-1-1", result.exceptions[0].message)

    def test_today_after_first_period_start(self):
        """Today on Wednesday of week 0: an order due in week 0 without lead time
        is released at the week start, before today: past due."""
        item = buy(1, "Belt")
        result = self.plan(
            [item], [demand(1, week(0, 3), 4, "sale,1")], today=week(0, 2)
        )
        self.assertOrders(result, 1, [(4.0, week(0), week(0), True)])
        self.assertEqual([m.kind for m in result.exceptions], ["release_late"])

    def test_decimal_quantities_are_exact(self):
        """0.1 + 0.2 is 0.3 in the tables (micro-unit arithmetic), and a lot of
        0.35 with multiple 0.05 stays 0.35."""
        item = buy(1, "Oil", multiple=0.05)
        demands = [
            demand(1, week(1), 0.1, "sale,1"),
            demand(1, week(1, 1), 0.2, "sale,2"),
            demand(1, week(2), 0.35, "sale,3"),
        ]
        result = self.plan([item], demands, on_hand={1: 0.05})
        records = self.records_of(result, 1)
        self.assertEqual(records[1].gross, 0.3)
        self.assertEqual(records[1].net_requirement, 0.25)
        self.assertEqual(records[1].planned_receipt, 0.25)
        self.assertEqual(records[2].planned_receipt, 0.35)
        self.assertEqual(records[7].projected_on_hand, 0.0)

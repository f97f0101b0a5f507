"""Exception messages on existing supply and on planned orders."""

from .common import MONDAY, EngineCase, buy, demand, supply, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineExceptions(EngineCase):
    def test_supply_messages(self):
        """Each item has one open supply, judged against its projection without
        that supply (and without planned orders):
        1 needs 10 in week 1, its purchase comes on Wednesday of week 3:
          expedite to week 1 (and a planned order covers week 1 meanwhile);
        2 needs 15 in week 5, its production comes in week 1: defer to week 5;
        3 has 50 on hand for 10 of demand: its RFQ is never needed: cancel;
        4 needs its purchase in the week it arrives: no message;
        5 has a firm planned order a month early: counted as a receipt, no
          message for firm supply;
        6 has a purchase due after the horizon: ignored."""
        items = [buy(item_id, f"Item {item_id}") for item_id in range(1, 7)]
        demands = [
            demand(1, week(1), 10, "sale,1"),
            demand(2, week(5), 15, "sale,2"),
            demand(3, week(1), 10, "sale,3"),
            demand(4, week(2, 3), 10, "sale,4"),
            demand(5, week(5), 15, "sale,5"),
        ]
        supplies = [
            supply(1, week(3, 2), 10, "purchase,1"),
            supply(2, week(1), 15, "production,2", "production"),
            supply(3, week(2), 30, "rfq,3", "rfq"),
            supply(4, week(2), 10, "purchase,4"),
            supply(5, week(1), 15, "firm,5", "firm"),
            supply(6, week(9), 10, "purchase,6"),
        ]
        result = self.plan(items, demands, supplies, on_hand={3: 50})
        self.assertEqual(
            self.exceptions_of(result),
            [
                ("expedite", 1, "purchase,1", week(3, 2), week(1)),
                ("defer", 2, "production,2", week(1), week(5)),
                ("cancel", 3, "rfq,3", week(2), None),
            ],
        )
        messages = [message.message for message in result.exceptions]
        self.assertIn("purchase,1", messages[0])
        self.assertIn("2025-01-13", messages[0])
        # week: 0  1   2   3   4   5   6   7
        self.assertTable(
            result,
            1,
            gross=[0, 10, 0, 0, 0, 0, 0, 0],
            scheduled_receipts=[0, 0, 0, 10, 0, 0, 0, 0],
            projected_on_hand=[0, 0, 0, 10, 10, 10, 10, 10],
            net_requirement=[0, 10, 0, 0, 0, 0, 0, 0],
            planned_receipt=[0, 10, 0, 0, 0, 0, 0, 0],
            planned_release=[0, 10, 0, 0, 0, 0, 0, 0],
        )
        self.assertTable(
            result,
            5,
            gross=[0, 0, 0, 0, 0, 15, 0, 0],
            scheduled_receipts=[0, 15, 0, 0, 0, 0, 0, 0],
            projected_on_hand=[0, 15, 15, 15, 15, 0, 0, 0],
        )
        self.assertTable(result, 6)

    def test_expedite_from_safety_stock(self):
        """With safety stock 5 the purchase of week 4 is needed as soon as
        projected stock would fall below 5 (week 2), not when it runs out."""
        item = buy(1, "Seal", safety_stock=5)
        demands = [demand(1, week(2), 6, "sale,1"), demand(1, week(4), 10, "sale,2")]
        result = self.plan(
            [item], demands, [supply(1, week(4), 20, "purchase,1")], on_hand={1: 10}
        )
        self.assertEqual(
            self.exceptions_of(result),
            [("expedite", 1, "purchase,1", week(4), week(2))],
        )

    def test_planned_order_messages(self):
        """A bought item without vendor gets "no_vendor" on each planned order;
        an order whose release date (due - 14 days) is before today gets
        "release_late" (suggested: today) and is flagged past due."""
        no_vendor = buy(1, "Orphan", vendor_id=None)
        slow = buy(2, "Slow", lead_time_days=14)
        demands = [
            demand(1, week(2), 3, "sale,1"),
            demand(1, week(5), 4, "sale,2"),
            demand(2, week(1), 6, "sale,3"),
            demand(2, week(4), 6, "sale,4"),
        ]
        result = self.plan([no_vendor, slow], demands)
        self.assertEqual(
            self.exceptions_of(result),
            [
                ("no_vendor", 1, None, week(2), None),
                ("no_vendor", 1, None, week(5), None),
                ("release_late", 2, None, week(-1), MONDAY),
            ],
        )
        self.assertEqual(
            [order.vendor_id for order in self.orders_of(result, 1)], [None, None]
        )
        self.assertEqual(
            [order.past_due for order in self.orders_of(result, 2)], [True, False]
        )
        # past-due releases are counted in week 0
        self.assertTable(
            result,
            2,
            gross=[0, 6, 0, 0, 6, 0, 0, 0],
            net_requirement=[0, 6, 0, 0, 6, 0, 0, 0],
            planned_receipt=[0, 6, 0, 0, 6, 0, 0, 0],
            planned_release=[6, 0, 6, 0, 0, 0, 0, 0],
        )
        self.assertTrue(
            all(message.message.endswith(".") for message in result.exceptions)
        )

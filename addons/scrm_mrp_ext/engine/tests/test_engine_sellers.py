"""Vendor lines of a bought item: which vendor and lead time each planned
purchase takes, as Odoo picks a vendor line (package docstring, "Vendors")."""

from .. import Seller
from .common import MONDAY, EngineCase, buy, demand, make, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineSellers(EngineCase):
    def orders(self, result, item_id=1):
        """(quantity, due date, release date, vendor, past due) per order."""
        return [
            (
                order.quantity,
                order.due_date,
                order.release_date,
                order.vendor_id,
                order.past_due,
            )
            for order in self.orders_of(result, item_id)
        ]

    def test_first_vendor_then_its_lowest_rank(self):
        """Vendor 201 comes first; of its lines the order reaches, rank 1 is
        the lowest (rank 0 asks for 100). Two lines rank 1: the first one."""
        item = buy(
            1,
            "Bolt",
            lead_time_days=1,
            sellers=[
                Seller(201, 14, rank=3),
                Seller(202, 2, rank=0),
                Seller(201, 7, rank=1),
                Seller(201, 5, rank=1),
                Seller(201, 3, min_qty=100, rank=0),
            ],
        )
        result = self.plan([item], [demand(1, week(4), 10, "sale,1")])
        self.assertEqual(self.orders(result), [(10.0, week(4), week(3), 201, False)])
        self.assertTable(
            result,
            1,
            gross=[0, 0, 0, 0, 10, 0, 0, 0],
            net_requirement=[0, 0, 0, 0, 10, 0, 0, 0],
            planned_receipt=[0, 0, 0, 0, 10, 0, 0, 0],
            planned_release=[0, 0, 0, 10, 0, 0, 0, 0],
        )
        self.assertEqual(result.exceptions, [])

    def test_minimum_quantity_is_reached_at_equality(self):
        """50 reaches vendor 201's minimum of 50 (its 21 days put the release
        before the first period: past due, period 0); 49.5 does not and goes
        to vendor 202."""
        item = buy(
            1,
            "Washer",
            sellers=[Seller(201, 21, min_qty=50), Seller(202, 7)],
        )
        demands = [demand(1, week(2), 50, "sale,1"), demand(1, week(5), 49.5, "sale,2")]
        result = self.plan([item], demands)
        self.assertEqual(
            self.orders(result),
            [
                (50.0, week(2), week(-1), 201, True),
                (49.5, week(5), week(4), 202, False),
            ],
        )
        self.assertTable(
            result,
            1,
            gross=[0, 0, 50, 0, 0, 49.5, 0, 0],
            net_requirement=[0, 0, 50, 0, 0, 49.5, 0, 0],
            planned_receipt=[0, 0, 50, 0, 0, 49.5, 0, 0],
            planned_release=[50, 0, 0, 0, 49.5, 0, 0, 0],
        )
        self.assertEqual(
            self.exceptions_of(result),
            [("release_late", 1, None, week(-1), MONDAY)],
        )

    def test_validity_dates_are_included(self):
        """201 from week 3 on, 202 until week 1, 203 always: week 1 takes 202
        (its last day), week 2 falls between them (203), weeks 3 and 4 take 201
        (from its first day). Each order takes its own line's lead time; two
        releases in week 2 add up."""
        item = buy(
            1,
            "Gasket",
            sellers=[
                Seller(201, 7, date_start=week(3)),
                Seller(202, 3, date_end=week(1)),
                Seller(203, 0),
            ],
        )
        demands = [
            demand(1, week(index), 10, f"sale,{index}") for index in (1, 2, 3, 4)
        ]
        result = self.plan([item], demands)
        self.assertEqual(
            self.orders(result),
            [
                (10.0, week(1), week(0, 4), 202, False),
                (10.0, week(2), week(2), 203, False),
                (10.0, week(3), week(2), 201, False),
                (10.0, week(4), week(3), 201, False),
            ],
        )
        self.assertEqual(
            [(order.key, order.supply_method) for order in result.planned_orders],
            [(f"PO-1-{number}", "buy") for number in (1, 2, 3, 4)],
        )
        self.assertTable(
            result,
            1,
            gross=[0, 10, 10, 10, 10, 0, 0, 0],
            net_requirement=[0, 10, 10, 10, 10, 0, 0, 0],
            planned_receipt=[0, 10, 10, 10, 10, 0, 0, 0],
            planned_release=[10, 0, 20, 10, 0, 0, 0, 0],
        )

    def test_past_due_order_takes_the_lines_valid_today(self):
        """Today is Wednesday of week 1: the order due in week 0 is judged on
        today, when 201's line (until Monday of week 1) is over: it goes to 202
        and is released late; the week 3 order goes to 202 as well."""
        today = week(1, 2)
        item = buy(
            1,
            "Spring",
            sellers=[Seller(201, 7, date_end=week(1)), Seller(202, 2)],
        )
        demands = [demand(1, week(0), 10, "sale,1"), demand(1, week(3), 5, "sale,2")]
        result = self.plan([item], demands, today=today)
        self.assertEqual(
            self.orders(result),
            [
                (10.0, week(0), week(-1, 5), 202, True),
                (5.0, week(3), week(2, 5), 202, False),
            ],
        )
        self.assertEqual(
            self.exceptions_of(result),
            [("release_late", 1, None, week(-1, 5), today)],
        )

    def test_no_line_qualifies_the_item_vendor_applies(self):
        """Every line asks for more than 10: the item's own vendor and lead time
        (4 days) apply. Without a vendor of its own, each order is flagged:
        released late first, then no vendor, order by order."""
        sellers = [Seller(201, 7, min_qty=20), Seller(202, 1, min_qty=11)]
        item = buy(1, "Pin", lead_time_days=4, sellers=sellers)
        orphan = buy(2, "Clip", lead_time_days=4, sellers=list(sellers))
        orphan.vendor_id = None
        demands = [
            demand(1, week(2), 10, "sale,1"),
            demand(2, week(0), 10, "sale,2"),
            demand(2, week(1), 10, "sale,3"),
        ]
        result = self.plan([item, orphan], demands)
        self.assertEqual(
            self.orders(result, 1), [(10.0, week(2), week(1, 3), 100, False)]
        )
        self.assertEqual(
            self.orders(result, 2),
            [
                (10.0, week(0), week(-1, 3), None, True),
                (10.0, week(1), week(0, 3), None, False),
            ],
        )
        self.assertEqual(
            self.exceptions_of(result),
            [
                ("release_late", 2, None, week(-1, 3), MONDAY),
                ("no_vendor", 2, None, week(-1, 3), None),
                ("no_vendor", 2, None, week(0, 3), None),
            ],
        )
        self.assertIn("has no vendor", result.exceptions[1].message)

    def test_made_item_ignores_vendor_lines(self):
        """Vendor lines of a made item (a product both made and bought) do not
        change its orders: no vendor, its BoM, its own lead time."""
        item = make(1, "Frame", lead_time_days=7, sellers=[Seller(201, 1)])
        result = self.plan([item], [demand(1, week(3), 4, "sale,1")])
        (order,) = self.orders_of(result, 1)
        self.assertEqual(
            (order.vendor_id, order.bom_id, order.supply_method, order.release_date),
            (None, 1001, "make", week(2)),
        )

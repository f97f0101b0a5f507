"""Purchase cycles and next expected orders, computed by hand."""

from datetime import date

from .. import needs
from .common import BaseCase, tagged


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestPurchaseCycles(BaseCase):
    def test_regular_buyer_next_expected_order(self):
        # Customer 1 buys product 10 on 1 Jan, 31 Jan, 2 Mar and 4 Apr 2026
        # (gaps 30, 30, 33 days: median 30), 100, 120, 80 and 100 units
        # (median 100). Two lines on 2 Mar count as one order of 80.
        orders = [
            (1, 10, date(2026, 1, 1), 100),
            (1, 10, date(2026, 1, 31), 120),
            (1, 10, date(2026, 3, 2), 50),
            (1, 10, date(2026, 3, 2), 30),
            (1, 10, date(2026, 4, 4), 100),
        ]
        [need] = needs.purchase_cycles(orders, today=date(2026, 5, 10))
        self.assertEqual(need.order_count, 4)
        self.assertEqual(need.cycle_days, 30.0)
        self.assertEqual(need.next_qty, 100.0)
        # 4 Apr + 30 days = 4 May, six days before 10 May: overdue by 6.
        self.assertEqual(need.next_date, date(2026, 5, 4))
        self.assertEqual(need.overdue_days, 6)
        [ahead] = needs.purchase_cycles(orders, today=date(2026, 4, 20))
        self.assertEqual(ahead.overdue_days, 0)

    def test_even_count_median_and_too_few_orders(self):
        # Gaps 10 and 20: median 15; quantities 1, 2, 3: median 2.
        orders = [
            (1, 10, date(2026, 1, 1), 1),
            (1, 10, date(2026, 1, 11), 2),
            (1, 10, date(2026, 1, 31), 3),
            # Product 11 bought twice only: no cycle with min_orders=3.
            (1, 11, date(2026, 1, 1), 5),
            (1, 11, date(2026, 2, 1), 5),
        ]
        [need] = needs.purchase_cycles(orders, today=date(2026, 2, 1))
        self.assertEqual((need.product_id, need.cycle_days), (10, 15.0))
        self.assertEqual(need.next_qty, 2.0)
        self.assertEqual(need.next_date, date(2026, 2, 15))
        self.assertEqual(
            len(needs.purchase_cycles(orders, date(2026, 2, 1), min_orders=2)), 2
        )
        with self.assertRaises(ValueError):
            needs.purchase_cycles(orders, date(2026, 2, 1), min_orders=1)

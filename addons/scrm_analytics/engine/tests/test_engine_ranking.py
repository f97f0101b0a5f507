"""Supplier ranking with currency and unit conversion, by hand."""

from datetime import date

from ..ranking import Offer, rank_suppliers
from .common import BaseCase, tagged

TODAY = date(2026, 6, 1)


@tagged("post_install", "-at_install", "scrm_analytics_supply")
class TestSupplierRanking(BaseCase):
    def test_currency_unit_and_price_breaks(self):
        offers = [
            # Supplier 1 sells by the dozen in USD (1 USD = 0.9 EUR):
            # 108 USD a dozen = 97.2 EUR / 12 = 8.10 EUR a unit, + 5 % landed
            # = 8.505; 10 days.
            Offer(1, 1, 108.0, 0.9, 12, 10, 5.0),
            # Supplier 2 in EUR by the unit: 9.00, from 100 units 8.00; 20 days.
            Offer(2, 1, 9.0, 1.0, 1, 20),
            Offer(2, 100, 8.0, 1.0, 1, 20),
            # Supplier 3 is cheapest but needs 500 units at least.
            Offer(3, 500, 5.0, 1.0, 1, 5),
        ]
        ranked = rank_suppliers(
            offers, qty=120, need_date=date(2026, 6, 30), today=TODAY
        )
        # 120 units reach supplier 2's break of 100: 8.00 < 8.505.
        self.assertEqual([row.supplier_id for row in ranked], [2, 1])
        self.assertAlmostEqual(ranked[0].landed_price, 8.0)
        self.assertAlmostEqual(ranked[1].unit_price, 8.1)
        self.assertAlmostEqual(ranked[1].landed_price, 8.505)
        # Needed in 15 days: supplier 2 (20 days) is 5 days late and falls
        # behind the dearer one that arrives in time.
        ranked = rank_suppliers(offers, 120, date(2026, 6, 16), TODAY)
        self.assertEqual(
            [(r.supplier_id, r.late_days) for r in ranked], [(1, 0), (2, 5)]
        )
        self.assertEqual(ranked[1].arrival, date(2026, 6, 21))
        # 600 units: supplier 3 at 5.00 first.
        ranked = rank_suppliers(offers, 600, date(2026, 6, 30), TODAY)
        self.assertEqual(ranked[0].supplier_id, 3)

    def test_equal_price_by_delivery_record(self):
        offers = [Offer(1, 1, 10.0, 1.0, 1, 5), Offer(2, 1, 10.0, 1.0, 1, 5)]
        ranked = rank_suppliers(
            offers,
            1,
            date(2026, 6, 30),
            TODAY,
            scores={1: (80.0, 90.0), 2: (95.0, 99.0)},
        )
        self.assertEqual([row.supplier_id for row in ranked], [2, 1])
        self.assertEqual(ranked[0].on_time_rate, 95.0)
        with self.assertRaises(ValueError):
            rank_suppliers(offers, 0, date(2026, 6, 30), TODAY)

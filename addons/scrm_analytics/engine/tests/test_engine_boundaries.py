"""The edges the first engine tests left open, each figure by hand: thresholds
reached exactly, ties, orders of the results, every RFM segment. Each test was
seen failing against a mutant that ``make mutants`` had left alive."""

from datetime import date

from .. import copurchase, needs, rfm
from ..ranking import Offer, rank_suppliers
from .common import BaseCase, tagged

TODAY = date(2026, 6, 1)


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestRfmEdges(BaseCase):
    def test_every_segment_of_the_r_and_f_grid(self):
        # R down, F across, as the readme defines the segments.
        grid = {
            5: ("new", "new", "loyal", "champion", "champion"),
            4: ("new", "new", "loyal", "champion", "champion"),
            3: (
                "need_attention",
                "need_attention",
                "loyal",
                "loyal",
                "loyal",
            ),
            2: ("hibernating", "hibernating", "at_risk", "at_risk", "at_risk"),
            1: ("hibernating", "hibernating", "at_risk", "at_risk", "at_risk"),
        }
        for r_score, row in grid.items():
            for f_score, expected in enumerate(row, start=1):
                with self.subTest(r=r_score, f=f_score):
                    self.assertEqual(rfm.segment(r_score, f_score), expected)

    def test_ten_customers_two_per_quintile_each_measure_apart(self):
        today = date(2026, 6, 30)
        # Customer n ordered last n days ago, n times, for (7n mod 11) hundreds:
        # the three measures rank the customers in three different orders.
        rows = (
            (n, date(2026, 6, 30 - n), n, float((n * 7) % 11) * 100.0)
            for n in range(1, 11)
        )
        scores = {score.partner_id: score for score in rfm.rfm_scores(rows, today)}
        # Recency: 1 day ago is the best (5), 10 days ago the worst (1).
        self.assertEqual(
            [scores[n].recency_score for n in range(1, 11)],
            [5, 5, 4, 4, 3, 3, 2, 2, 1, 1],
        )
        self.assertEqual(
            [scores[n].recency_days for n in range(1, 11)], list(range(1, 11))
        )
        self.assertEqual(
            [scores[n].frequency_score for n in range(1, 11)],
            [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
        )
        # Money: (7n mod 11) hundreds: 700, 300, 1000, 600, 200, 900, 500, 100,
        # 800, 400 -> ranks 100 (1st) ... 1000 (10th).
        self.assertEqual(
            [scores[n].monetary for n in range(1, 11)],
            [700.0, 300.0, 1000.0, 600.0, 200.0, 900.0, 500.0, 100.0, 800.0, 400.0],
        )
        self.assertEqual(
            [scores[n].monetary_score for n in range(1, 11)],
            [4, 2, 5, 3, 1, 5, 3, 1, 4, 2],
        )
        self.assertEqual(
            [scores[n].frequency for n in range(1, 11)], list(range(1, 11))
        )
        # Recent but rare: new; old but frequent: at risk; the middle: loyal.
        self.assertEqual(scores[1].segment, "new")
        self.assertEqual(scores[10].segment, "at_risk")
        self.assertEqual(scores[5].segment, "loyal")

    def test_one_customer_is_the_best_of_one(self):
        [score] = rfm.rfm_scores([(7, date(2026, 6, 1), 2, 50.0)], date(2026, 6, 30))
        self.assertEqual(score, rfm.Score(7, 29, 2, 50.0, 1, 1, 1, "hibernating"))


@tagged("post_install", "-at_install", "scrm_analytics_supply")
class TestRankingEdges(BaseCase):
    def test_a_break_reached_exactly_applies(self):
        # 2 dozen at 24 a dozen, from 2 dozen 18: 24 units reach the break.
        offers = [Offer(1, 1, 24.0, 1.0, 12, 3), Offer(1, 2, 18.0, 1.0, 12, 3)]
        [row] = rank_suppliers(offers, 24, date(2026, 6, 30), TODAY)
        self.assertAlmostEqual(row.unit_price, 1.5)
        self.assertEqual(row.offer.min_qty, 2)
        [row] = rank_suppliers(offers, 23, date(2026, 6, 30), TODAY)
        self.assertAlmostEqual(row.unit_price, 2.0)
        # 11 units reach no break of a dozen: the supplier is left out.
        self.assertEqual(rank_suppliers(offers, 11, date(2026, 6, 30), TODAY), [])
        # The breaks given largest first: the unreached one does not hide the
        # other.
        [row] = rank_suppliers(offers[::-1], 23, date(2026, 6, 30), TODAY)
        self.assertAlmostEqual(row.unit_price, 2.0)

    def test_of_two_equal_breaks_the_first_given_applies(self):
        # As Odoo takes the first vendor line: same minimum, same price.
        offers = [
            Offer(1, 10, 5.0, 1.0, 1, 3, ref="first"),
            Offer(1, 10, 5.0, 1.0, 1, 9, ref="second"),
        ]
        [row] = rank_suppliers(offers, 10, date(2026, 6, 30), TODAY)
        self.assertEqual((row.offer.ref, row.arrival), ("first", date(2026, 6, 4)))

    def test_cents_rank_not_whole_units(self):
        offers = [Offer(1, 1, 1.4, 1.0, 1, 5), Offer(2, 1, 1.2, 1.0, 1, 5)]
        ranked = rank_suppliers(offers, 1, date(2026, 6, 30), TODAY)
        self.assertEqual([r.supplier_id for r in ranked], [2, 1])

    def test_two_offers_of_one_break_the_cheaper_applies(self):
        offers = [
            Offer(1, 10, 5.0, 1.0, 1, 3),
            Offer(1, 10, 4.0, 1.0, 1, 3),
            Offer(1, 10, 6.0, 1.0, 1, 3),
        ]
        [row] = rank_suppliers(offers, 10, date(2026, 6, 30), TODAY)
        self.assertEqual(row.unit_price, 4.0)

    def test_arrival_on_the_need_date_is_in_time(self):
        offers = [Offer(1, 1, 5.0, 1.0, 1, 10), Offer(2, 1, 4.0, 1.0, 1, 11)]
        ranked = rank_suppliers(offers, 1, date(2026, 6, 11), TODAY)
        self.assertEqual(
            [(r.supplier_id, r.arrival, r.fits, r.late_days, r.rank) for r in ranked],
            [
                (1, date(2026, 6, 11), True, 0, 1),
                (2, date(2026, 6, 12), False, 1, 2),
            ],
        )

    def test_equal_price_unknown_record_last_then_supplier_id(self):
        offers = [Offer(n, 1, 10.0, 1.0, 1, 5) for n in (4, 3, 2, 1)]
        ranked = rank_suppliers(
            offers,
            1,
            date(2026, 6, 30),
            TODAY,
            scores={2: (0.0, 100.0), 4: (70.0, 50.0), 3: (10.0, None)},
        )
        # By on-time rate, not in-full: 70 %, 10 % (in full unknown), 0 %
        # (known, still before unknown), then the unknown one.
        self.assertEqual(
            [(r.supplier_id, r.on_time_rate, r.in_full_rate, r.rank) for r in ranked],
            [
                (4, 70.0, 50.0, 1),
                (3, 10.0, None, 2),
                (2, 0.0, 100.0, 3),
                (1, None, None, 4),
            ],
        )

    def test_landed_price_ranks_not_the_bare_price(self):
        # 10.00 + 20 % landed = 12.00 against 11.00 + 0 %.
        offers = [Offer(1, 1, 10.0, 1.0, 1, 5, 20.0), Offer(2, 1, 11.0, 1.0, 1, 5)]
        ranked = rank_suppliers(offers, 1, date(2026, 6, 30), TODAY)
        self.assertEqual([r.supplier_id for r in ranked], [2, 1])
        self.assertAlmostEqual(ranked[1].landed_price, 12.0)
        self.assertAlmostEqual(ranked[1].unit_price, 10.0)

    def test_prices_equal_to_six_decimals_tie(self):
        # 1/3 and 0.3333331 differ past the sixth decimal: a tie, by supplier
        # (the lower id first, though its price is the higher by 2e-7).
        offers = [Offer(1, 1, 1.0, 1.0, 3, 5), Offer(2, 1, 0.3333331, 1.0, 1, 5)]
        ranked = rank_suppliers(offers, 3, date(2026, 6, 30), TODAY)
        self.assertEqual([r.supplier_id for r in ranked], [1, 2])

    def test_bad_factor_or_rate_refused_alone(self):
        for offer in (Offer(1, 1, 5.0, 1.0, 0, 3), Offer(1, 1, 5.0, 0.0, 1, 3)):
            with (
                self.subTest(offer=offer),
                self.assertRaisesRegex(
                    ValueError,
                    "^unit factors and currency rates must be positive$",
                ),
            ):
                rank_suppliers([offer], 1, date(2026, 6, 30), TODAY)
        with self.assertRaisesRegex(ValueError, "^the quantity must be positive$"):
            rank_suppliers([], -1, TODAY, TODAY)
        # A fraction of a unit is a positive quantity.
        [row] = rank_suppliers([Offer(1, 0.5, 5.0, 1.0, 1, 3)], 0.5, TODAY, TODAY)
        self.assertEqual(row.rank, 1)


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestNeedsEdges(BaseCase):
    def test_unsorted_orders_and_the_order_of_the_needs(self):
        # Customer 2 buys product 20 every 10 days, customer 1 products 11
        # (every 5 days) and 10 (every 20 days); given in no order.
        orders = [
            (2, 20, date(2026, 1, 21), 4),
            (1, 10, date(2026, 1, 1), 1),
            (1, 11, date(2026, 1, 11), 2),
            (2, 20, date(2026, 1, 1), 4),
            (1, 10, date(2026, 2, 10), 1),
            (1, 11, date(2026, 1, 1), 2),
            (2, 20, date(2026, 1, 11), 4),
            (1, 10, date(2026, 1, 21), 1),
            (1, 11, date(2026, 1, 6), 2),
        ]
        result = needs.purchase_cycles(orders, today=date(2026, 1, 31))
        self.assertEqual(
            [
                (n.partner_id, n.product_id, n.first_date, n.last_date, n.next_date)
                for n in result
            ],
            [
                # customer 1 by next date: product 11 (16 Jan), then 10 (2 Mar)
                (1, 11, date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 16)),
                (1, 10, date(2026, 1, 1), date(2026, 2, 10), date(2026, 3, 2)),
                (2, 20, date(2026, 1, 1), date(2026, 1, 21), date(2026, 1, 31)),
            ],
        )
        self.assertEqual([n.overdue_days for n in result], [15, 0, 0])
        self.assertEqual([n.order_count for n in result], [3, 3, 3])

    def test_customers_of_one_product_kept_apart(self):
        # Customers 1 and 2 buy product 10 on interleaved days; customer 1 also
        # product 9, twice only (too few), sorted before product 10.
        orders = [
            (1, 9, date(2026, 1, 1), 1),
            (1, 9, date(2026, 1, 2), 1),
            (1, 10, date(2026, 1, 1), 5),
            (2, 10, date(2026, 1, 2), 1),
            (1, 10, date(2026, 1, 11), 15),
            (2, 10, date(2026, 1, 4), 1),
            (1, 10, date(2026, 1, 21), 7),
            (1, 10, date(2026, 1, 21), 8),
            (2, 10, date(2026, 1, 6), 1),
        ]
        result = needs.purchase_cycles(reversed(orders), today=date(2026, 1, 21))
        self.assertEqual(
            [
                (n.partner_id, n.product_id, n.order_count, n.cycle_days, n.next_qty)
                for n in result
            ],
            # customer 1: 5, 15 and 7 + 8 = 15 on one day: median 15
            [(1, 10, 3, 10.0, 15.0), (2, 10, 3, 2.0, 1.0)],
        )
        with self.assertRaisesRegex(
            ValueError, "^a purchase cycle needs at least two orders$"
        ):
            needs.purchase_cycles(orders, TODAY, min_orders=1)

    def test_one_next_date_two_products_by_product(self):
        orders = [
            (1, product, date(2026, 1, day), 1)
            for product in (12, 11)
            for day in (1, 8, 15)
        ]
        # Given (as presorted) product 12 first: the needs are by product.
        result = needs.purchase_cycles(orders, date(2026, 1, 15), presorted=True)
        self.assertEqual([n.product_id for n in result], [11, 12])
        self.assertEqual({n.next_date for n in result}, {date(2026, 1, 22)})

    def test_presorted_orders_are_not_sorted_again(self):
        # Already sorted: the same needs with or without the sort.
        orders = sorted(
            (1, 10, date(2026, 1, day), qty) for day, qty in ((1, 3), (4, 5), (9, 7))
        )
        self.assertEqual(
            needs.purchase_cycles(orders, date(2026, 1, 9), presorted=True),
            needs.purchase_cycles(list(reversed(orders)), date(2026, 1, 9)),
        )
        [need] = needs.purchase_cycles(orders, date(2026, 1, 9), presorted=True)
        # gaps 3 and 5: median 4; quantities 3, 5, 7: median 5.
        self.assertEqual((need.cycle_days, need.next_qty), (4.0, 5.0))
        self.assertEqual(need.next_date, date(2026, 1, 13))


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestCoPurchaseEdges(BaseCase):
    def test_thresholds_reached_exactly_keep_the_rule(self):
        # 4 customers; A and B together for 2 of them; A bought by 4, B by 2.
        baskets = {1: {1, 2}, 2: {1, 2}, 3: {1}, 4: {1}}
        # support 2/4 = 0.5, confidence A->B 2/4 = 0.5, lift 0.5 / 0.5 = 1.
        rules = copurchase.association_rules(
            baskets, min_support=0.5, min_confidence=0.5, min_count=2
        )
        self.assertEqual(rules[1, 2], copurchase.Rule(1, 2, 0.5, 0.5, 1.0))
        # B -> A: confidence 2/2 = 1, lift 1 / (4/4) = 1.
        self.assertEqual(rules[2, 1], copurchase.Rule(2, 1, 0.5, 1.0, 1.0))
        # Each threshold just above: the rule goes.
        for kwargs in (
            {"min_support": 0.51},
            {"min_confidence": 0.51},
            {"min_count": 3},
        ):
            with self.subTest(**kwargs):
                self.assertNotIn(
                    (1, 2), copurchase.association_rules(baskets, **kwargs)
                )

    def test_default_thresholds(self):
        # 10 customers, 2 buy A and B: support 0.2 (above 0.01), confidence
        # A->B 2/10 = 0.2 (the default minimum, kept).
        baskets = {n: {1} for n in range(1, 11)}
        baskets[1] = baskets[2] = {1, 2}
        rules = copurchase.association_rules(baskets)
        self.assertAlmostEqual(rules[1, 2].confidence, 0.2)
        self.assertAlmostEqual(rules[1, 2].lift, 1.0)
        # One customer only with both: below the default minimum count of 2.
        baskets[2] = {1}
        self.assertEqual(copurchase.association_rules(baskets), {})

    def test_strongest_rule_and_the_limit_best_first(self):
        rules = {
            # to product 2, which the customer buys: never suggested, and the
            # rules after it still read
            (1, 2): copurchase.Rule(1, 2, 0.9, 0.9, 2.0),
            # to product 9: from 1 (confidence 0.5) and from 2 (0.6)
            (1, 9): copurchase.Rule(1, 9, 0.3, 0.5, 1.1),
            (2, 9): copurchase.Rule(2, 9, 0.1, 0.6, 1.2),
            # to product 8: equal confidence, higher support wins over 7
            (1, 8): copurchase.Rule(1, 8, 0.4, 0.4, 1.3),
            (1, 7): copurchase.Rule(1, 7, 0.2, 0.4, 1.4),
            # to product 6: confidence and support equal from 1 and 2: the
            # lower product id (1) points to it
            (2, 6): copurchase.Rule(2, 6, 0.1, 0.3, 1.5),
            (1, 6): copurchase.Rule(1, 6, 0.1, 0.3, 1.6),
            # three weak ones, so that the default limit of 5 cuts
            (1, 3): copurchase.Rule(1, 3, 0.1, 0.1, 1.0),
            (1, 4): copurchase.Rule(1, 4, 0.1, 0.05, 1.0),
            (1, 5): copurchase.Rule(1, 5, 0.1, 0.01, 1.0),
        }
        baskets = {5: {1, 2}}
        result = copurchase.suggestions(baskets, rules, limit=3)
        self.assertEqual(
            result,
            [
                copurchase.Suggestion(5, 9, 2, 0.1, 0.6, 1.2),
                copurchase.Suggestion(5, 8, 1, 0.4, 0.4, 1.3),
                copurchase.Suggestion(5, 7, 1, 0.2, 0.4, 1.4),
            ],
        )
        everything = copurchase.suggestions(baskets, rules)
        self.assertEqual(
            [s.product_id for s in everything], [9, 8, 7, 6, 3], "5 by default"
        )
        self.assertEqual(everything[3], copurchase.Suggestion(5, 6, 1, 0.1, 0.3, 1.6))

"""Cases the other engine tests left open, found by the complete ``make mutants``
run of session 8 (netting, lot sizing, the unit's precision, loading and
validation): each test failed on a mutant that survived them, and asserts what
a planner would see instead (an order's quantity and date, a refusal's words)."""

from .. import BomLine, Item, PlanInput, plan
from .common import MONDAY, EngineCase, buy, demand, make, supply, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineSurvivorsS8(EngineCase):
    def quantities(self, result, item_id):
        return [
            (order.quantity, order.due_date)
            for order in self.orders_of(result, item_id)
        ]

    # ---- the unit's precision ---------------------------------------------------

    def test_shortfalls_round_half_up_to_the_unit(self):
        """Pieces counted in whole units: 2.5 short orders 3, 2.4 short 2, 2.6
        short 3, a millionth short nothing; a period order quantity covering 1.3
        and 1.3 orders 3."""
        items = [
            buy(1, "Bolt", rounding=1.0),
            buy(2, "Nut", rounding=1.0),
            buy(3, "Washer", rounding=1.0),
            buy(4, "Pin", rounding=1.0),
            buy(5, "Rod", rounding=1.0, lot_policy="poq", poq_periods=2),
        ]
        demands = [
            demand(1, week(1), 2.5, "sale,1"),
            demand(2, week(1), 2.4, "sale,2"),
            demand(3, week(1), 2.6, "sale,3"),
            demand(4, week(1), 0.000001, "sale,4"),
            demand(5, week(1), 1.3, "sale,5"),
            demand(5, week(2), 1.3, "sale,6"),
        ]
        result = self.plan(items, demands)
        self.assertEqual(self.quantities(result, 1), [(3.0, week(1))])
        self.assertEqual(self.quantities(result, 2), [(2.0, week(1))])
        self.assertEqual(self.quantities(result, 3), [(3.0, week(1))])
        self.assertEqual(self.quantities(result, 4), [])
        self.assertEqual(self.quantities(result, 5), [(3.0, week(1))])

    # ---- lot sizing -------------------------------------------------------------

    def test_lot_sizes_of_each_policy(self):
        """Min-max with a maximum of 25 in tens: lots of at most 20 (50 needed:
        20, 20, 10); minimum = maximum = multiple = 10 is a valid policy (15
        needed: 10 and 10); a period order quantity rounds its total up to the
        multiple (12 + 5 = 17: 20); lot-for-lot ignores a minimum (3 needed:
        3); a fixed quantity of a millionth orders the need itself."""
        items = [
            buy(1, "Sheet", lot_policy="minmax", max_qty=25, multiple=10),
            buy(2, "Plate", lot_policy="minmax", min_qty=10, max_qty=10, multiple=10),
            buy(3, "Rod", lot_policy="poq", poq_periods=2, multiple=10),
            buy(4, "Tube", lot_policy="lfl", min_qty=10),
            buy(5, "Wire", lot_policy="foq", fixed_qty=0.000001),
        ]
        demands = [
            demand(1, week(1), 50, "sale,1"),
            demand(2, week(1), 15, "sale,2"),
            demand(3, week(1), 12, "sale,3"),
            demand(3, week(2), 5, "sale,4"),
            demand(4, week(1), 3, "sale,5"),
            demand(5, week(1), 4, "sale,6"),
        ]
        result = self.plan(items, demands)
        self.assertEqual(
            self.quantities(result, 1),
            [(20.0, week(1)), (20.0, week(1)), (10.0, week(1))],
        )
        self.assertEqual(self.quantities(result, 2), [(10.0, week(1))] * 2)
        self.assertEqual(self.quantities(result, 3), [(20.0, week(1))])
        self.assertEqual(self.quantities(result, 4), [(3.0, week(1))])
        self.assertEqual(self.quantities(result, 5), [(4.0, week(1))])

    def test_an_item_made_or_bought_takes_only_its_method_s_partner(self):
        """A made item that also has a vendor: its order has the BoM, no vendor;
        a bought one that also has a BoM: the vendor, no BoM."""
        items = [make(1, "Frame", vendor_id=100), buy(2, "Gear", bom_id=7)]
        demands = [demand(1, week(1), 1, "sale,1"), demand(2, week(1), 1, "sale,2")]
        result = self.plan(items, demands)
        [made] = self.orders_of(result, 1)
        [bought] = self.orders_of(result, 2)
        self.assertEqual((made.vendor_id, made.bom_id), (None, 1001))
        self.assertEqual((bought.vendor_id, bought.bom_id), (100, None))

    # ---- loading ----------------------------------------------------------------

    def test_demands_and_supplies_skipped_do_not_stop_the_others(self):
        """Demands and supplies of an unplanned item, past the horizon or of
        nothing come first: the ones after them still count. Two receipts of one
        week add up (4 + 6 cover 10)."""
        items = [buy(1, "Bolt"), buy(2, "Spare", planned=False)]
        demands = [
            demand(2, week(1), 5, "sale,1"),
            demand(1, week(9), 5, "sale,2"),
            demand(1, week(1), 0, "sale,3"),
            demand(1, week(1), 10, "sale,4"),
            demand(1, week(2), 7, "sale,5"),
        ]
        supplies = [
            supply(2, week(1), 5, "purchase,1"),
            supply(1, week(9), 5, "purchase,2"),
            supply(1, week(1), 4, "purchase,3"),
            supply(1, week(1), 6, "purchase,4"),
        ]
        result = self.plan(items, demands, supplies)
        self.assertEqual(self.quantities(result, 1), [(7.0, week(2))])
        self.assertEqual(self.records_of(result, 1)[1].scheduled_receipts, 10.0)

    # ---- validation -------------------------------------------------------------

    def plan_periods(self, periods, horizon_end, items=()):
        return plan(
            PlanInput(
                today=MONDAY,
                periods=periods,
                horizon_end=horizon_end,
                items={item.id: item for item in items},
                on_hand={},
                demands=[],
                supplies=[],
            )
        )

    def test_periods_refused_in_these_words(self):
        with self.assertRaisesRegex(
            ValueError, r"^The plan needs at least one period\.$"
        ):
            self.plan_periods([], week(1))
        with self.assertRaisesRegex(
            ValueError,
            r"^Periods must be sorted start dates: 2025-01-13 follows 2025-01-13\.$",
        ):
            self.plan_periods([week(0), week(1), week(1)], week(2))
        with self.assertRaisesRegex(
            ValueError,
            r"^The horizon end 2025-01-20 must follow the last period start "
            r"2025-01-20\.$",
        ):
            self.plan_periods([week(0), week(1), week(2)], week(2))
        with self.assertRaisesRegex(
            ValueError,
            r"^The horizon end 2025-01-13 must follow the last period start "
            r"2025-01-20\.$",
        ):
            self.plan_periods([week(0), week(1), week(2)], week(1))

    def test_items_refused_in_these_words(self):
        cases = [
            (
                Item(1, "Bolt", "steal"),
                r"^Item 'Bolt' \(1\): unknown supply method 'steal' "
                r"\(expected 'buy' or 'make'\)\.$",
            ),
            (
                buy(1, "Bolt", lot_policy="eoq"),
                r"^Item 'Bolt' \(1\): unknown lot policy 'eoq' "
                r"\(expected one of lfl, foq, minmax, poq\)\.$",
            ),
            (
                make(1, "Frame", yield_percent=100.5),
                r"^Item 'Frame' \(1\): the yield must be above 0 and at most 100 % "
                r"\(100\.5\)\.$",
            ),
        ]
        for item, words in cases:
            with self.subTest(words=words), self.assertRaisesRegex(ValueError, words):
                self.plan([item])

    def test_edge_values_accepted(self):
        """A yield of 0.5 % (200 starts for one good piece), a BoM line of
        nothing, a demand of nothing: planned, not refused."""
        items = [
            make(1, "Frame", yield_percent=0.5, bom_lines=[BomLine(2, 1)]),
            buy(2, "Tube"),
            make(3, "Kit", bom_lines=[BomLine(4, 0)]),
            buy(4, "Clip"),
        ]
        demands = [
            demand(1, week(2), 1, "sale,1"),
            demand(3, week(2), 1, "sale,2"),
            demand(3, week(2), 0, "sale,3"),
        ]
        result = self.plan(items, demands)
        self.assertEqual(self.quantities(result, 2), [(200.0, week(2))])
        self.assertEqual(self.quantities(result, 3), [(1.0, week(2))])
        self.assertEqual(self.quantities(result, 4), [])

    # ---- pegging ----------------------------------------------------------------

    def test_receipts_up_to_an_order_s_week_are_used_before_it(self):
        """5 received in week 0 cover the 5 sold that week; the order of week
        2 covers the 3 sold in week 2; the 2 received in week 7 (after the
        order) cover the 2 sold that week, not a part of the order."""
        items = [buy(1, "Bolt")]
        demands = [
            demand(1, week(0), 5, "sale,1"),
            demand(1, week(2), 3, "sale,2"),
            demand(1, week(7), 2, "sale,3"),
        ]
        supplies = [
            supply(1, week(0), 5, "purchase,1"),
            supply(1, week(7), 2, "purchase,2"),
        ]
        result = self.plan(items, demands, supplies)
        [order] = self.orders_of(result, 1)
        self.assertEqual((order.quantity, order.due_date), (3.0, week(2)))
        self.assertEqual(self.pegging_of(order), [("sale,2", "sale,2", 3.0)])

    def test_a_bought_item_with_a_bom_demands_no_components(self):
        """A gear bought (though it has a BoM): neither its planned order nor
        its firm planned order demands the BoM's blank."""
        items = [
            buy(1, "Gear", bom_id=7, bom_lines=[BomLine(2, 1)]),
            buy(2, "Blank"),
        ]
        demands = [demand(1, week(3), 5, "sale,1")]
        supplies = [supply(1, week(1), 4, "PO-1-9", kind="firm")]
        result = self.plan(items, demands, supplies)
        self.assertEqual(self.quantities(result, 1), [(1.0, week(3))])
        self.assertEqual(self.quantities(result, 2), [])
        self.assertEqual(
            [record.gross for record in self.records_of(result, 2)], [0.0] * 8
        )

    def test_a_component_missing_from_the_items_in_these_words(self):
        with self.assertRaisesRegex(
            ValueError,
            r"^Item 'Frame' \(1\): component 9 of its bill of materials is not "
            r"among the planned items\.$",
        ):
            self.plan([make(1, "Frame", bom_lines=[BomLine(9, 1)])])

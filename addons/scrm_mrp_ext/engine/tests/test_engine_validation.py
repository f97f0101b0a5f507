"""Bills of materials that contain themselves, and inputs the engine refuses."""

from datetime import timedelta

from .. import BomCycleError, BomLine, PlanInput, low_level_codes, plan
from .common import EngineCase, buy, demand, make, supply, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineBomCycles(EngineCase):
    def assertCycle(self, items, ids, text):
        by_id = {item.id: item for item in items}
        with self.assertRaises(BomCycleError) as caught:
            low_level_codes(by_id)
        self.assertEqual(caught.exception.items, ids)
        self.assertEqual(str(caught.exception), text)
        with self.assertRaises(BomCycleError):
            self.plan(items, [demand(items[0].id, week(1), 1, "sale,1")])
        self.assertIsInstance(caught.exception, ValueError)

    def test_direct_cycle(self):
        alpha = make(1, "Alpha", bom_lines=[BomLine(2, 1), BomLine(1, 1)])
        self.assertCycle(
            [alpha, buy(2, "Bolt")], [1, 1], "Bill of materials cycle: Alpha -> Alpha"
        )

    def test_cycle_through_a_chain(self):
        """A -> B -> C -> A below a top item T, reported parent first from the
        smallest id of the cycle (B here)."""
        top = make(1, "Top", bom_lines=[BomLine(9, 1)])
        alpha = make(9, "Alpha", bom_lines=[BomLine(2, 1)])
        bravo = make(2, "Bravo", bom_lines=[BomLine(3, 1), BomLine(4, 1)])
        charlie = make(3, "Charlie", bom_lines=[BomLine(9, 2)])
        leaf = buy(4, "Leaf")
        self.assertCycle(
            [top, alpha, bravo, charlie, leaf],
            [2, 3, 9, 2],
            "Bill of materials cycle: Bravo -> Charlie -> Alpha -> Bravo",
        )

    def test_cycle_through_a_phantom(self):
        machine = make(1, "Machine", bom_lines=[BomLine(2, 1)])
        kit = make(2, "Kit", phantom=True, bom_lines=[BomLine(1, 1)])
        self.assertCycle(
            [machine, kit],
            [1, 2, 1],
            "Bill of materials cycle: Machine -> Kit -> Machine",
        )

    def test_bought_item_boms_are_not_exploded(self):
        """The BoM lines of a bought item do not count: no cycle, code 0 below."""
        items = {
            1: make(1, "Assembly", bom_lines=[BomLine(2, 1)]),
            2: buy(2, "Bought", bom_lines=[BomLine(1, 1)]),
        }
        self.assertEqual(low_level_codes(items), {1: 0, 2: 1})

    def test_unknown_component(self):
        items = {1: make(1, "Assembly", bom_lines=[BomLine(7, 1)])}
        with self.assertRaisesRegex(ValueError, r"'Assembly' \(1\): component 7"):
            low_level_codes(items)


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineInvalidInput(EngineCase):
    def assertRefused(self, pattern, items, demands=(), supplies=(), on_hand=None):
        with self.assertRaisesRegex(ValueError, pattern):
            self.plan(items, demands, supplies, on_hand)

    def test_negative_quantities(self):
        item = buy(1, "Bolt")
        self.assertRefused(
            r"Demand sale,1 of item 'Bolt' \(1\) has a negative quantity \(-2\)",
            [item],
            [demand(1, week(1), -2, "sale,1")],
        )
        self.assertRefused(
            r"Supply purchase,1 of item 'Bolt' \(1\) has a negative quantity",
            [item],
            supplies=[supply(1, week(1), -5, "purchase,1")],
        )
        self.assertRefused(
            r"On hand of item 'Bolt' \(1\) is negative \(-1\)", [item], on_hand={1: -1}
        )

    def test_negative_item_settings(self):
        for field in (
            "lead_time_days",
            "safety_stock",
            "fixed_qty",
            "min_qty",
            "max_qty",
            "multiple",
        ):
            with self.subTest(field=field):
                item = buy(1, "Bolt", **{field: -1})
                self.assertRefused(
                    rf"Item 'Bolt' \(1\): {field} must not be negative", [item]
                )
        self.assertRefused(
            r"Item 'Frame' \(2\): component 1 has a negative quantity",
            [buy(1, "Bolt"), make(2, "Frame", bom_lines=[BomLine(1, -1)])],
        )

    def test_inconsistent_lot_sizes(self):
        cases = [
            ({"lot_policy": "poq", "poq_periods": 0}, "poq_periods must be at least 1"),
            ({"lot_policy": "foq"}, "a fixed order quantity policy needs fixed_qty"),
            (
                {"lot_policy": "minmax", "min_qty": 50, "max_qty": 20},
                "min_qty 50 exceeds max_qty 20",
            ),
            (
                {"lot_policy": "minmax", "max_qty": 20, "multiple": 25},
                "no multiple of 25 lies between min_qty 0.0 and max_qty 20",
            ),
            (
                {"lot_policy": "minmax", "min_qty": 90, "max_qty": 95, "multiple": 25},
                "no multiple of 25 lies between min_qty 90 and max_qty 95",
            ),
            ({"lot_policy": "eoq"}, "unknown lot policy 'eoq'"),
            ({"supply_method": "steal"}, "unknown supply method 'steal'"),
        ]
        for values, pattern in cases:
            with self.subTest(values=values):
                item = buy(1, "Bolt")
                for name, value in values.items():
                    setattr(item, name, value)
                self.assertRefused(rf"Item 'Bolt' \(1\): {pattern}", [item])

    def test_unknown_items(self):
        self.assertRefused(
            r"Demand sale,1: item 42 is not among the planned items",
            [buy(1, "Bolt")],
            [demand(42, week(1), 1, "sale,1")],
        )
        self.assertRefused(
            r"Supply purchase,1: item 42 is not among the planned items",
            [buy(1, "Bolt")],
            supplies=[supply(42, week(1), 1, "purchase,1")],
        )
        # on hand of products that are not planned is simply not used
        result = self.plan([buy(1, "Bolt")], on_hand={42: 10})
        self.assertEqual(len(result.records), 8)

    def test_item_filed_under_another_id(self):
        with self.assertRaisesRegex(
            ValueError, r"'Bolt' \(1\) is filed under the id 2"
        ):
            plan(
                PlanInput(
                    today=week(0),
                    periods=[week(0)],
                    horizon_end=week(1),
                    items={2: buy(1, "Bolt")},
                    on_hand={},
                    demands=[],
                    supplies=[],
                )
            )

    def test_periods(self):
        def run(periods, horizon_end):
            return plan(
                PlanInput(
                    today=week(0),
                    periods=periods,
                    horizon_end=horizon_end,
                    items={1: buy(1, "Bolt")},
                    on_hand={},
                    demands=[],
                    supplies=[],
                )
            )

        with self.assertRaisesRegex(ValueError, "at least one period"):
            run([], week(1))
        with self.assertRaisesRegex(ValueError, "sorted start dates"):
            run([week(1), week(0)], week(2))
        with self.assertRaisesRegex(ValueError, "horizon end"):
            run([week(0), week(1)], week(1) - timedelta(days=1))

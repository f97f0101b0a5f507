"""Cases the other engine tests left open, found by ``make mutants``: each
test fails on a mutant that survived them (a changed comparison, a dropped
condition, a message) and asserts what a planner would see instead."""

import gc

from .. import BomCycleError, BomLine, PlanInput, net_change_scope, plan_net_change
from .common import (
    MONDAY,
    EngineCase,
    buy,
    demand,
    make,
    supply,
    tagged,
    week,
)


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineSurvivors(EngineCase):
    def pegs(self, result, item_id):
        return [self.pegging_of(order) for order in self.orders_of(result, item_id)]

    # ---- messages ---------------------------------------------------------------

    def test_messages_read_as_written(self):
        """Quantities read 12.5 and 3, not 12.500000; each message says what
        to do. Item 2's first purchase is needed in its own week (no message):
        the purchase after it is still judged (cancel)."""
        items = [
            buy(1, "Bolt", lead_time_days=7),
            buy(2, "Nut"),
            buy(3, "Washer"),
        ]
        demands = [
            demand(1, week(0), 12.5, "sale,1"),
            demand(2, week(2), 10, "sale,2"),
            demand(3, week(5), 3, "sale,3"),
        ]
        supplies = [
            supply(2, week(2), 10, "purchase,2"),
            supply(2, week(4), 0.5, "purchase,3"),
            supply(3, week(1), 3, "purchase,4"),
        ]
        result = self.plan(items, demands, supplies)
        self.assertEqual(
            [(message.kind, message.message) for message in result.exceptions],
            [
                (
                    "release_late",
                    "Planned order PO-1-1 for 12.5 Bolt due 2025-01-06 should have "
                    "been released on 2024-12-30; release it now.",
                ),
                (
                    "cancel",
                    "Cancel purchase,3 (purchase of 0.5 Nut due 2025-02-03): it is "
                    "not needed within the horizon.",
                ),
                (
                    "defer",
                    "Defer purchase,4 (purchase of 3 Washer due 2025-01-13) to "
                    "2025-02-10: it is not needed before.",
                ),
            ],
        )

    # ---- lot sizing -------------------------------------------------------------

    def test_an_exact_multiple_is_not_rounded_up(self):
        """20 needed, lots of 10: one order of 20 (min-max and period order
        quantity both round up only what is not a multiple already)."""
        items = [
            buy(1, "Sheet", lot_policy="minmax", multiple=10),
            buy(2, "Rod", lot_policy="poq", poq_periods=2, multiple=10),
        ]
        demands = [
            demand(1, week(1), 20, "sale,1"),
            demand(2, week(1), 12, "sale,2"),
            demand(2, week(2), 8, "sale,3"),
        ]
        result = self.plan(items, demands)
        self.assertOrders(result, 1, [(20.0, week(1), week(1), False)])
        self.assertOrders(result, 2, [(20.0, week(1), week(1), False)])

    # ---- phantom kits -----------------------------------------------------------

    def test_kit_lines_after_an_unplanned_component_and_tiny_shares(self):
        """Kit 1 = unplanned 2 + 1 x item 3 + 0.4 x item 4. One millionth of a
        kit gives item 3 one micro-unit (kept) and item 4 0.4 of one (nothing:
        no empty share appears in item 4's pegging)."""
        items = [
            make(
                1,
                "Kit",
                phantom=True,
                bom_lines=[BomLine(2, 1), BomLine(3, 1), BomLine(4, 0.4)],
            ),
            buy(2, "Manual", planned=False),
            buy(3, "Strap"),
            buy(4, "Buckle"),
        ]
        demands = [
            demand(4, week(2), 5, "sale,1"),
            demand(1, week(2, 1), 0.000001, "sale,2"),
            demand(4, week(2, 2), 3, "sale,3"),
        ]
        result = self.plan(items, demands)
        self.assertTable(
            result,
            3,
            gross=[0, 0, 0.000001, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 0.000001, 0, 0, 0, 0, 0],
            planned_receipt=[0, 0, 0.000001, 0, 0, 0, 0, 0],
            planned_release=[0, 0, 0.000001, 0, 0, 0, 0, 0],
        )
        self.assertEqual(self.pegs(result, 3), [[("sale,2", "sale,2", 0.000001)]])
        self.assertEqual(
            self.pegs(result, 4),
            [[("sale,1", "sale,1", 5.0), ("sale,3", "sale,3", 3.0)]],
        )

    def test_an_empty_firm_order_demands_nothing(self):
        """A firm planned order of 0 (all of it cancelled) asks nothing of its
        component: no empty share among the component's pegging."""
        items = [make(1, "Frame", bom_lines=[BomLine(2, 1)]), buy(2, "Tube")]
        demands = [
            demand(2, week(2), 5, "sale,1"),
            demand(2, week(2, 2), 3, "sale,2"),
        ]
        supplies = [supply(1, week(2, 1), 0, "firm,1", "firm")]
        result = self.plan(items, demands, supplies)
        self.assertEqual(
            self.pegs(result, 2),
            [[("sale,1", "sale,1", 5.0), ("sale,2", "sale,2", 3.0)]],
        )

    def test_tiny_parent_orders_pass_down_exact_shares(self):
        """A millionth of Pump, made in 6 days, is released Tuesday of week 2:
        its 0.4 Gaskets round to nothing (no empty share between the Gasket
        sales), its 0.6 Bolts to one micro-unit (kept, pegged to the Pump)."""
        items = [
            make(
                1,
                "Pump",
                lead_time_days=6,
                bom_lines=[BomLine(2, 0.4), BomLine(3, 0.6)],
            ),
            buy(2, "Gasket"),
            buy(3, "Bolt"),
        ]
        demands = [
            demand(1, week(3), 0.000001, "sale,1"),
            demand(2, week(2), 5, "sale,2"),
            demand(2, week(2, 2), 3, "sale,3"),
        ]
        result = self.plan(items, demands)
        self.assertOrders(result, 1, [(0.000001, week(3), week(2, 1), False)])
        self.assertEqual(
            self.pegs(result, 2),
            [[("sale,2", "sale,2", 5.0), ("sale,3", "sale,3", 3.0)]],
        )
        self.assertEqual(self.pegs(result, 3), [[("PO-1-1", "sale,1", 0.000001)]])

    # ---- forecast consumption ---------------------------------------------------

    def test_forecast_consumption_edges(self):
        """Item 1: two sales (3 + 4) of one week consume the forecast of 10
        together: 10, not 13. Item 2: forecasts of one day are consumed in
        their input order (A before B). Item 3: a forecast consumed exactly
        leaves nothing, not an empty share. Item 4: a forecast larger than the
        sales leaves the next forecast of the week whole."""
        items = [buy(item_id, f"Item {item_id}") for item_id in (1, 2, 3, 4)]
        forecast = "forecast"
        demands = [
            demand(1, week(2), 10, "fc,1", forecast),
            demand(1, week(2, 1), 3, "sale,1"),
            demand(1, week(2, 2), 4, "sale,2"),
            demand(2, week(3), 8, "fc,A", forecast),
            demand(2, week(3), 5, "fc,B", forecast),
            demand(2, week(3), 6, "sale,3"),
            demand(3, week(4), 5, "sale,4"),
            demand(3, week(4, 1), 5, "fc,3a", forecast),
            demand(3, week(4, 2), 4, "fc,3b", forecast),
            demand(4, week(5), 6, "sale,5"),
            demand(4, week(5), 8, "fc,4a", forecast),
            demand(4, week(5, 1), 4, "fc,4b", forecast),
        ]
        result = self.plan(items, demands)
        self.assertTable(
            result,
            1,
            gross=[0, 0, 10, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 10, 0, 0, 0, 0, 0],
            planned_receipt=[0, 0, 10, 0, 0, 0, 0, 0],
            planned_release=[0, 0, 10, 0, 0, 0, 0, 0],
        )
        self.assertEqual(
            self.pegs(result, 2),
            [[("sale,3", "sale,3", 6.0), ("fc,A", "fc,A", 2.0), ("fc,B", "fc,B", 5.0)]],
        )
        self.assertEqual(
            self.pegs(result, 3),
            [[("sale,4", "sale,4", 5.0), ("fc,3b", "fc,3b", 4.0)]],
        )
        self.assertEqual(
            [record.gross for record in self.records_of(result, 4)],
            [0, 0, 0, 0, 0, 12.0, 0, 0],
        )

    # ---- bills of materials -----------------------------------------------------

    def test_cycle_named_without_the_items_below_it(self):
        """2 and 3 contain each other; 1, a component of 2, is stuck below the
        cycle but not in it: the error names 2 -> 3 -> 2 only."""
        items = [
            buy(1, "Screw"),
            make(2, "Arm", bom_lines=[BomLine(3, 1), BomLine(1, 2)]),
            make(3, "Joint", bom_lines=[BomLine(2, 1)]),
        ]
        with self.assertRaises(BomCycleError) as caught:
            self.plan(items)
        self.assertEqual(caught.exception.items, [2, 3, 2])
        self.assertEqual(
            str(caught.exception), "Bill of materials cycle: Arm -> Joint -> Arm"
        )

    # ---- net change -------------------------------------------------------------

    def data(self, items, demands, periods=None):
        periods = periods or [week(index) for index in range(self.weeks)]
        return PlanInput(
            today=MONDAY,
            periods=periods,
            horizon_end=week(self.weeks, periods[0].weekday()),
            items={item.id: item for item in items},
            on_hand={},
            demands=list(demands),
            supplies=[],
        )

    def test_kept_orders_of_one_week_feed_in_their_order(self):
        """Table is made in lots of at most 6: 10 due in week 3 are PO-1-1 (6)
        and PO-1-2 (4). Replanning the legs alone, with the kept orders handed
        over in any order, pegs them as a full run does: PO-1-1 first."""
        items = [
            make(1, "Table", lot_policy="minmax", max_qty=6, bom_lines=[BomLine(2, 1)]),
            buy(2, "Leg"),
        ]
        data = self.data(items, [demand(1, week(3), 10, "sale,1")])
        full = self.plan(items, [demand(1, week(3), 10, "sale,1")])
        expected = [[("PO-1-1", "sale,1", 6.0), ("PO-1-2", "sale,1", 4.0)]]
        self.assertEqual(self.pegs(full, 2), expected)
        kept = list(reversed(full.planned_orders))
        change = plan_net_change(data, {2}, kept)
        self.assertEqual(self.pegs(change.plan, 2), expected)

    def test_changed_periods_message(self):
        items = [make(1, "Table", bom_lines=[BomLine(2, 1)]), buy(2, "Leg")]
        previous = self.plan(items, [demand(1, week(3), 10, "sale,1")])
        moved = self.data(
            items,
            [demand(1, week(3), 10, "sale,1")],
            [week(index, 1) for index in range(self.weeks)],
        )
        with self.assertRaises(ValueError) as caught:
            plan_net_change(moved, {2}, previous.planned_orders)
        self.assertEqual(
            str(caught.exception),
            "Planned order PO-1-1 is due 2025-01-27, not at a period start: the "
            "periods changed since the previous plan, which needs a full run.",
        )

    def test_a_bought_items_bom_feeds_nothing(self):
        """A bought item keeps the BoM lines of a product it was once made of:
        ignored, so replanning the part does not take the bought item along."""
        items = {
            item.id: item
            for item in (
                buy(1, "Resold pump", bom_lines=[BomLine(2, 1)]),
                buy(2, "Seal"),
            )
        }
        self.assertEqual(net_change_scope(items, {2}), ({2}, set()))

    def test_garbage_collector_is_back_on_after_a_run(self):
        """Runs pause the collector (see ``plan``): the server's worker gets it
        back, on after a run, still off when it was off."""
        items = [make(1, "Table", bom_lines=[BomLine(2, 1)]), buy(2, "Leg")]
        demands = [demand(1, week(3), 10, "sale,1")]
        self.assertTrue(gc.isenabled())
        previous = self.plan(items, demands)
        self.assertTrue(gc.isenabled())
        plan_net_change(self.data(items, demands), {2}, previous.planned_orders)
        self.assertTrue(gc.isenabled())
        gc.disable()
        try:
            plan_net_change(self.data(items, demands), {2}, previous.planned_orders)
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()

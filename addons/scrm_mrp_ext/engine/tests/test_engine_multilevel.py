"""Multi-level plans: low-level codes, dependent demand, phantom kits, forecast
consumption and items planned elsewhere."""

from .. import BomLine
from .common import EngineCase, buy, demand, make, supply, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineMultiLevel(EngineCase):
    def test_component_at_two_levels_netted_once(self):
        """FG = 2 SUB + 1 C; SUB = 3 C; C is also sold on its own.

        C appears at level 1 (under FG) and level 2 (under SUB): its low-level
        code is 2, so it is netted once, after FG and SUB, against the sum of
        its demands:
        - FG (lead 7 days) orders 10 in week 3 and 5 in week 5, released in
          weeks 2 and 4: SUB needs 20 in week 2 and 10 in week 4, C needs 10
          in week 2 and 5 in week 4;
        - SUB (lead 7 days, 5 on hand) orders 15 in week 2 and 10 in week 4,
          released in weeks 1 and 3: C needs 45 in week 1 and 30 in week 3;
        - C's own sale: 4 in week 2.
        """
        fg = make(
            1,
            "FG",
            lead_time_days=7,
            bom_lines=[BomLine(2, 2), BomLine(3, 1)],
        )
        sub = make(2, "SUB", lead_time_days=7, bom_lines=[BomLine(3, 3)])
        comp = buy(3, "C")
        demands = [
            demand(1, week(3), 10, "sale,fg1"),
            demand(1, week(5), 5, "sale,fg2"),
            demand(3, week(2, 2), 4, "sale,spare"),
        ]
        result = self.plan([comp, sub, fg], demands, on_hand={2: 5, 3: 20})
        self.assertEqual(result.low_level_codes, {1: 0, 2: 1, 3: 2})
        # week: 0  1  2   3  4  5  6  7
        self.assertTable(
            result,
            1,
            gross=[0, 0, 0, 10, 0, 5, 0, 0],
            net_requirement=[0, 0, 0, 10, 0, 5, 0, 0],
            planned_receipt=[0, 0, 0, 10, 0, 5, 0, 0],
            planned_release=[0, 0, 10, 0, 5, 0, 0, 0],
        )
        self.assertTable(
            result,
            2,
            gross=[0, 0, 20, 0, 10, 0, 0, 0],
            projected_on_hand=[5, 5, 0, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 15, 0, 10, 0, 0, 0],
            planned_receipt=[0, 0, 15, 0, 10, 0, 0, 0],
            planned_release=[0, 15, 0, 10, 0, 0, 0, 0],
        )
        self.assertTable(
            result,
            3,
            gross=[0, 45, 14, 30, 5, 0, 0, 0],
            projected_on_hand=[20, 0, 0, 0, 0, 0, 0, 0],
            net_requirement=[0, 25, 14, 30, 5, 0, 0, 0],
            planned_receipt=[0, 25, 14, 30, 5, 0, 0, 0],
            planned_release=[0, 25, 14, 30, 5, 0, 0, 0],
        )
        # netted once: one order per week, 45 + 14 + 30 + 5 - 20 on hand = 74
        orders = self.orders_of(result, 3)
        self.assertEqual([order.quantity for order in orders], [25.0, 14.0, 30.0, 5.0])
        self.assertEqual(sum(order.quantity for order in orders), 74.0)
        self.assertEqual(
            [
                (order.bom_id, order.supply_method)
                for order in self.orders_of(result, 1)
            ],
            [(1001, "make"), (1001, "make")],
        )
        self.assertEqual(len(result.records), 3 * 8)

    def test_low_level_code_is_deepest_level(self):
        """A diamond plus a shortcut: D is under B (level 1) and under C, itself
        under B (level 2): code 3 is the longest path; input order is
        irrelevant."""
        items = [
            make(4, "D", bom_lines=[]),
            make(1, "A", bom_lines=[BomLine(2, 1), BomLine(3, 1)]),
            make(2, "B", bom_lines=[BomLine(3, 1), BomLine(4, 1)]),
            make(3, "C", bom_lines=[BomLine(4, 2)]),
            buy(5, "E"),
        ]
        result = self.plan(items, [demand(1, week(4), 1, "sale,1")])
        self.assertEqual(result.low_level_codes, {1: 0, 2: 1, 3: 2, 4: 3, 5: 0})
        # D: 1 through B + 2 through C (itself 1 through A + 1 through B)
        self.assertEqual(self.records_of(result, 4)[4].gross, 5.0)

    def test_phantom_kit_passes_demand_through(self):
        """FG = 2 KIT + 1 X; KIT (phantom) = 3 Y + 1 Z. The kit is also sold on
        its own. The kit gets no records nor orders; its on hand and supplies are
        ignored; its components get the demand at the same dates."""
        fg = make(1, "FG", bom_lines=[BomLine(2, 2), BomLine(3, 1)])
        kit = make(2, "KIT", phantom=True, bom_lines=[BomLine(4, 3), BomLine(5, 1)])
        x, y, z = buy(3, "X"), buy(4, "Y"), buy(5, "Z")
        demands = [
            demand(1, week(2), 5, "sale,fg"),
            demand(2, week(4, 1), 1, "sale,kit"),
        ]
        result = self.plan(
            [fg, kit, x, y, z],
            demands,
            [supply(2, week(1), 50, "purchase,kit")],
            on_hand={2: 100, 4: 10},
        )
        self.assertEqual(result.low_level_codes, {1: 0, 2: 1, 3: 1, 4: 2, 5: 2})
        self.assertEqual(self.records_of(result, 2), [])
        self.assertEqual(self.orders_of(result, 2), [])
        self.assertEqual(result.exceptions, [])
        # week: 0  1   2  3  4  5  6  7
        self.assertTable(
            result,
            3,
            gross=[0, 0, 5, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 5, 0, 0, 0, 0, 0],
            planned_receipt=[0, 0, 5, 0, 0, 0, 0, 0],
            planned_release=[0, 0, 5, 0, 0, 0, 0, 0],
        )
        self.assertTable(
            result,
            4,
            gross=[0, 0, 30, 0, 3, 0, 0, 0],
            projected_on_hand=[10, 10, 0, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 20, 0, 3, 0, 0, 0],
            planned_receipt=[0, 0, 20, 0, 3, 0, 0, 0],
            planned_release=[0, 0, 20, 0, 3, 0, 0, 0],
        )
        self.assertTable(
            result,
            5,
            gross=[0, 0, 10, 0, 1, 0, 0, 0],
            net_requirement=[0, 0, 10, 0, 1, 0, 0, 0],
            planned_receipt=[0, 0, 10, 0, 1, 0, 0, 0],
            planned_release=[0, 0, 10, 0, 1, 0, 0, 0],
        )
        # the kit is transparent in pegging: Y is pegged to FG's order
        y_orders = self.orders_of(result, 4)
        self.assertEqual(self.pegging_of(y_orders[0]), [("PO-1-1", "sale,fg", 20.0)])
        self.assertEqual(self.pegging_of(y_orders[1]), [("sale,kit", "sale,kit", 3.0)])

    def test_nested_phantoms(self):
        """A kit inside a kit: quantities multiply through both."""
        fg = make(1, "FG", bom_lines=[BomLine(2, 2)])
        outer = make(2, "OUTER", phantom=True, bom_lines=[BomLine(3, 3)])
        inner = make(3, "INNER", phantom=True, bom_lines=[BomLine(4, 0.5)])
        leaf = buy(4, "LEAF")
        result = self.plan([fg, outer, inner, leaf], [demand(1, week(1), 4, "sale,1")])
        self.assertEqual(
            [r.item_id for r in result.records if r.period_index == 0], [1, 4]
        )
        self.assertEqual(self.records_of(result, 4)[1].gross, 12.0)  # 4 * 2 * 3 * 0.5

    def test_forecast_consumption(self):
        """Per week gross = max(forecast, actual) + component demand:
        - week 0: forecast 50, sale 30 -> 50;   week 1: forecast 40, sale 60 -> 60
        - week 2: sale 20 -> 20;                week 3: forecast 30 -> 30
        - week 4: forecast 25 + component 10 -> 35
        - week 5: forecast 20, sale 15, component 5 -> 20 + 5 = 25
        - week 6: forecasts 4 + 6, a "transfer" (actual) of 7 -> 10."""
        item = buy(1, "Valve")
        demands = [
            demand(1, week(0), 50, "mps,0", "forecast"),
            demand(1, week(0, 2), 30, "sale,0"),
            demand(1, week(1), 40, "mps,1", "forecast"),
            demand(1, week(1, 3), 60, "sale,1"),
            demand(1, week(2, 1), 20, "sale,2"),
            demand(1, week(3), 30, "mps,3", "forecast"),
            demand(1, week(4), 25, "mps,4", "forecast"),
            demand(1, week(4, 2), 10, "mrp.production,4", "component"),
            demand(1, week(5), 20, "mps,5", "forecast"),
            demand(1, week(5, 1), 15, "sale,5"),
            demand(1, week(5, 2), 5, "mrp.production,5", "component"),
            demand(1, week(6), 4, "mps,6a", "forecast"),
            demand(1, week(6, 3), 6, "mps,6b", "forecast"),
            demand(1, week(6, 1), 7, "stock.picking,6", "transfer"),
        ]
        result = self.plan([item], demands)
        gross = [50, 60, 20, 30, 35, 25, 10, 0]
        self.assertTable(
            result,
            1,
            gross=gross,
            net_requirement=gross,
            planned_receipt=gross,
            planned_release=gross,
        )
        orders = self.orders_of(result, 1)
        # what is left of a forecast after the sales of its week is pegged
        self.assertEqual(
            self.pegging_of(orders[0]),
            [("mps,0", "mps,0", 20.0), ("sale,0", "sale,0", 30.0)],
        )
        self.assertEqual(self.pegging_of(orders[1]), [("sale,1", "sale,1", 60.0)])
        # the earliest forecast of the week is consumed first
        self.assertEqual(
            self.pegging_of(orders[6]),
            [("stock.picking,6", "stock.picking,6", 7.0), ("mps,6b", "mps,6b", 3.0)],
        )

    def test_unplanned_item_is_skipped(self):
        """U is planned elsewhere (reordering rules): no records, no orders, and
        its components get no demand through it."""
        fg = make(1, "FG", bom_lines=[BomLine(2, 1), BomLine(4, 1)])
        unplanned = make(2, "U", planned=False, bom_lines=[BomLine(3, 1)])
        below = buy(3, "W")
        other = buy(4, "V")
        result = self.plan(
            [fg, unplanned, below, other],
            [demand(1, week(2), 6, "sale,1"), demand(2, week(3), 9, "sale,2")],
            [supply(2, week(1), 5, "purchase,u")],
        )
        self.assertEqual(self.records_of(result, 2), [])
        self.assertEqual(self.orders_of(result, 2), [])
        self.assertTable(result, 3)  # all zeros
        self.assertEqual(self.records_of(result, 4)[2].gross, 6.0)
        self.assertEqual(result.exceptions, [])

    def test_firm_make_order_demands_its_components(self):
        """FG = 2 C, lead 7 days. A firm order of 8 FG due in week 3 covers the
        sale of 8 in week 3, so no FG order is planned; C still needs 16 in
        week 2 (the firm order's release), pegged to the firm order."""
        fg = make(1, "FG", lead_time_days=7, bom_lines=[BomLine(2, 2)])
        comp = buy(2, "C")
        result = self.plan(
            [fg, comp],
            [demand(1, week(3), 8, "sale,1")],
            [supply(1, week(3), 8, "scrm.mrp.planned.order,9", "firm")],
        )
        self.assertEqual(self.orders_of(result, 1), [])
        self.assertTable(
            result,
            2,
            gross=[0, 0, 16, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 16, 0, 0, 0, 0, 0],
            planned_receipt=[0, 0, 16, 0, 0, 0, 0, 0],
            planned_release=[0, 0, 16, 0, 0, 0, 0, 0],
        )
        (order,) = self.orders_of(result, 2)
        self.assertEqual(
            self.pegging_of(order),
            [("scrm.mrp.planned.order,9", "scrm.mrp.planned.order,9", 16.0)],
        )

    def test_progress_is_reported_once_per_low_level_code(self):
        """A background run shows how far the planning is: the engine reports
        the items planned so far each time it passes to the next level."""
        fg = make(1, "FG", bom_lines=[BomLine(2, 2), BomLine(3, 1)])
        sub = make(2, "SUB", bom_lines=[BomLine(3, 3)])
        spare = buy(4, "Spare")
        calls = []
        result = self.plan(
            [buy(3, "C"), sub, fg, spare],
            [demand(1, week(3), 10, "sale,fg")],
            progress=lambda done, total: calls.append((done, total)),
        )
        # level 0: FG and the spare part, level 1: SUB, level 2: C
        self.assertEqual(result.low_level_codes, {1: 0, 2: 1, 3: 2, 4: 0})
        self.assertEqual(calls, [(0, 4), (2, 4), (3, 4)])
        self.assertEqual(self.plan([fg, sub, buy(3, "C")]).tables[0].item_id, 1)

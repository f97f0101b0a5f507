"""Scrap per BoM line and yield per made item, tables computed by hand.

Table (T) is made of 4 legs (L) and 1 top (P), one week of lead time; legs are
bought, tops too. 10 tables are sold in week 3 and 5 in week 5.
"""

from .. import BomLine
from .common import EngineCase, buy, demand, make, tagged, week


def table(**values):
    return make(
        1,
        "Table",
        lead_time_days=7,
        bom_lines=[BomLine(2, 4, scrap=values.pop("leg_scrap", 0.0)), BomLine(3, 1)],
        **values,
    )


SALES = [demand(1, week(3), 10, "sale,1"), demand(1, week(5), 5, "sale,2")]


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestScrapAndYield(EngineCase):
    def gross_of(self, result, item_id):
        return [record.gross for record in self.records_of(result, item_id)]

    def assertTableOrders(self, result):
        """The tables' own orders are not grossed up: 10 and 5 good tables."""
        self.assertOrders(
            result,
            1,
            [(10.0, week(3), week(2), False), (5.0, week(5), week(4), False)],
        )

    def test_scrap_grosses_up_the_line_only(self):
        # legs: 4 per table + 25 % scrap = 5 per table; tops untouched
        result = self.plan(
            [table(leg_scrap=25), buy(2, "Leg"), buy(3, "Top")], SALES, on_hand={2: 8}
        )
        self.assertTable(
            result,
            2,
            gross=[0, 0, 50, 0, 25, 0, 0, 0],
            projected_on_hand=[8, 8, 0, 0, 0, 0, 0, 0],
            net_requirement=[0, 0, 42, 0, 25, 0, 0, 0],
            planned_receipt=[0, 0, 42, 0, 25, 0, 0, 0],
            planned_release=[0, 0, 42, 0, 25, 0, 0, 0],
        )
        self.assertEqual(self.gross_of(result, 3), [0, 0, 10, 0, 5, 0, 0, 0])
        self.assertTableOrders(result)
        legs = self.orders_of(result, 2)
        self.assertEqual(
            [self.pegging_of(order) for order in legs],
            [[("PO-1-1", "sale,1", 42.0)], [("PO-1-2", "sale,2", 25.0)]],
        )

    def test_yield_grosses_up_every_component(self):
        # 80 % yield: 10 good tables start 12.5, so 50 legs and 12.5 tops
        result = self.plan(
            [table(yield_percent=80), buy(2, "Leg"), buy(3, "Top")], SALES
        )
        self.assertEqual(self.gross_of(result, 2), [0, 0, 50, 0, 25, 0, 0, 0])
        self.assertEqual(self.gross_of(result, 3), [0, 0, 12.5, 0, 6.25, 0, 0, 0])
        self.assertTableOrders(result)
        self.assertEqual(
            [self.pegging_of(order) for order in self.orders_of(result, 3)],
            [[("PO-1-1", "sale,1", 12.5)], [("PO-1-2", "sale,2", 6.25)]],
        )

    def test_scrap_and_yield_together(self):
        # 4 legs x 1.10 (10 % scrap) / 0.8 (yield) = 5.5 legs per good table
        result = self.plan(
            [table(leg_scrap=10, yield_percent=80), buy(2, "Leg"), buy(3, "Top")],
            SALES,
        )
        self.assertEqual(self.gross_of(result, 2), [0, 0, 55, 0, 27.5, 0, 0, 0])
        self.assertEqual(self.gross_of(result, 3), [0, 0, 12.5, 0, 6.25, 0, 0, 0])

    def test_kit_scrap_passes_through(self):
        # a phantom kit of 2 screws with 50 % scrap: 3 screws per kit
        items = [
            make(1, "Table", bom_lines=[BomLine(4, 1)]),
            make(4, "Screw kit", phantom=True, bom_lines=[BomLine(5, 2, scrap=50)]),
            buy(5, "Screw"),
        ]
        result = self.plan(items, [demand(1, week(2), 10, "sale,1")])
        self.assertEqual(self.gross_of(result, 5), [0, 0, 30, 0, 0, 0, 0, 0])

    def test_bad_scrap_or_yield_is_refused(self):
        for item, message in (
            (table(yield_percent=0), "yield must be above 0"),
            (table(yield_percent=120), "at most 100"),
            (table(leg_scrap=-5), "negative scrap percentage"),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(ValueError, message),
            ):
                self.plan([item, buy(2, "Leg"), buy(3, "Top")], SALES)

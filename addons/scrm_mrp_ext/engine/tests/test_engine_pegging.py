"""Pegging: which demands each planned order covers, and their top-level root."""

from .. import BomLine
from .common import EngineCase, buy, demand, make, tagged, week


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEnginePegging(EngineCase):
    def test_chain_to_top_level_demand(self):
        """FG = 1 SUB; SUB = 2 C; C (fixed lots of 100) is also sold on its own;
        M (safety stock 3, no demand) = 1 C.

        - FG has 4 on hand: sale A (10, week 1) takes them first, FG's order of
          week 1 covers the other 6; sale B (8, week 3) gets FG's second order.
          The forecast of week 1 (5) is consumed by sale A.
        - SUB's orders cover FG's orders: demand_ref is FG's order, top_ref the
          sale at the root.
        - M's order only restores its safety stock: it is pegged to nothing and
          its own key is the root of the demand it passes to C.
        - C's single lot of 100 (week 0) covers, in date order: M's order (3,
          week 0), SUB's first order (12, week 1), the spare-part sale (30, week
          2) and SUB's second order (16, week 3); 39 are left unpegged.
        """
        fg = make(1, "FG", bom_lines=[BomLine(2, 1)])
        sub = make(2, "SUB", bom_lines=[BomLine(3, 2)])
        comp = buy(3, "C", lot_policy="foq", fixed_qty=100)
        spare = make(4, "M", safety_stock=3, bom_lines=[BomLine(3, 1)])
        demands = [
            demand(1, week(1), 5, "mps,1", "forecast"),
            demand(1, week(1, 1), 10, "sale,A"),
            demand(1, week(3), 8, "sale,B"),
            demand(3, week(2), 30, "sale,C"),
        ]
        result = self.plan([fg, sub, comp, spare], demands, on_hand={1: 4})
        fg_orders = self.orders_of(result, 1)
        self.assertEqual([order.key for order in fg_orders], ["PO-1-1", "PO-1-2"])
        self.assertEqual(self.pegging_of(fg_orders[0]), [("sale,A", "sale,A", 6.0)])
        self.assertEqual(self.pegging_of(fg_orders[1]), [("sale,B", "sale,B", 8.0)])
        sub_orders = self.orders_of(result, 2)
        self.assertEqual(self.pegging_of(sub_orders[0]), [("PO-1-1", "sale,A", 6.0)])
        self.assertEqual(self.pegging_of(sub_orders[1]), [("PO-1-2", "sale,B", 8.0)])
        spare_orders = self.orders_of(result, 4)
        self.assertEqual(
            [(order.key, order.quantity) for order in spare_orders], [("PO-4-1", 3.0)]
        )
        self.assertEqual(self.pegging_of(spare_orders[0]), [])
        comp_orders = self.orders_of(result, 3)
        self.assertEqual(
            [(order.quantity, order.due_date) for order in comp_orders],
            [(100.0, week(0))],
        )
        self.assertEqual(
            self.pegging_of(comp_orders[0]),
            [
                ("PO-4-1", "PO-4-1", 3.0),
                ("PO-2-1", "sale,A", 12.0),
                ("sale,C", "sale,C", 30.0),
                ("PO-2-2", "sale,B", 16.0),
            ],
        )
        # week: 0   1   2   3   4   5   6   7
        self.assertTable(
            result,
            3,
            gross=[3, 12, 30, 16, 0, 0, 0, 0],
            projected_on_hand=[97, 85, 55, 39, 39, 39, 39, 39],
            net_requirement=[3, 0, 0, 0, 0, 0, 0, 0],
            planned_receipt=[100, 0, 0, 0, 0, 0, 0, 0],
            planned_release=[100, 0, 0, 0, 0, 0, 0, 0],
        )

    def test_demand_split_over_orders(self):
        """A requirement larger than the maximum lot is covered by several orders
        of the same date; an order covering several top demands passes the root
        of the first one it covers (the one that triggered it) to its
        components."""
        fg = make(1, "FG", bom_lines=[BomLine(2, 1)], lot_policy="poq", poq_periods=2)
        comp = buy(2, "C", lot_policy="minmax", max_qty=40)
        demands = [
            demand(1, week(1), 30, "sale,1"),
            demand(1, week(2), 20, "sale,2"),
        ]
        result = self.plan([fg, comp], demands, on_hand={2: 5})
        (fg_order,) = self.orders_of(result, 1)
        self.assertEqual(fg_order.quantity, 50.0)
        self.assertEqual(
            self.pegging_of(fg_order),
            [("sale,1", "sale,1", 30.0), ("sale,2", "sale,2", 20.0)],
        )
        first, second = self.orders_of(result, 2)
        self.assertEqual((first.quantity, second.quantity), (40.0, 5.0))
        self.assertEqual(self.pegging_of(first), [("PO-1-1", "sale,1", 40.0)])
        self.assertEqual(self.pegging_of(second), [("PO-1-1", "sale,1", 5.0)])

    def test_safety_stock_is_covered_first(self):
        """Safety stock 10 and 12 on hand: on hand first keeps the safety stock,
        so the order of week 1 covers the whole demand of week 1 it was
        planned for, and the 2 left on hand go to that demand first."""
        item = buy(1, "Filter", safety_stock=10)
        result = self.plan([item], [demand(1, week(1), 7, "sale,1")], on_hand={1: 12})
        (order,) = self.orders_of(result, 1)
        self.assertEqual(order.quantity, 5.0)
        self.assertEqual(self.pegging_of(order), [("sale,1", "sale,1", 5.0)])

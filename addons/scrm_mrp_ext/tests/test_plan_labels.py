from datetime import datetime, time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_date

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_ext_labels")
class TestPlanLabels(MrpScenarioCommon):
    """A planner reads documents' own names, never ``model,id`` codes."""

    def confirmed_purchase(self, quantity, week):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.comp.id,
                            "product_qty": quantity,
                            "date_planned": datetime.combine(
                                self.weeks[week], time(12)
                            ),
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        return purchase

    def test_exception_names_the_purchase_order_and_its_line(self):
        purchase = self.confirmed_purchase(500, 6)
        run = self.run_mrp()
        exception = (
            self.env["scrm.mrp.exception"]
            .with_user(self.planner)
            .search(
                [
                    ("run_id", "=", run.id),
                    ("product_id", "=", self.comp.id),
                    ("kind", "=", "expedite"),
                ]
            )
        )
        self.assertEqual(
            exception.supply_name, f"{purchase.name}, line 1 ({self.comp.display_name})"
        )
        self.assertEqual(exception.supply_document, purchase.order_line)
        self.assertNotIn("purchase.order.line", exception.description)
        self.assertIn(purchase.name, exception.description)
        self.assertIn(format_date(self.env, self.weeks[2]), exception.description)
        action = exception.action_open_supply()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("purchase.order.line", purchase.order_line.id),
        )

    def test_pegging_names_the_forecast_and_the_parent_order(self):
        self.run_mrp()
        fg_order = self.planned(self.fg).with_user(self.planner)
        self.assertEqual(
            fg_order.display_name,
            f"Planned manufacturing of {self.fg.display_name} (1)",
        )
        (peg,) = fg_order.pegging_ids
        self.assertIn("Forecast of Finished Machine, Machines", peg.demand_name)
        self.assertIn(format_date(self.env, self.weeks[3]), peg.demand_name)
        self.assertNotIn("scrm.mps.line", peg.demand_name)
        sub_peg = self.planned(self.sub).with_user(self.planner).pegging_ids[:1]
        self.assertEqual(sub_peg.demand_document, fg_order)
        self.assertEqual(sub_peg.demand_name, fg_order.display_name)
        comp_order = self.planned(self.comp)[:1]
        self.assertTrue(comp_order.display_name.startswith("Planned purchase of"))

    def test_whatif_lists_the_differences_by_product(self):
        self.run_mrp()
        self.forecast(self.fg, 4, 5)
        run = self.env["scrm.mrp.run"]._launch(
            self.env.company, mps=self.mps, mode="whatif"
        )
        differences = run.with_user(self.planner).whatif_line_ids
        by_product = {
            line.product_id: (line.current_qty, line.whatif_qty, line.delta_qty)
            for line in differences
        }
        self.assertEqual(by_product[self.fg], (10, 15, 5))
        self.assertEqual(by_product[self.sub], (20, 30, 10))
        self.assertEqual(by_product[self.comp][2], 5 + 30)
        self.assertFalse(
            self.env["scrm.mrp.run"]
            ._launch(self.env.company, mps=self.mps, mode="full")
            .whatif_line_ids,
            "a full run replaces the plan: nothing to compare",
        )

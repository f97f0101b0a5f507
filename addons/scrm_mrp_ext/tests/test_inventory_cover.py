from odoo import fields
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_ext_cover", "scrm_clock")
class TestInventoryCover(MrpScenarioCommon):
    """Days of cover from the plan's requirements, next to past usage."""

    def status(self, product):
        return (
            self.env["scrm.inventory.status"]
            .with_user(self.planner)
            .search(
                [
                    ("product_id", "=", product.id),
                    ("warehouse_id", "=", self.warehouse.id),
                ]
            )
        )

    def test_cover_by_plan_runs_out_in_the_week_of_the_requirement(self):
        spare = self.add_spare_part()  # 5 forecast in week 2
        self.env["stock.quant"]._update_available_quantity(
            spare, self.warehouse.lot_stock_id, 3
        )
        before = self.status(spare)
        self.assertEqual(before.plan_cover, "No plan yet")
        self.assertFalse(before.daily_usage, "no past usage: no cover by usage")
        self.run_mrp()
        status = self.status(spare)
        today = fields.Date.context_today(status)
        to_week_2 = (self.weeks[2] - today).days
        self.assertGreaterEqual(status.plan_cover_days, to_week_2)
        self.assertLess(status.plan_cover_days, to_week_2 + 7)
        self.assertEqual(status.plan_cover, f"{status.plan_cover_days:.0f} days")

    def test_stock_beyond_the_horizon_says_so(self):
        spare = self.add_spare_part()
        self.env["stock.quant"]._update_available_quantity(
            spare, self.warehouse.lot_stock_id, 100
        )
        self.run_mrp()
        status = self.status(spare)
        self.assertTrue(status.plan_cover.startswith("More than"))
        self.assertIn("plan horizon", status.plan_cover)

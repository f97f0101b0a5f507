"""Plans are kept per schedule: two warehouses' schedules that plan the same
product each keep their own time-phased plan, planned orders and exceptions,
whichever runs last, and a net change of one leaves the other's plan as it
was."""

from odoo import Command
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpPlanPerSchedule(MrpScenarioCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depot = cls.env["stock.warehouse"].create(
            {"name": "North Depot", "code": "NDP"}
        )
        # The same machine, planned for the depot with its own forecast.
        cls.north = cls.env["scrm.mps"].create(
            {
                "name": "North Machines",
                "warehouse_id": cls.depot.id,
                "period_type": "week",
                "period_count": 8,
                "product_ids": [Command.set(cls.fg.ids)],
            }
        )
        cls.north.action_prepare_lines()
        cls.north.line_ids.filtered(
            lambda line: line.period_start == cls.weeks[3]
        ).forecast_qty = 30

    def orders(self, mps, product):
        return self.env["scrm.mrp.planned.order"].search(
            [
                ("mps_id", "=", mps.id),
                ("product_id", "=", product.id),
                ("state", "=", "planned"),
            ]
        )

    def plan_of(self, mps, product, figure):
        records = self.env["scrm.mrp.record"].search(
            [("mps_id", "=", mps.id), ("product_id", "=", product.id)],
            order="period_start",
        )
        return records.mapped(figure)

    def snapshot(self, mps):
        """What a planner of ``mps`` reads: its planned orders (product,
        quantity, due date, pegging) and its components' requirements."""
        orders = sorted(
            (o.product_id.id, o.quantity, o.due_date, o.pegging)
            for o in self.env["scrm.mrp.planned.order"].search(
                [("mps_id", "=", mps.id), ("state", "=", "planned")]
            )
        )
        plan = {
            product.id: self.plan_of(mps, product, "gross_requirement")
            for product in self.fg | self.sub | self.comp
        }
        return orders, plan

    def test_two_warehouses_keep_their_own_plan_of_a_shared_product(self):
        Run = self.env["scrm.mrp.run"].with_user(self.planner)
        main_run, north_run = Run._queue(self.mps), Run._queue(self.north)
        self.run_queued()
        self.assertEqual((main_run | north_run).mapped("state"), ["done", "done"])

        # The depot's run came last and did not replace the main plan.
        self.assertEqual(self.orders(self.mps, self.fg).mapped("quantity"), [10])
        self.assertEqual(self.orders(self.north, self.fg).mapped("quantity"), [30])
        self.assertEqual(self.orders(self.mps, self.fg).run_id, main_run)
        self.assertEqual(self.orders(self.north, self.fg).run_id, north_run)
        # 10 machines: 2 x 3 + 1 components each; 30 in the depot.
        self.assertEqual(sum(self.orders(self.mps, self.comp).mapped("quantity")), 70)
        self.assertEqual(
            sum(self.orders(self.north, self.comp).mapped("quantity")), 210
        )
        self.assertEqual(sum(self.plan_of(self.mps, self.fg, "gross_requirement")), 10)
        self.assertEqual(
            sum(self.plan_of(self.north, self.fg, "gross_requirement")), 30
        )
        # The inventory status of each warehouse reads its own schedule's plan.
        statuses = self.env["scrm.inventory.status"].search(
            [
                ("product_id", "=", self.fg.id),
                ("warehouse_id", "in", (self.warehouse | self.depot).ids),
            ]
        )
        self.assertEqual(len(statuses), 2)
        self.assertNotIn("No plan yet", statuses.mapped("plan_cover"))

        # Each grid shows its own warehouse's deliveries and plan.
        self.deliver(self.fg, 4, self.weeks[2])
        main_cell, north_cell = (
            mps.line_ids.filtered(
                lambda line: (
                    line.product_id == self.fg and line.period_start == self.weeks[3]
                )
            )
            for mps in (self.mps, self.north)
        )
        week2 = self.mps.line_ids.filtered(
            lambda line: (
                line.product_id == self.fg and line.period_start == self.weeks[2]
            )
        )
        self.assertEqual(week2.actual_qty, 4)
        self.assertFalse(
            self.north.line_ids.filtered(
                lambda line: (
                    line.product_id == self.fg and line.period_start == self.weeks[2]
                )
            ).actual_qty
        )
        self.assertEqual(main_cell.planned_qty, 10)
        self.assertEqual(north_cell.planned_qty, 30)

        # Running the main schedule again leaves the depot's plan alone.
        north_before = self.snapshot(self.north)
        self.run_mrp()
        self.assertEqual(self.snapshot(self.north), north_before)

    def test_net_change_of_one_schedule_leaves_the_other_plan_as_it_was(self):
        Run = self.env["scrm.mrp.run"]
        Run._launch(self.env.company, mps=self.mps)
        Run._launch(self.env.company, mps=self.north)
        north_before = self.snapshot(self.north)
        main_before = self.snapshot(self.mps)

        self.forecast(self.fg, 3, 15)  # a cell of the main schedule
        runs = Run._launch_net_change(self.env.company)
        self.assertEqual(set(runs.mapped("mode")), {"net"}, runs.mapped("log"))

        self.assertEqual(self.orders(self.mps, self.fg).mapped("quantity"), [15])
        self.assertEqual(sum(self.orders(self.mps, self.comp).mapped("quantity")), 105)
        self.assertNotEqual(self.snapshot(self.mps), main_before)
        self.assertEqual(self.snapshot(self.north), north_before)
        self.assertEqual(self.orders(self.north, self.fg).mapped("quantity"), [30])

    def test_firm_order_of_one_schedule_is_not_supply_of_the_other(self):
        Run = self.env["scrm.mrp.run"]
        Run._launch(self.env.company, mps=self.mps)
        Run._launch(self.env.company, mps=self.north)
        self.orders(self.north, self.fg).firm = True
        Run._launch(self.env.company, mps=self.mps)
        Run._launch(self.env.company, mps=self.north)
        # The depot's firm 30 cover the depot; the main warehouse still
        # plans its own 10.
        self.assertEqual(self.orders(self.mps, self.fg).mapped("quantity"), [10])
        self.assertFalse(
            self.orders(self.north, self.fg).filtered(lambda o: not o.firm)
        )

    def test_deleting_a_schedule_deletes_its_plan_only(self):
        Run = self.env["scrm.mrp.run"]
        Run._launch(self.env.company, mps=self.mps)
        Run._launch(self.env.company, mps=self.north)
        main_before = self.snapshot(self.mps)
        self.north.unlink()
        left = self.env["scrm.mrp.planned.order"].search(
            [("product_id", "in", (self.fg | self.sub | self.comp).ids)]
        )
        self.assertEqual(left.mps_id, self.mps)
        self.assertEqual(self.snapshot(self.mps), main_before)

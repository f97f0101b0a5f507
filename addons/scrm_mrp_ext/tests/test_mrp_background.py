"""Run MRP in the background (issue 18): the button queues the run and
triggers the scheduled action, which plans as the planner who asked, shows
its progress and tells the planner on the bus when it ends."""

import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpBackground(MrpScenarioCommon):
    def queued_run(self):
        return self.env["scrm.mrp.run"].search(
            [("mps_id", "=", self.mps.id), ("state", "=", "queued")]
        )

    def bus_messages(self, user):
        """The payloads of the run notifications sent to ``user`` (stored as
        the transaction would commit them)."""
        self.env.cr.precommit.run()
        channel = json.dumps(
            [self.env.cr.dbname, "res.partner", user.partner_id.id],
            separators=(",", ":"),
        )
        messages = self.env["bus.bus"].search([("channel", "=", channel)])
        return [
            message["payload"]
            for message in map(json.loads, messages.mapped("message"))
            if message["type"] == "scrm_mrp_run_done"
        ]

    def test_run_button_queues_the_run_and_the_job_plans_it(self):
        cron = self.env.ref("scrm_mrp_ext.ir_cron_scrm_mrp_queued_runs")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        action = self.mps.with_user(self.planner).action_run_mrp()

        # The request ends at once: the run is queued, nothing planned yet.
        run = self.queued_run()
        self.assertEqual(action["res_model"], "scrm.mrp.run")
        self.assertEqual(action["res_id"], run.id)
        self.assertEqual(run.user_id, self.planner)
        self.assertFalse(self.planned(self.fg))
        self.assertEqual(run.progress_label, "Waiting to start")
        self.assertGreater(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            triggers,
            "the job is triggered, not left to its next call",
        )
        status = self.mps.with_user(self.planner).scrm_grid_run_status(self.mps.id)
        self.assertEqual(status["id"], run.id)
        self.assertEqual(status["phase"], "queued")

        self.env["scrm.mrp.run"]._cron_run_queued()
        self.assertEqual(run.state, "done", run.log)
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [10])
        self.assertEqual(self.planned(self.fg).run_id, run)
        self.assertFalse(run.progress_label)
        self.assertFalse(
            self.env["scrm.mrp.run.progress"].search([("run_id", "=", run.id)]),
            "the progress row goes with the run",
        )
        self.assertFalse(
            self.mps.with_user(self.planner).scrm_grid_run_status(self.mps.id)
        )
        # The planner is told on the bus, with the run to open.
        self.assertEqual(
            self.bus_messages(self.planner),
            [
                {
                    "run_id": run.id,
                    "mps_id": self.mps.id,
                    "name": run.name,
                    "state": "done",
                    "mode": "full",
                }
            ],
        )

    def test_second_run_of_the_schedule_is_refused_while_one_is_queued(self):
        first = self.env["scrm.mrp.run"].with_user(self.planner)._queue(self.mps)
        with self.assertRaises(UserError) as refused:
            self.mps.with_user(self.mrp_manager).action_run_mrp()
        message = str(refused.exception)
        self.assertIn("already running for Machines", message)
        self.assertIn(first.name, message)
        self.assertIn("Paula Planner", message)
        self.assertEqual(len(self.queued_run()), 1)
        # Once it has run, the schedule can be run again.
        self.run_queued()
        self.assertEqual(first.state, "done", first.log)
        self.mps.with_user(self.mrp_manager).action_run_mrp()
        self.assertEqual(self.queued_run().user_id, self.mrp_manager)

    def test_refusal_names_the_phase_of_the_running_run(self):
        run = self.env["scrm.mrp.run"]._queue(self.mps)
        self.env.cr.execute(
            "INSERT INTO scrm_mrp_run_progress (run_id, phase, percent) "
            "VALUES (%s, 'planning', 40)",
            [run.id],
        )
        self.assertEqual(run.progress_label, "Planning 40 %")
        grid = self.env["scrm.mps"].scrm_grid_data(self.mps.id)
        self.assertEqual(grid["run"]["label"], "Planning 40 %")
        with self.assertRaisesRegex(UserError, "Planning 40 %"):
            self.mps.action_run_mrp()

    def test_whatif_button_queues_the_run_and_the_job_compares_it(self):
        self.run_mrp()
        plan = self.env["scrm.mrp.planned.order"].search([])
        self.forecast(self.fg, 4, 5)  # what if 5 more machines sell
        action = self.mps.with_user(self.planner).action_run_whatif()

        # The request ends at once: queued, nothing compared yet.
        whatif = self.queued_run()
        self.assertEqual(action["res_id"], whatif.id)
        self.assertEqual(whatif.mode, "whatif")
        self.assertEqual(whatif.user_id, self.planner)
        self.assertFalse(whatif.whatif_line_ids)
        self.assertEqual(whatif.progress_label, "Waiting to start")
        Mps = self.mps.with_user(self.planner)
        status = Mps.scrm_grid_run_status(self.mps.id, "whatif")
        self.assertEqual(status["id"], whatif.id)
        self.assertFalse(Mps.scrm_grid_run_status(self.mps.id), "Run MRP stays free")
        grid = Mps.scrm_grid_data(self.mps.id)
        self.assertEqual(grid["whatif"]["id"], whatif.id)
        self.assertFalse(grid["run"])

        self.env["scrm.mrp.run"]._cron_run_queued()
        self.assertEqual(whatif.state, "done", whatif.log)
        lines = {line.product_id: line for line in whatif.whatif_line_ids}
        self.assertEqual(
            (lines[self.fg].current_qty, lines[self.fg].whatif_qty), (10, 15)
        )
        self.assertEqual(lines[self.comp].whatif_qty, 105)
        # The plan is as it was, and the grid no longer shows the what-if.
        self.assertEqual(self.env["scrm.mrp.planned.order"].search([]), plan)
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [10])
        self.assertFalse(Mps.scrm_grid_run_status(self.mps.id, "whatif"))
        self.assertFalse(
            self.env["scrm.mrp.run.progress"].search([("run_id", "=", whatif.id)])
        )
        self.assertEqual(
            self.bus_messages(self.planner),
            [
                {
                    "run_id": whatif.id,
                    "mps_id": self.mps.id,
                    "name": whatif.name,
                    "state": "done",
                    "mode": "whatif",
                }
            ],
        )

    def test_second_whatif_of_the_schedule_is_refused_while_one_is_queued(self):
        first = self.mps.with_user(self.planner).action_run_whatif()
        first = self.env["scrm.mrp.run"].browse(first["res_id"])
        with self.assertRaises(UserError) as refused:
            self.mps.with_user(self.mrp_manager).action_run_whatif()
        message = str(refused.exception)
        self.assertIn("what-if run is already running for Machines", message)
        self.assertIn(first.name, message)
        self.assertIn("Paula Planner", message)
        # A what-if does not hold the plan back: Run MRP can be queued beside.
        self.mps.with_user(self.mrp_manager).action_run_mrp()
        queued = self.queued_run()
        self.assertEqual(sorted(queued.mapped("mode")), ["full", "whatif"])
        self.run_queued()
        self.assertEqual(queued.mapped("state"), ["done", "done"])
        # Once it has run, the planner can ask again.
        self.mps.with_user(self.mrp_manager).action_run_whatif()
        self.assertEqual(self.queued_run().user_id, self.mrp_manager)

    def test_operator_cannot_queue_a_whatif(self):
        with self.assertRaises(AccessError):
            self.mps.with_user(self.mrp_operator).action_run_whatif()
        self.assertFalse(self.queued_run())

    def test_grid_status_refuses_a_bad_run_kind(self):
        Mps = self.env["scrm.mps"].with_user(self.planner)
        for bad in ("net", "", None, ["whatif"], "whatif\x00"):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                Mps.scrm_grid_run_status(self.mps.id, bad)

    def test_operator_cannot_queue_a_run(self):
        with self.assertRaises(AccessError):
            self.mps.with_user(self.mrp_operator).action_run_mrp()
        self.assertFalse(self.queued_run())

    def test_grid_status_refuses_a_bad_schedule_id(self):
        Mps = self.env["scrm.mps"].with_user(self.planner)
        for bad in (0, -1, 2**31, "1", None, True, 1.0):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                Mps.scrm_grid_run_status(bad)

    def test_failed_background_run_says_why_and_keeps_the_plan(self):
        self.run_mrp()
        before = self.env["scrm.mrp.planned.order"].search([])
        self.slip_in_bom_cycle()  # a BoM that contains itself
        run = self.env["scrm.mrp.run"].with_user(self.planner)._queue(self.mps)
        self.run_queued()
        self.assertEqual(run.state, "failed")
        self.assertIn("cycle", run.log)
        self.assertEqual(self.env["scrm.mrp.planned.order"].search([]), before)
        self.assertEqual(
            [payload["state"] for payload in self.bus_messages(self.planner)],
            ["failed"],
        )

    def test_two_schedules_of_two_warehouses_are_planned_one_after_the_other(self):
        spare = self.env["product.product"].create(
            {
                "name": "Spare Wheel",
                "is_storable": True,
                "seller_ids": [Command.create({"partner_id": self.vendor.id})],
            }
        )
        second = self.env["stock.warehouse"].create(
            {"name": "Spares Depot", "code": "SPD"}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.comp, second.lot_stock_id, 100
        )
        other = self.env["scrm.mps"].create(
            {
                "name": "Spares",
                "warehouse_id": second.id,
                "period_type": "week",
                "period_count": 8,
                "product_ids": [Command.set(spare.ids)],
            }
        )
        other.action_prepare_lines()
        other.line_ids.filtered(
            lambda line: line.period_start == other._period_starts()[2]
        ).forecast_qty = 7
        Run = self.env["scrm.mrp.run"]
        first, second_run = Run._queue(self.mps), Run._queue(other)
        self.run_queued()
        self.assertEqual((first | second_run).mapped("state"), ["done", "done"])
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [10])
        self.assertEqual(self.planned(spare).mapped("quantity"), [7])
        self.assertEqual(self.planned(spare).run_id, second_run)
        # Each run read its own warehouse: the depot's stock of the component
        # did not cover the machines' need of it in the main warehouse.
        self.assertEqual(self.planned(self.comp).run_id, first)
        self.assertEqual(sum(self.planned(self.comp).mapped("quantity")), 70)
        self.assertEqual(first.warehouse_id, self.warehouse)
        self.assertEqual(second_run.warehouse_id, second)

    def test_background_run_costs_the_same_queries_for_10_and_200_products(self):
        Run = self.env["scrm.mrp.run"]
        for mps in (self.flat_schedule(10), self.flat_schedule(200)):
            Run._launch(self.env.company, mps=mps)  # caches filled, plan to replace
            run = Run._queue(mps)
            self.env.flush_all()
            self.env.invalidate_all()
            # The run's own budget (test_mrp_run) plus taking the queued run,
            # counting what is left, the capacity check and the bus message;
            # the progress is written on a cursor of its own.
            with self.assertQueryCount(65):
                Run._cron_run_queued()
            self.assertEqual(run.state, "done")

    def test_time_phased_plan_shows_how_fresh_each_row_is(self):
        Record = self.env["scrm.mrp.record"].with_user(self.planner)
        ours = [("product_id", "in", (self.fg | self.sub | self.comp).ids)]
        full = self.run_mrp()
        rows = Record.search(ours)
        self.assertEqual(set(rows.mapped("planned_by")), {"full"})
        self.assertEqual(set(rows.mapped("planned_at")), {full.date_end})
        self.assertFalse(any(rows.mapped("waiting_replan")))
        self.assertFalse(Record.search([*ours, ("waiting_replan", "=", True)]))

        # A forecast cell changes: the finished product waits for a replan.
        self.forecast(self.fg, 4, 3)
        self.env.flush_all()
        waiting = Record.search([*ours, ("waiting_replan", "=", True)])
        self.assertEqual(waiting.product_id, self.fg)
        self.assertEqual(len(waiting), len(self.weeks))
        rows.invalidate_recordset()
        self.assertEqual(
            rows.filtered("waiting_replan").product_id, self.fg, "read as shown"
        )

        net = self.env["scrm.mrp.run"]._launch_net_change(self.env.company)
        net = net.filtered(lambda run: run.mps_id == self.mps)
        self.assertEqual(net.mode, "net", net.log)
        fg_rows = Record.search([("product_id", "=", self.fg.id)])
        self.assertEqual(set(fg_rows.mapped("planned_by")), {"net"})
        self.assertEqual(set(fg_rows.mapped("planned_at")), {net.date_end})
        self.assertFalse(Record.search([*ours, ("waiting_replan", "=", True)]))

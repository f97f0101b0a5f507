from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.scrm_mrp_background import RunProgress


@tagged("post_install", "-at_install", "scrm_mrp_run", "scrm_concurrency")
class TestMrpRunRace(TransactionCase):
    """Two MRP runs of one company started at once, on two real cursors each
    committed as in production. The test commits its own schedule (a bought
    part with a forecast, planned on its own) and removes it at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            vendor = env["res.partner"].create({"name": "Race Vendor (test)"})
            part = env["product.product"].create(
                {
                    "name": "Race Part (test)",
                    "is_storable": True,
                    "seller_ids": [Command.create({"partner_id": vendor.id})],
                }
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            mps = env["scrm.mps"].create(
                {
                    "name": "Race schedule (test)",
                    "warehouse_id": warehouse.id,
                    "period_type": "week",
                    "period_count": 4,
                    "product_ids": [Command.set(part.ids)],
                }
            )
            mps.action_prepare_lines()
            mps.line_ids.filtered(
                lambda line: line.period_start == mps._period_starts()[2]
            ).forecast_qty = 5
            self.vendor_id, self.part_id, self.mps_id = vendor.id, part.id, mps.id
            self.runs_before = env["scrm.mrp.run"].search([]).ids
            self.triggers_before = env["ir.cron.trigger"].search([]).ids
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["scrm.mrp.run"].search([("id", "not in", self.runs_before)]).unlink()
            cron = env.ref("scrm_mrp_ext.ir_cron_scrm_mrp_queued_runs")
            env["ir.cron.trigger"].search(
                [("cron_id", "=", cron.id), ("id", "not in", self.triggers_before)]
            ).unlink()
            env["scrm.mrp.planned.order"].search(
                [("product_id", "=", self.part_id)]
            ).unlink()
            env["scrm.mps"].browse(self.mps_id).unlink()
            env["product.product"].browse(self.part_id).product_tmpl_id.unlink()
            env["res.partner"].browse(self.vendor_id).unlink()

    def _launch(self, env):
        mps = env["scrm.mps"].browse(self.mps_id)
        return env["scrm.mrp.run"]._launch(mps.company_id, mps=mps)

    def _state(self, env):
        runs = env["scrm.mrp.run"].search([("id", "not in", self.runs_before)])
        orders = env["scrm.mrp.planned.order"].search(
            [("product_id", "=", self.part_id)]
        )
        return runs, orders

    def test_second_run_while_the_first_runs_is_refused(self):
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = self._env(cr_first)
            run = self._launch(first)
            self.assertEqual(run.state, "done")
            with self.assertRaisesRegex(UserError, "already in progress"):
                self._launch(self._env(cr_second))
            cr_second.rollback()
            cr_first.commit()
        with self.registry.cursor() as cr:
            runs, orders = self._state(self._env(cr))
            self.assertEqual(runs.ids, [run.id], "the refused run left nothing")
            self.assertEqual(len(orders), 1)
            self.assertEqual(orders.run_id, runs)
            self.assertEqual(orders.quantity, 5)

    def test_run_started_before_the_other_committed_is_replayed(self):
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first, second = self._env(cr_first), self._env(cr_second)
            # The second request began (its snapshot is taken) before the
            # first run committed: it would not see the first run's plan.
            self.assertFalse(self._state(second)[1])
            run = self._launch(first)
            cr_first.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(SerializationFailure),
            ):
                self._launch(second)
            cr_second.rollback()
        with self.registry.cursor() as cr:
            replay = self._launch(self._env(cr))
        with self.registry.cursor() as cr:
            runs, orders = self._state(self._env(cr))
            self.assertEqual(runs.ids, sorted([run.id, replay.id], reverse=True))
            self.assertNotEqual(runs[0].name, runs[1].name)
            self.assertEqual(len(orders), 1, "one plan, not two side by side")
            self.assertEqual(orders.run_id.id, replay.id)

    # Background runs (Run MRP queues the run for a scheduled action) --------

    def _queue(self, env):
        return env["scrm.mrp.run"]._queue(env["scrm.mps"].browse(self.mps_id))

    def _queued(self, env):
        return env["scrm.mrp.run"].search(
            [("mps_id", "=", self.mps_id), ("state", "=", "queued")]
        )

    def test_second_queue_begun_before_the_first_committed_is_refused(self):
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first, second = self._env(cr_first), self._env(cr_second)
            # The second request has read the schedule's runs (its snapshot)
            # before the first one queued its run and committed.
            self.assertFalse(self._queued(second))
            run = self._queue(first)
            run_id, run_name = run.id, run.name
            cr_first.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(SerializationFailure),
            ):
                self._queue(second)
            cr_second.rollback()
        # Odoo replays the request: it now sees the queued run and says so.
        with self.registry.cursor() as cr:
            with self.assertRaisesRegex(UserError, "already running") as refused:
                self._queue(self._env(cr))
            self.assertIn(run_name, str(refused.exception))
            cr.rollback()
        with self.registry.cursor() as cr:
            self.assertEqual(self._queued(self._env(cr)).ids, [run_id])

    def test_two_workers_carry_out_a_queued_run_once(self):
        with self.registry.cursor() as cr:
            run_id = self._queue(self._env(cr)).id
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first, second = self._env(cr_first), self._env(cr_second)
            first["scrm.mrp.run"]._cron_run_queued()
            self.assertEqual(first["scrm.mrp.run"].browse(run_id).state, "done")
            # A second worker, while the first has not committed: it skips
            # the run the first holds, without waiting and without planning.
            second["scrm.mrp.run"]._cron_run_queued()
            self.assertEqual(self._queued(second).ids, [run_id])
            self.assertFalse(self._state(second)[1])
            cr_second.commit()
            cr_first.commit()
        with self.registry.cursor() as cr:
            runs, orders = self._state(self._env(cr))
            self.assertEqual(runs.ids, [run_id])
            self.assertEqual(runs.state, "done", runs.log)
            self.assertEqual(len(orders), 1)
            self.assertEqual(orders.quantity, 5)
            self.assertEqual(orders.run_id, runs)

    def test_progress_is_seen_before_the_run_commits(self):
        with self.registry.cursor() as cr:
            run_id = self._queue(self._env(cr)).id
        with self.registry.cursor() as cr_run, self.registry.cursor() as cr_grid:
            # The run's transaction stays open (it holds its run) while it
            # records where it is; the grid reads it from its own request.
            cr_run.execute(
                "SELECT id FROM scrm_mrp_run WHERE id = %s FOR NO KEY UPDATE", [run_id]
            )
            progress = RunProgress(self.registry, run_id)
            progress("planning", 40)
            grid = self._env(cr_grid)["scrm.mps"]
            status = grid.scrm_grid_run_status(self.mps_id)
            self.assertEqual(status["id"], run_id)
            self.assertEqual((status["phase"], status["percent"]), ("planning", 40))
            self.assertEqual(status["label"], "Planning 40 %")
            cr_grid.rollback()
            progress.close()
            self.assertEqual(
                grid.scrm_grid_run_status(self.mps_id)["phase"],
                "queued",
                "the progress row goes with the run",
            )
            cr_grid.rollback()
            cr_run.rollback()

    def test_queuing_does_not_wait_for_a_run_in_progress(self):
        with self.registry.cursor() as cr_run, self.registry.cursor() as cr_click:
            # The nightly run of the company is on (it holds the company's
            # schedules until it commits); a planner presses Run MRP.
            nightly = self._launch(self._env(cr_run))
            self.assertEqual(nightly.state, "done")
            cr_click.execute("SET LOCAL lock_timeout = '5s'")
            queued = self._queue(self._env(cr_click))
            self.assertEqual(queued.state, "queued")
            cr_click.commit()
            cr_run.commit()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["scrm.mrp.run"]._cron_run_queued()
            run = env["scrm.mrp.run"].browse(queued.id)
            self.assertEqual(run.state, "done", run.log)
            self.assertEqual(self._state(env)[1].run_id, run)

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


class MpsGridCommon(HttpCase):
    """One bought desk on a schedule of its own, a planner and a shop-floor user
    who may read schedules but not edit them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = mail_new_test_user(
            cls.env,
            login="grid_planner",
            name="Grace Grid Planner",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_user",
        )
        cls.operator = mail_new_test_user(
            cls.env,
            login="grid_operator",
            name="Otto Operator",
            groups="base.group_user,mrp.group_mrp_user",
        )
        cls.env.company.po_lead = 0
        vendor = cls.env["res.partner"].create({"name": "Grid Desk Vendor"})
        cls.desk = cls.env["product.product"].create(
            {
                "name": "Grid Tour Desk",
                "is_storable": True,
                "seller_ids": [Command.create({"partner_id": vendor.id, "delay": 0})],
            }
        )
        cls.desk.product_tmpl_id.scrm_safety_stock = 5
        cls.mps = cls.env["scrm.mps"].create(
            {
                "name": "Grid tour schedule",
                "period_type": "week",
                "period_count": 6,
                "product_ids": [Command.set(cls.desk.ids)],
            }
        )
        cls.starts = cls.mps._period_starts()


@tagged("post_install", "-at_install", "scrm_mps_grid")
class TestMpsGrid(MpsGridCommon):
    def test_grid_reads_one_row_per_figure_and_period(self):
        data = self.env["scrm.mps"].with_user(self.planner).scrm_grid_data(self.mps.id)
        self.assertEqual(data["mps"]["name"], "Grid tour schedule")
        self.assertEqual(len(data["periods"]), 6)
        (desk,) = data["products"]
        self.assertEqual(desk["name"], "Grid Tour Desk")
        self.assertEqual(desk["safety_stock"], 5)
        self.assertEqual(desk["rows"]["forecast"], [0.0] * 6)
        self.assertFalse(data["show_pipeline"], "no pipeline row without sales data")
        self.assertTrue(data["mps"]["can_edit"])

    def test_set_forecast_creates_the_cell_and_answers_the_grid(self):
        Mps = self.env["scrm.mps"].with_user(self.planner)
        start = str(self.starts[2])
        data = Mps.scrm_grid_set_forecast(self.mps.id, self.desk.id, start, 42.0)
        self.assertEqual(data["products"][0]["rows"]["forecast"][2], 42.0)
        self.assertEqual(data["totals"]["forecast"][2], 42.0)
        line = self.mps.line_ids.filtered(
            lambda cell: cell.period_start == self.starts[2]
        )
        self.assertEqual(line.forecast_qty, 42.0)

    def test_bad_cells_are_refused_and_change_nothing(self):
        Mps = self.env["scrm.mps"].with_user(self.planner)
        start = str(self.starts[1])
        for args in (
            (self.mps.id, self.desk.id, start, -1),
            (self.mps.id, self.desk.id, start, float("nan")),
            (self.mps.id, self.desk.id, start, "12"),
            (self.mps.id, self.desk.id, "2026-13-45", 3),
            (self.mps.id, self.desk.id, "1999-01-04", 3),
            (self.mps.id, 2**40, start, 3),
        ):
            with self.assertRaises(ValidationError):
                Mps.scrm_grid_set_forecast(*args)
        self.assertFalse(self.mps.line_ids)

    def test_reader_without_planner_rights_cannot_edit(self):
        Mps = self.env["scrm.mps"].with_user(self.operator)
        data = Mps.scrm_grid_data(self.mps.id)
        self.assertFalse(data["mps"]["can_edit"])
        with self.assertRaises(AccessError):
            Mps.scrm_grid_set_forecast(
                self.mps.id, self.desk.id, str(self.starts[2]), 9
            )
        self.assertFalse(self.mps.line_ids)

    def test_other_company_schedule_is_refused(self):
        other = self.env["res.company"].create({"name": "Grid Other Co"})
        foreign = self.env["scrm.mps"].create(
            {
                "name": "Foreign schedule",
                "company_id": other.id,
                "warehouse_id": self.env["stock.warehouse"]
                .search([("company_id", "=", other.id)], limit=1)
                .id,
            }
        )
        Mps = self.env["scrm.mps"].with_user(self.planner)
        with self.assertRaises(AccessError):
            Mps.scrm_grid_data(foreign.id)
        names = [s["name"] for s in Mps.scrm_grid_data(self.mps.id)["schedules"]]
        self.assertNotIn("Foreign schedule", names)

    def test_tour_edits_a_forecast_and_runs_mrp_from_the_grid(self):
        self.start_tour(
            f"/odoo/action-scrm_mrp_ext.scrm_mps_grid_action?active_id={self.mps.id}",
            "scrm_mps_grid_forecast_run",
            login="grid_planner",
        )
        line = self.mps.line_ids.filtered(
            lambda cell: cell.period_start == self.starts[2]
        )
        self.assertEqual(line.forecast_qty, 120)
        # The browser did not wait for the run: it is queued for the job.
        Run = self.env["scrm.mrp.run"]
        run = Run.search([("mps_id", "=", self.mps.id)], limit=1)
        self.assertEqual(run.state, "queued")
        self.assertFalse(line.planned_qty)
        # The job records its progress; the grid shows it.
        self.env.cr.execute(
            "INSERT INTO scrm_mrp_run_progress (run_id, phase, percent) "
            "VALUES (%s, 'planning', 40)",
            [run.id],
        )
        self.start_tour(
            f"/odoo/action-scrm_mrp_ext.scrm_mps_grid_action?active_id={self.mps.id}",
            "scrm_mps_grid_run_progress",
            login="grid_planner",
        )
        self.env.cr.execute("DELETE FROM scrm_mrp_run_progress")
        Run._cron_run_queued()
        self.assertEqual(run.state, "done", run.log)
        line.invalidate_recordset()
        self.assertEqual(line.planned_qty, 120)

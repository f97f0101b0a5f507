import json
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpNetChange(MrpScenarioCommon):
    def dirty(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT product_id FROM scrm_mrp_dirty WHERE company_id = %s",
                self.env.company.id,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def plan_rows(self):
        """The company's whole stored plan, without the runs' names."""
        self.env.flush_all()
        cr = self.env.cr
        company = self.env.company.id
        cr.execute(
            SQL(
                """SELECT product_id, period_starts, gross_requirement,
                          scheduled_receipts, projected_on_hand, net_requirement,
                          planned_receipt, planned_release
                     FROM scrm_mrp_plan WHERE company_id = %s ORDER BY product_id""",
                company,
            )
        )
        tables = cr.fetchall()
        cr.execute(
            SQL(
                """SELECT product_id, split_part(name, '/', 2), quantity, due_date,
                          release_date, supply_method, vendor_id, bom_id, past_due,
                          firm, state, pegging
                     FROM scrm_mrp_planned_order WHERE company_id = %s
                    ORDER BY product_id, 2""",
                company,
            )
        )
        orders = [
            (*row[:-1], json.loads(row[-1]) if row[-1] else None)
            for row in cr.fetchall()
        ]
        cr.execute(
            SQL(
                """SELECT product_id, kind, supply_ref, date, suggested_date, message
                     FROM scrm_mrp_exception WHERE company_id = %s
                    ORDER BY product_id, id""",
                company,
            )
        )
        return tables, orders, cr.fetchall()

    def net_change(self):
        """The net-change runs of this schedule (the demo's has its own)."""
        runs = self.env["scrm.mrp.run"]._launch_net_change(self.env.company)
        return runs.filtered(lambda run: run.mps_id == self.mps)

    def assertNetEqualsFull(self, replanned, check=None):
        """Net change, then a full run: both store the same plan."""
        runs = self.net_change()
        self.assertEqual(runs.mapped("state"), ["done"], runs.log)
        self.assertEqual(runs.mode, "net")
        self.assertEqual(runs.product_count, replanned, runs.log)
        self.assertFalse(self.dirty(), "the net change took every change")
        net = self.plan_rows()
        if check:
            check()
        self.assertEqual(self.run_mrp().state, "done")
        self.assertEqual(net, self.plan_rows())

    def test_changes_mark_their_products_and_net_change_equals_full(self):
        self.run_mrp()
        self.assertFalse(
            self.dirty() & {self.fg.id, self.sub.id, self.comp.id},
            "a full run leaves none of its products waiting",
        )
        # products set up outside the schedule: taken, nothing to replan
        self.assertFalse(self.net_change())
        self.assertFalse(self.dirty(), "the company's changes are all taken")

        # a delivery of the component alone: only COMP is replanned
        self.deliver(self.comp, 4, self.weeks[1] + timedelta(days=1))
        self.assertEqual(self.dirty(), {self.comp.id})

        def kept_parents_named():
            # COMP's pegs name SUB's and FG's orders of the earlier full run
            pegs = self.planned(self.comp).pegging_ids
            self.assertEqual(len(pegs), 3)
            self.assertNotIn("a document you cannot read", pegs.mapped("demand_name"))
            self.assertEqual(
                set(pegs.mapped("demand_document")) - {False},
                set(self.planned(self.fg) | self.planned(self.sub))
                | set(
                    self.env["stock.move"].search([("product_id", "=", self.comp.id)])
                ),
            )

        self.assertNetEqualsFull(replanned=1, check=kept_parents_named)

        # a forecast cell of the machine: all three levels
        self.forecast(self.fg, 4, 7)
        self.assertEqual(self.dirty(), {self.fg.id})
        self.assertNetEqualsFull(replanned=3)

        # a BoM line: the subassembly and the component (old and new)
        self.bom_sub.bom_line_ids.product_qty = 4
        self.assertEqual(self.dirty(), {self.sub.id, self.comp.id})
        self.assertNetEqualsFull(replanned=2)

        # planning parameters of the subassembly
        self.sub.product_tmpl_id.scrm_safety_stock = 6
        self.assertEqual(self.dirty(), {self.sub.id})
        self.assertNetEqualsFull(replanned=2)

        # a firm planned order of the machine
        order = self.planned(self.fg)[:1]
        order.action_toggle_firm()
        self.assertIn(self.fg.id, self.dirty())
        self.assertNetEqualsFull(replanned=3)

        # a purchase order of the component, then its receipt validated
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.comp.id, "product_qty": 30})
                ],
            }
        )
        purchase.button_confirm()
        self.assertEqual(self.dirty(), {self.comp.id})
        self.assertNetEqualsFull(replanned=1)
        receipt = purchase.picking_ids
        receipt.move_ids.quantity = 30
        receipt.button_validate()
        self.assertEqual(self.dirty(), {self.comp.id})
        self.assertNetEqualsFull(replanned=1)

        # a manufacturing order of the subassembly (its components are demand)
        production = self.env["mrp.production"].create(
            {"product_id": self.sub.id, "product_qty": 5, "bom_id": self.bom_sub.id}
        )
        production.action_confirm()
        self.assertEqual(self.dirty(), {self.sub.id, self.comp.id})
        self.assertNetEqualsFull(replanned=2)

    def test_change_triggers_the_job_and_the_job_replans(self):
        self.run_mrp()
        self.net_change()
        cron = self.env.ref("scrm_mrp_ext.ir_cron_scrm_mrp_net_change")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        self.forecast(self.fg, 5, 3)
        self.deliver(self.comp, 2, self.weeks[2])
        self.assertEqual(
            Trigger.search_count([("cron_id", "=", cron.id)]),
            before + 1,
            "one trigger per transaction, not per change",
        )
        self.assertEqual(self.mps.waiting_product_count, 2)
        self.env["scrm.mrp.run"]._cron_net_change()
        self.assertFalse(self.dirty())
        self.mps.invalidate_recordset()
        self.assertEqual(self.mps.waiting_product_count, 0)
        self.assertTrue(self.mps.last_net_change_date)
        self.assertTrue(self.mps.last_full_run_date)
        run = self.env["scrm.mrp.run"].search(
            [("mode", "=", "net"), ("mps_id", "=", self.mps.id)], limit=1
        )
        self.assertEqual(run.dirty_count, 2)
        self.assertIn("2 changed products, 3 replanned", run.log)

    def test_without_todays_plan_a_full_run_is_made(self):
        self.forecast(self.fg, 5, 3)
        runs = self.net_change()
        self.assertEqual(runs.mode, "full", "no plan yet: net change cannot be exact")
        self.assertEqual(runs.state, "done", runs.log)
        self.assertTrue(self.planned(self.comp))

    def test_operator_marks_but_cannot_run(self):
        self.run_mrp()
        self.net_change()
        self.deliver(self.comp, 2, self.weeks[2])
        self.env.flush_all()
        self.env.invalidate_all()
        # an operator's change of a move marks the product all the same
        move = self.env["stock.move"].search(
            [("product_id", "=", self.comp.id), ("state", "!=", "done")], limit=1
        )
        self.env.cr.execute(SQL("DELETE FROM scrm_mrp_dirty"))
        move.with_user(self.mrp_operator).product_uom_qty = 3
        self.assertEqual(self.dirty(), {self.comp.id})
        with self.assertRaises(AccessError):
            self.env["scrm.mrp.run"].with_user(self.mrp_operator)._launch_net_change(
                self.env.company
            )
        self.assertEqual(self.dirty(), {self.comp.id}, "nothing was taken")

    def test_scrap_and_yield_gross_up_the_components(self):
        self.run_mrp()
        self.net_change()
        # SUB: 3 COMP per unit with 50 % scrap, 75 % yield: 6 COMP per good SUB
        self.bom_sub.bom_line_ids.scrm_scrap_percent = 50
        self.sub.product_tmpl_id.scrm_yield_percent = 75
        self.assertEqual(self.dirty(), {self.sub.id, self.comp.id})
        self.assertNetEqualsFull(replanned=2)
        record = self.env["scrm.mrp.record"].search(
            [("product_id", "=", self.comp.id), ("period_start", "=", self.weeks[2])]
        )
        # 10 machines: 10 COMP directly + 20 SUB x 6
        self.assertEqual(record.gross_requirement, 130)
        self.assertEqual(self.planned(self.sub).mapped("quantity"), [20])
        with self.assertRaisesRegex(ValidationError, "yield must be above 0"):
            self.sub.product_tmpl_id.scrm_yield_percent = 0
        with self.assertRaisesRegex(ValidationError, "must not be negative"):
            self.bom_sub.bom_line_ids.scrm_scrap_percent = -1

"""What the readme promises of the MRP run that no earlier test would have caught
breaking: manufacturing orders as demand and supply, the draft-RFQ option,
monthly periods, a what-if run's figures, and the warehouse's safety stock."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpPromisedBehaviours(MrpScenarioCommon):
    def records(self, product, run=None):
        domain = [("product_id", "=", product.id)]
        if run:
            domain.append(("run_id", "=", run.id))
        return self.env["scrm.mrp.record"].search(domain, order="period_start")

    def test_confirmed_manufacturing_order_is_demand_and_supply(self):
        """Five subassemblies in production this week: their components are
        requirements, the five are a scheduled receipt netted from the plan."""
        start = datetime.combine(self.weeks[1] + timedelta(days=1), time(9))
        production = self.env["mrp.production"].create(
            {
                "product_id": self.sub.id,
                "product_qty": 5,
                "bom_id": self.bom_sub.id,
                "date_start": start,
                "picking_type_id": self.warehouse.manu_type_id.id,
            }
        )
        production.action_confirm()
        self.assertEqual(production.state, "confirmed")
        run = self.run_mrp()
        self.assertEqual(run.state, "done", run.log)
        sub = self.records(self.sub)
        self.assertEqual(sub[1].scheduled_receipts, 5, "the order's output")
        # FG needs 20 subassemblies in week 2; 5 come from the order.
        self.assertEqual(self.planned(self.sub).mapped("quantity"), [15])
        comp = self.records(self.comp)
        self.assertEqual(comp[1].gross_requirement, 15, "3 x 5 for the order")
        # Week 2: 10 for the machines and 3 x 15 for the planned subassemblies.
        self.assertEqual(comp[2].gross_requirement, 55)

    def test_draft_rfqs_count_only_when_asked(self):
        when = datetime.combine(self.weeks[2], time(12))
        rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.comp.id,
                            "product_qty": 30,
                            "date_planned": when,
                        }
                    )
                ],
            }
        )
        self.assertEqual(rfq.state, "draft")
        run = self.run_mrp()
        self.assertEqual(self.records(self.comp, run)[2].scheduled_receipts, 0)
        self.assertEqual(self.planned(self.comp).mapped("quantity"), [70])
        run = self.env["scrm.mrp.run"]._launch(
            self.env.company, mps=self.mps, include_rfq=True
        )
        self.assertEqual(self.records(self.comp, run)[2].scheduled_receipts, 30)
        self.assertEqual(self.planned(self.comp).mapped("quantity"), [40])

    def test_monthly_periods_bucket_by_calendar_month(self):
        monthly = self.env["scrm.mps"].create(
            {
                "name": "Machines by month",
                "warehouse_id": self.warehouse.id,
                "period_type": "month",
                "period_count": 3,
                "product_ids": [Command.set(self.fg.ids)],
            }
        )
        monthly.action_prepare_lines()
        months = monthly._period_starts()
        self.assertEqual([m.day for m in months], [1, 1, 1])
        self.assertEqual(
            [
                (m.year - months[0].year) * 12 + m.month - months[0].month
                for m in months
            ],
            [0, 1, 2],
        )
        monthly.line_ids.filtered(lambda line: line.period_start == months[2]).write(
            {"forecast_qty": 4}
        )
        # A spare part delivered on the last day of the second month counts in it.
        self.deliver(self.comp, 6, months[2] - timedelta(days=1))
        run = self.env["scrm.mrp.run"]._launch(self.env.company, mps=monthly)
        self.assertEqual(run.state, "done", run.log)
        comp = self.records(self.comp, run)
        self.assertEqual(comp.mapped("period_start"), months)
        self.assertEqual(comp[1].gross_requirement, 6 + 4 * 7, "released a week early")
        self.assertEqual(comp[2].gross_requirement, 0)

    def test_whatif_lists_the_figures_it_would_change(self):
        self.run_mrp()
        self.forecast(self.fg, 3, 15)
        run = self.env["scrm.mrp.run"]._launch(
            self.env.company, mps=self.mps, mode="whatif"
        )
        self.assertEqual(run.state, "done", run.log)
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [10], "unchanged")
        lines = {line.product_id: line for line in run.whatif_line_ids}
        self.assertEqual(lines[self.fg].current_qty, 10)
        self.assertEqual(lines[self.fg].whatif_qty, 15)
        self.assertEqual(lines[self.comp].current_qty, 70)
        self.assertEqual(lines[self.comp].whatif_qty, 105)

    def test_inventory_status_takes_the_warehouse_safety_stock(self):
        self.env["stock.quant"]._update_available_quantity(
            self.comp, self.warehouse.lot_stock_id, 8
        )
        self.comp.scrm_safety_stock = 5
        status = self.env["scrm.inventory.status"]

        def current():
            self.env.invalidate_all()
            return status.search(
                [
                    ("product_id", "=", self.comp.id),
                    ("warehouse_id", "=", self.warehouse.id),
                ]
            )

        self.assertEqual(current().status, "ok", "8 on hand above the product's 5")
        self.env["scrm.mrp.warehouse.parameter"].create(
            {
                "product_tmpl_id": self.comp.product_tmpl_id.id,
                "warehouse_id": self.warehouse.id,
                "scrm_safety_stock": 10,
            }
        )
        self.assertEqual(current().safety_stock, 10)
        self.assertEqual(current().status, "below_safety")

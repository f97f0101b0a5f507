import threading
from types import SimpleNamespace

import psycopg2

from odoo import Command
from odoo.tests import tagged

from ..engine import Pegging
from ..models.scrm_mrp_result import VIEW_ID_FACTOR
from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpStorage(MrpScenarioCommon):
    """How a run's plan is stored (COPY, arrays, JSON) and read back (views)."""

    def test_names_with_tabs_newlines_and_backslashes_are_stored_as_typed(self):
        # Sent to PostgreSQL as COPY text, where a tab ends a column, a newline
        # a row and a backslash starts an escape.
        name = 'Bolt\tM8 "hex" \\ 50%\nsecond line\r \u2013 ünïcødé ✓ \\N'
        odd = self.env["product.product"].create(
            {"name": name, "default_code": "B\\8\t", "is_storable": True}
        )
        self.mps.product_ids += odd
        self.mps.action_prepare_lines()
        self.forecast(odd, 2, 4)
        run = self.run_mrp()
        self.assertEqual(run.state, "done", run.log)
        exception = self.env["scrm.mrp.exception"].search(
            [("product_id", "=", odd.id), ("kind", "=", "no_vendor")]
        )
        self.assertEqual(len(exception), 1)
        self.assertIn(f"[B\\8\t] {name}", exception.message)
        order = self.planned(odd)
        self.assertEqual(order.quantity, 4)
        self.assertEqual(order.name.split("/")[0], run.name)

    def test_a_plan_that_cannot_be_written_fails_cleanly(self):
        """Rows are formatted by a helper thread while PostgreSQL stores them:
        whichever side fails, the error reaches the run, nothing is written
        and the thread is gone."""
        self.run_mrp()
        Order = self.env["scrm.mrp.planned.order"]
        before = Order.search_count([])
        run = self.env["scrm.mrp.run"].search([], limit=1)
        many = 5 * 2_000 + 1  # several chunks
        columns = {
            "name": ("varchar", [f"X/{i}" for i in range(many)]),
            "product_id": ("int", [self.comp.id] * many),
            "quantity": ("float8", [1.0] * many),
            "due_date": ("date", [self.weeks[1]] * many),
            "release_date": ("date", [self.weeks[1]] * many),
            "supply_method": ("varchar", ["buy"] * many),
        }
        common = {"company_id": self.env.company.id, "state": "planned"}
        # Python side: a quantity JSON cannot hold, in the last chunk.
        pegging = [[]] * (many - 1) + [[["sale,1", "sale,1", float("nan")]]]
        with self.assertRaises(ValueError), self.env.cr.savepoint():
            run._bulk_insert(
                "scrm.mrp.planned.order",
                common,
                {**columns, "pegging": ("json", pegging)},
            )
        # PostgreSQL side: a row it refuses, in the first chunk.
        columns["supply_method"][1][3] = None
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            run._bulk_insert("scrm.mrp.planned.order", common, columns)
        self.assertEqual(Order.search_count([]), before)
        self.assertFalse(
            [t for t in threading.enumerate() if t.name == "scrm-mrp-copy"]
        )

    def test_a_run_with_nothing_to_order_replaces_the_previous_plan(self):
        self.run_mrp()
        self.assertTrue(self.planned(self.fg))
        self.mps.line_ids.forecast_qty = 0
        run = self.run_mrp()
        self.assertEqual(run.state, "done", run.log)
        self.assertEqual(run.planned_order_count, 0)
        self.assertFalse(self.planned(self.fg) | self.planned(self.comp))
        records = self.env["scrm.mrp.record"].search([("run_id", "=", run.id)])
        self.assertEqual(len(records), 3 * 8, "3 products x 8 weeks, all zero")
        self.assertFalse(any(records.mapped("gross_requirement")))
        self.assertFalse(
            self.env["scrm.mrp.pegging"].search(
                [("planned_order_id.run_id", "=", run.id)]
            )
        )

    def test_reading_view_rows_by_id_reads_only_their_parents(self):
        self.run_mrp()
        fg_order, comp_order = self.planned(self.fg), self.planned(self.comp)
        plan = self.env["scrm.mrp.plan"].search([("product_id", "=", self.fg.id)])
        # Another order's pegging that PostgreSQL cannot read:
        # a read that unfolded every parent of the view would fail on it.
        self.env.cr.execute(
            "UPDATE scrm_mrp_planned_order SET pegging = 'not json' WHERE id = %s",
            [comp_order.id],
        )
        self.env.invalidate_all()
        # The planned order form's pegging tab, as the web client reads it.
        [form] = fg_order.web_read(
            {"pegging_ids": {"fields": {"demand_ref": {}, "quantity": {}}}}
        )
        self.assertEqual(
            [(peg["demand_ref"], peg["quantity"]) for peg in form["pegging_ids"]],
            [(fg_order.pegging_ids.demand_ref, 10)],
        )
        self.env.invalidate_all()
        pegs = fg_order.pegging_ids
        self.assertEqual(len(pegs), 1)
        self.env.invalidate_all()
        self.assertEqual(pegs.read(["quantity"]), [{"id": pegs.id, "quantity": 10}])
        self.assertEqual(pegs.exists(), pegs)
        Record = self.env["scrm.mrp.record"]
        ids = [plan.id * VIEW_ID_FACTOR + 4, plan.id * VIEW_ID_FACTOR + 1]
        self.env.invalidate_all()
        records = Record.browse(ids)
        self.assertEqual(records.mapped("gross_requirement"), [10, 0])
        self.assertEqual(records.exists(), records)
        self.assertEqual(
            Record.browse(plan.id * VIEW_ID_FACTOR + 9).exists(), Record, "8 weeks"
        )
        self.assertEqual(Record.search([("id", "in", ids)]), records)

    def test_an_order_pegging_more_demands_than_ids_allow_fails_the_run(self):
        run = self.run_mrp()
        result = SimpleNamespace(
            planned_orders=[
                SimpleNamespace(
                    item_id=self.comp.id,
                    pegging=[Pegging("d", "t", 1.0)] * VIEW_ID_FACTOR,
                )
            ]
        )
        with self.assertRaisesRegex(ValueError, "Component covers 100000 demands"):
            run._check_view_positions(result)
        result.planned_orders[0].pegging.pop()
        run._check_view_positions(result)  # 99,999 fit

    def test_merging_a_vendor_keeps_it_on_planned_orders(self):
        self.run_mrp()
        comp_order = self.planned(self.comp)
        self.assertEqual(comp_order.vendor_id, self.vendor)
        same = self.env["res.partner"].create({"name": "Bolt Vendor Ltd"})
        self.env["base.partner.merge.automatic.wizard"]._merge(
            [self.vendor.id, same.id], dst_partner=same, extra_checks=False
        )
        self.assertFalse(self.vendor.exists())
        self.env.invalidate_all()
        self.assertEqual(comp_order.vendor_id, same)

    def test_time_phased_pivot_of_a_user_of_one_company(self):
        self.run_mrp()
        other = self.env["res.company"].create({"name": "Second Plant"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        product = self.env["product.product"].create(
            {"name": "Other Plant Part", "is_storable": True, "company_id": other.id}
        )
        mps = (
            self.env["scrm.mps"]
            .with_company(other)
            .create(
                {
                    "name": "Second",
                    "company_id": other.id,
                    "warehouse_id": warehouse.id,
                    "period_type": "week",
                    "period_count": 8,
                    "product_ids": [Command.set(product.ids)],
                }
            )
        )
        mps.action_prepare_lines()
        mps.line_ids[2].forecast_qty = 7
        self.env["scrm.mrp.run"].with_company(other)._launch(other, mps=mps)
        self.planner.write({"company_ids": [Command.link(other.id)]})
        Record = self.env["scrm.mrp.record"].with_user(self.planner)
        groups = dict(
            Record.with_context(allowed_company_ids=[other.id])._read_group(
                [], ["product_id"], ["gross_requirement:sum"]
            )
        )
        self.assertEqual(groups, {product: 7})
        ours = [("product_id", "in", (self.fg | self.sub | self.comp | product).ids)]
        both = Record.with_context(
            allowed_company_ids=[self.env.company.id, other.id]
        ).read_group(ours, ["gross_requirement:sum"], ["company_id"])
        self.assertEqual(
            {g["company_id"][0]: g["gross_requirement"] for g in both},
            {self.env.company.id: 10 + 20 + 70, other.id: 7},
        )

    def test_deleting_a_product_template_deletes_its_planned_orders(self):
        spare = self.add_spare_part()
        self.run_mrp()
        order = self.planned(spare)
        self.assertEqual(order.quantity, 5)
        self.mps.line_ids.filtered(lambda line: line.product_id == spare).unlink()
        self.mps.product_ids -= spare
        spare.product_tmpl_id.unlink()
        self.assertFalse(spare.exists())
        self.assertFalse(order.exists(), "no order left for a product that is gone")
        self.assertEqual(self.planned(self.fg).quantity, 10)

    def test_a_product_with_exception_messages_can_be_deleted(self):
        stray = self.env["product.product"].create({"name": "Entered by Mistake"})
        self.mps.product_ids += stray
        self.mps.action_prepare_lines()
        self.forecast(stray, 2, 1)
        self.run_mrp()
        Exception_ = self.env["scrm.mrp.exception"]
        self.assertTrue(Exception_.search([("product_id", "=", stray.id)]), "no vendor")
        self.mps.line_ids.filtered(lambda line: line.product_id == stray).unlink()
        self.mps.product_ids -= stray
        stray.unlink()
        self.assertFalse(stray.exists())
        self.assertFalse(Exception_.search([("product_id", "=", stray.id)]))

    def test_plan_and_pegging_read_after_many_runs(self):
        # Every run writes new plans and orders: ids soon pass 21,474, and a
        # view row id (parent id x 100,000 + position) passes 2**31.
        self.run_mrp()
        order = self.planned(self.fg)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE scrm_mrp_planned_order SET id = 3000000 WHERE id = %s", [order.id]
        )
        self.env.cr.execute(
            "UPDATE scrm_mrp_plan SET id = 600000 WHERE product_id = %s", [self.fg.id]
        )
        self.env.invalidate_all()
        order = self.planned(self.fg)
        self.assertEqual(order.id, 3000000)
        self.assertEqual(order.pegging_ids.mapped("quantity"), [10])
        self.assertEqual(order.pegging_ids.id, 3000000 * VIEW_ID_FACTOR + 1)
        Record = self.env["scrm.mrp.record"]
        records = Record.search([("product_id", "=", self.fg.id)])
        self.assertEqual(len(records), 8)
        self.env.invalidate_all()
        self.assertEqual(records.exists(), records)
        self.assertEqual(sum(records.mapped("gross_requirement")), 10)
        self.assertEqual(
            Record.search([("id", "=", 600000 * VIEW_ID_FACTOR + 4)]).gross_requirement,
            10,
        )

    def test_time_phased_plan_exports_as_listed(self):
        self.run_mrp()
        # Odoo 18 lets only the users of this group export.
        self.planner.groups_id += self.env.ref("base.group_allow_export")
        Record = self.env["scrm.mrp.record"].with_user(self.planner)
        records = Record.search(
            [("product_id", "=", self.comp.id), ("gross_requirement", ">", 0)]
        )
        rows = records.export_data(
            ["product_id", "period_start", "gross_requirement", "planned_receipt"]
        )["datas"]
        self.assertEqual(rows, [["Component", self.weeks[2], 70.0, 70.0]])

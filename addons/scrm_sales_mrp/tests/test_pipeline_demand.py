from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "scrm_sales_mrp")
class TestPipelineDemand(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Pump P-100", "is_storable": True, "sale_ok": True}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Pipeline Customer", "is_company": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.mps = cls.env["scrm.mps"].create(
            {
                "name": "Pumps",
                "warehouse_id": cls.warehouse.id,
                "period_type": "week",
                "period_count": 8,
                "product_ids": [Command.set(cls.product.ids)],
            }
        )
        cls.mps.action_prepare_lines()
        cls.weeks = cls.mps._period_starts()
        cls.week2 = cls.weeks[2] + timedelta(days=1)
        Stage = cls.env["crm.stage"]
        cls.stage_open = Stage.create({"name": "Pipeline open", "sequence": 950})
        cls.stage_commit = Stage.create(
            {"name": "Pipeline commit", "scrm_forecast_category": "commit"}
        )
        cls.opp_a = cls._opp(10, 30, cls.stage_open)
        cls.opp_b = cls._opp(4, 80, cls.stage_commit)

    @classmethod
    def _opp(cls, quantity, probability, stage):
        return cls.env["crm.lead"].create(
            {
                "name": f"Pumps x {quantity}",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "stage_id": stage.id,
                "probability": probability,
                "date_deadline": cls.week2,
                "scrm_product_line_ids": [
                    Command.create({"product_id": cls.product.id, "quantity": quantity})
                ],
            }
        )

    def _cell(self, week):
        return self.mps.line_ids.filtered(
            lambda line: (
                line.product_id == self.product
                and line.period_start == self.weeks[week]
            )
        )

    def test_weighted_cut_off(self):
        self.mps.action_scrm_refresh_pipeline()
        # 10 x 30 % + 4 x 80 %
        self.assertAlmostEqual(self._cell(2).scrm_pipeline_qty, 6.2)
        self.assertEqual(self._cell(1).scrm_pipeline_qty, 0)
        self.assertTrue(self._cell(2).scrm_pipeline_exceeds)
        self.mps.scrm_pipeline_min_probability = 50
        self.mps.action_scrm_refresh_pipeline()
        self.assertAlmostEqual(self._cell(2).scrm_pipeline_qty, 3.2)
        # A manual forecast above the pipeline: no longer flagged.
        self._cell(2).forecast_qty = 5
        self.assertFalse(self._cell(2).scrm_pipeline_exceeds)

    def test_committed_cut_off(self):
        self.mps.scrm_pipeline_basis = "committed"
        self.mps.action_scrm_refresh_pipeline()
        self.assertEqual(self._cell(2).scrm_pipeline_qty, 4)

    def test_won_moves_to_actual_demand_once(self):
        self.mps.action_scrm_refresh_pipeline()
        cell = self._cell(2)
        self.assertAlmostEqual(cell.scrm_pipeline_qty + cell.actual_qty, 6.2)
        # Opportunity B is won: its order is confirmed for the same week.
        self.opp_b.action_set_won()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "commitment_date": datetime.combine(self.week2, time(12)),
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 4}
                    )
                ],
            }
        )
        order.action_confirm()
        self.mps.action_scrm_refresh_pipeline()
        self.env.invalidate_all()
        cell = self._cell(2)
        self.assertEqual(cell.actual_qty, 4)
        # Only opportunity A is left in the pipeline: 10 x 30 %.
        self.assertAlmostEqual(cell.scrm_pipeline_qty, 3.0)
        self.assertAlmostEqual(cell.scrm_pipeline_qty + cell.actual_qty, 7.0)

    def test_lost_and_omitted_leave_the_pipeline(self):
        self.opp_a.action_set_lost()
        self.mps.action_scrm_refresh_pipeline()
        self.assertAlmostEqual(self._cell(2).scrm_pipeline_qty, 3.2)

    def test_refresh_queries_flat(self):
        self.mps.action_scrm_refresh_pipeline()
        with self.assertQueryCount(__system__=2):
            self.mps.action_scrm_refresh_pipeline()
        for _i in range(20):
            self._opp(1, 50, self.stage_open)
        self.mps.action_scrm_refresh_pipeline()
        with self.assertQueryCount(__system__=2):
            self.mps.action_scrm_refresh_pipeline()

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.scrm_mrp_ext.models.scrm_mrp_loader import MrpLoader
from odoo.addons.scrm_mrp_ext.tests.common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_sales_mrp")
class TestPipelineInMrpRun(MrpScenarioCommon):
    """FG = 2 SUB + 1 COMP, 7 days to make; a manual forecast of 10 FG in
    week 3 (see MrpScenarioCommon). Opportunities for FG feed the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Machine Buyer", "is_company": True}
        )
        Stage = cls.env["crm.stage"]
        cls.stage_open = Stage.create({"name": "MRP open", "sequence": 950})
        cls.stage_commit = Stage.create(
            {"name": "MRP commit", "scrm_forecast_category": "commit"}
        )
        cls.mps.scrm_pipeline_in_mrp = True

    def _opp(self, quantity, probability, week, stage=None):
        return self.env["crm.lead"].create(
            {
                "name": f"Machines x {quantity}",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "stage_id": (stage or self.stage_open).id,
                "probability": probability,
                "date_deadline": self.weeks[week] + timedelta(days=1),
                "scrm_product_line_ids": [
                    Command.create({"product_id": self.fg.id, "quantity": quantity})
                ],
            }
        )

    def _plan(self, product):
        run = self.run_mrp()
        self.assertEqual(run.state, "done", run.log)
        return [
            (order.due_date, order.quantity)
            for order in self.planned(product).sorted("due_date")
        ]

    def test_weighted_pipeline_is_planned_with_its_components(self):
        # 20 machines at 50 %: 10 machines wanted in week 5.
        self._opp(20, 50, 5)
        self.assertEqual(
            self._plan(self.fg), [(self.weeks[3], 10), (self.weeks[5], 10)]
        )
        # Each machine takes 2 subassemblies, needed when it is started.
        self.assertEqual(
            self._plan(self.sub), [(self.weeks[2], 20), (self.weeks[4], 20)]
        )

    def test_setting_off_or_lost_plans_nothing_of_the_pipeline(self):
        opportunity = self._opp(20, 50, 5)
        self.mps.scrm_pipeline_in_mrp = False
        self.assertEqual(self._plan(self.fg), [(self.weeks[3], 10)])
        self.mps.scrm_pipeline_in_mrp = True
        opportunity.action_set_lost()
        self.assertEqual(self._plan(self.fg), [(self.weeks[3], 10)])

    def test_pipeline_only_above_the_manual_forecast(self):
        # 6 weighted in week 3 stays under the 10 the planner entered.
        self._opp(12, 50, 3)
        self.assertEqual(self._plan(self.fg), [(self.weeks[3], 10)])
        # Committed basis: the full 15 of the commit opportunity, 5 above.
        self._opp(15, 90, 3, self.stage_commit)
        self.mps.scrm_pipeline_basis = "committed"
        self.assertEqual(self._plan(self.fg), [(self.weeks[3], 15)])

    def test_won_is_planned_once_as_actual_demand(self):
        opportunity = self._opp(15, 90, 5, self.stage_commit)
        self.mps.scrm_pipeline_basis = "committed"
        self.assertEqual(
            self._plan(self.fg), [(self.weeks[3], 10), (self.weeks[5], 15)]
        )
        # Won: its order's delivery is the demand now, and the pipeline is gone.
        opportunity.action_set_won()
        self.deliver(self.fg, 15, self.weeks[5] + timedelta(days=1))
        self.assertEqual(
            self._plan(self.fg), [(self.weeks[3], 10), (self.weeks[5], 15)]
        )

    def test_loading_queries_flat_for_1_or_50_opportunities(self):
        def load():
            MrpLoader(self.env, self.env.company, self.mps).load()

        self._opp(2, 50, 4)
        load()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        load()
        count = self.env.cr.sql_log_count - before
        for week in range(49):
            self._opp(2, 50, week % 8)
        load()
        self.env.invalidate_all()
        with self.assertQueryCount(count):
            load()

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSalesMarketingCommon

Q3 = date(2031, 7, 1)


@tagged("post_install", "-at_install", "scrm_sales_forecast")
class TestSalesForecast(ScrmSalesMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login="scrm_fc_rep",
            name="Rita Forecast",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.rep2 = mail_new_test_user(
            cls.env,
            login="scrm_fc_rep2",
            name="Rob Forecast",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Forecast team",
                "user_id": cls.sales_manager.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.rep.id}),
                    Command.create({"user_id": cls.rep2.id}),
                ],
            }
        )
        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create({"name": "FC New", "sequence": 900})
        cls.stage_commit = Stage.create(
            {"name": "FC Negotiation", "scrm_forecast_category": "commit"}
        )
        cls.stage_won = Stage.search([("is_won", "=", True)], limit=1)

    def _opp(self, revenue, probability, stage, deadline, user=None, **values):
        return self.env["crm.lead"].create(
            {
                "name": f"Opp {revenue}",
                "type": "opportunity",
                "user_id": (user or self.rep).id,
                "team_id": self.team.id,
                "stage_id": stage.id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
                **values,
            }
        )

    def test_category_from_stage_and_override(self):
        opp = self._opp(1000, 10, self.stage_new, date(2031, 8, 1))
        self.assertEqual(opp.scrm_forecast_category, "pipeline")
        opp.stage_id = self.stage_commit
        self.assertEqual(opp.scrm_forecast_category, "commit")
        opp.scrm_forecast_category = "best_case"
        self.assertEqual(opp.scrm_forecast_category, "best_case")
        opp.action_set_won()
        self.assertEqual(opp.scrm_forecast_category, "closed")

    def test_forecast_figures_by_hand(self):
        # Rita's Q3 2031: quota 50,000; pipeline 10,000 at 10 %, best case 20,000
        # at 40 %, commit 30,000 at 80 %, omitted 5,000 at 50 %; one outside the
        # quarter; an order of 2 x 120 = 240 confirmed in the quarter.
        self._opp(10000, 10, self.stage_new, date(2031, 7, 15))
        self._opp(
            20000,
            40,
            self.stage_new,
            date(2031, 8, 15),
            scrm_forecast_category="best_case",
        )
        self._opp(30000, 80, self.stage_commit, date(2031, 9, 30))
        self._opp(
            5000, 50, self.stage_new, date(2031, 9, 1), scrm_forecast_category="omitted"
        )
        self._opp(99999, 90, self.stage_commit, date(2031, 10, 1))
        order = self._create_sale_order(self.customer, self.rep)
        order.action_confirm()
        order.date_order = datetime(2031, 7, 3, 10, 0)
        self.env["scrm.sales.quota"].create(
            {"user_id": self.rep.id, "date_start": Q3, "amount": 50000}
        )
        self.env["scrm.forecast.entry"].with_user(self.rep).create(
            {"date_start": Q3, "commit_amount": 28000, "best_case_amount": 45000}
        )
        line = self.env["scrm.forecast.line"]._compute_lines(
            Q3, "quarter", user_ids=[self.rep.id]
        )
        self.assertEqual(len(line), 1)
        self.assertEqual(line.team_id, self.team)
        self.assertEqual(line.quota, 50000)
        self.assertEqual(line.closed, 240)
        self.assertEqual(line.commit, 30000)
        self.assertEqual(line.best_case, 50000)  # commit + best case
        self.assertEqual(line.pipeline, 60000)  # omitted and next quarter left out
        # 10,000 x 10 % + 20,000 x 40 % + 30,000 x 80 %
        self.assertEqual(line.weighted_pipeline, 1000 + 8000 + 24000)
        self.assertEqual(line.submitted_commit, 28000)
        self.assertEqual(line.adjusted_commit, 28000)
        self.assertEqual(line.remaining_quota, 50000 - 240)
        self.assertAlmostEqual(line.coverage, 60000 / 49760, places=4)

    def test_manager_adjustment_with_history(self):
        Entry = self.env["scrm.forecast.entry"]
        first = Entry.with_user(self.rep).create(
            {"date_start": Q3, "commit_amount": 20000, "best_case_amount": 30000}
        )
        with self.assertRaises(AccessError):
            Entry.with_user(self.rep).create(
                {
                    "date_start": Q3,
                    "kind": "adjustment",
                    "commit_amount": 99999,
                    "best_case_amount": 99999,
                }
            )
        with self.assertRaises(AccessError):
            Entry.with_user(self.rep2).create(
                {
                    "user_id": self.rep.id,
                    "date_start": Q3,
                    "commit_amount": 1,
                    "best_case_amount": 1,
                }
            )
        adjustment = Entry.with_user(self.sales_manager).create(
            {
                "user_id": self.rep.id,
                "date_start": Q3,
                "kind": "adjustment",
                "commit_amount": 15000,
                "best_case_amount": 30000,
                "note": "Deal X slips",
            }
        )
        with self.assertRaises(ValidationError):
            adjustment.commit_amount = 1
        self.assertEqual(adjustment.author_id, self.sales_manager)
        replay = Entry._replay(Q3, "quarter")[self.rep.id]
        self.assertEqual(replay["submitted"], first)
        self.assertEqual(replay["adjusted"], adjustment)
        line = self.env["scrm.forecast.line"]._compute_lines(
            Q3, "quarter", user_ids=[self.rep.id]
        )
        self.assertEqual(line.submitted_commit, 20000)
        self.assertEqual(line.adjusted_commit, 15000)
        # Every entry is kept: the period's history has both, in order.
        history = Entry.search(
            [("user_id", "=", self.rep.id), ("date_start", "=", Q3)],
            order="create_date, id",
        )
        self.assertEqual(history, first | adjustment)
        # The salesperson sees their own history, not a colleague's.
        self.assertFalse(
            Entry.with_user(self.rep2).search([("user_id", "=", self.rep.id)])
        )

    def test_quota_roll_up(self):
        Quota = self.env["scrm.sales.quota"]
        team_quota = Quota.create(
            {"team_id": self.team.id, "date_start": Q3, "amount": 100000}
        )
        Quota.create(
            [
                {"user_id": self.rep.id, "date_start": Q3, "amount": 50000},
                {"user_id": self.rep2.id, "date_start": Q3, "amount": 30000},
                # Another period does not count.
                {"user_id": self.rep2.id, "date_start": date(2031, 10, 1), "amount": 1},
            ]
        )
        self.assertEqual(team_quota.members_amount, 80000)
        self.assertEqual(team_quota.members_gap, 20000)

    def test_quota_bad_input(self):
        Quota = self.env["scrm.sales.quota"]
        with self.assertRaises(ValidationError):
            Quota.create({"user_id": self.rep.id, "date_start": date(2031, 8, 1)})
        Quota.create({"user_id": self.rep.id, "date_start": Q3, "amount": 1})
        with self.assertRaises(ValidationError):
            Quota.create({"user_id": self.rep.id, "date_start": Q3, "amount": 2})
        self.assertEqual(Quota.search_count([("user_id", "=", self.rep.id)]), 1)

    def test_forecast_screen_queries_flat(self):
        Line = self.env["scrm.forecast.line"]
        for count in (2, 20):
            for _i in range(count):
                self._opp(1000, 50, self.stage_new, date(2031, 7, 10), user=self.rep)
                self._opp(
                    1000, 50, self.stage_commit, date(2031, 7, 10), user=self.rep2
                )
            Line._compute_lines(Q3, "quarter")
            self.env.invalidate_all()
            # The same queries for 4 opportunities and for 44.
            with self.assertQueryCount(__system__=7):
                Line._compute_lines(Q3, "quarter")

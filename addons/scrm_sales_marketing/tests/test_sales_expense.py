from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .test_sales_visit import VisitCommon


@tagged("post_install", "-at_install", "scrm_sales_expense")
class TestSalesExpense(VisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Anna Rep", "user_id": cls.rep_a.id, "hourly_cost": 60.0}
        )
        cls.meal = cls.env.ref("hr_expense.expense_product_meal")

    def _expense(self, amount, **vals):
        return self.env["hr.expense"].create(
            {
                "name": "Lunch with the buyer",
                "employee_id": self.employee.id,
                "product_id": self.meal.id,
                "total_amount_currency": amount,
                **vals,
            }
        )

    def test_visit_fills_the_expense_links(self):
        with Form(self.env["hr.expense"]) as form:
            form.name = "Train to Paris"
            form.employee_id = self.employee
            form.product_id = self.meal
            form.total_amount_currency = 80.0
            form.scrm_visit_id = self.visit
        expense = form.record
        self.assertEqual(expense.scrm_account_id, self.account)
        self.assertEqual(expense.scrm_lead_id, self.lead)
        self.assertEqual(expense.scrm_territory_id, self.paris)

    def test_cost_of_sale_rolls_up(self):
        # Two hours planned, reported without check-in: 2 h x 60 = 120.
        self.visit.write({"outcome": "positive"})
        self.visit.with_user(self.rep_a).action_submit_report()
        self.assertEqual(self.visit.visit_cost, 120.0)
        self._expense(
            50.0,
            scrm_visit_id=self.visit.id,
            scrm_account_id=self.account.id,
            scrm_lead_id=self.lead.id,
        )
        self._expense(30.0, scrm_account_id=self.account.id)  # the account only
        refused = self._expense(999.0, scrm_lead_id=self.lead.id)
        refused.state = "refused"
        self._expense(7.0)  # not a cost of sale
        self.env.flush_all()
        lead = self.lead.with_user(self.rep_a)
        self.assertEqual(lead.scrm_expense_cost, 50.0)
        self.assertEqual(lead.scrm_visit_cost, 120.0)
        self.assertEqual(lead.scrm_cost_of_sale, 170.0)
        account = self.account.with_user(self.rep_a)
        self.assertEqual(account.scrm_expense_cost, 80.0)
        self.assertEqual(account.scrm_cost_of_sale, 200.0)
        # The pivot agrees with the forms.
        Report = self.env["scrm.cost.of.sale"].with_user(self.rep_a)
        rows = Report._read_group(
            [("account_id", "=", self.account.id)], ["kind"], ["amount:sum"]
        )
        self.assertEqual(dict(rows), {"expense": 80.0, "visit": 120.0})
        action = account.action_scrm_open_cost_of_sale()
        self.assertEqual(sum(Report.search(action["domain"]).mapped("amount")), 200.0)
        # Someone outside the territory reads no line of it.
        self.assertFalse(
            self.env["scrm.cost.of.sale"]
            .with_user(self.outsider)
            .search([("account_id", "=", self.account.id)])
        )

    def test_mismatched_account_refused(self):
        other = self.env["res.partner"].create(
            {"name": "Elsewhere", "is_company": True}
        )
        with self.assertRaises(ValidationError):
            self._expense(10.0, scrm_account_id=other.id, scrm_visit_id=self.visit.id)
        self.assertFalse(
            self.env["hr.expense"].search([("scrm_account_id", "=", other.id)])
        )

    def test_unreported_visit_costs_nothing(self):
        self.assertEqual(self.visit.visit_cost, 0.0)
        self.visit.write({"start": fields.Datetime.now() - timedelta(days=1)})
        self.assertEqual(self.lead.scrm_visit_cost, 0.0)


@tagged("post_install", "-at_install", "scrm_sales_expense", "scrm_clock")
class TestCostOfSaleDay(VisitCommon):
    """A visit counts for the salesperson's day, else the company's, not UTC's."""

    def _day(self):
        self.env.flush_all()
        Report = self.env["scrm.cost.of.sale"].with_user(self.rep_a)
        Report.invalidate_model()
        row = Report.search(
            [("kind", "=", "visit"), ("account_id", "=", self.account.id)]
        )
        return str(row.date)

    def test_visit_day_in_salesperson_then_company_zone(self):
        # 23:30 UTC on 31 March is 07:30 on 1 April in Shanghai.
        self.visit.write({"start": fields.Datetime.to_datetime("2026-03-31 23:30:00")})
        self.visit.write({"outcome": "positive"})
        self.visit.with_user(self.rep_a).action_submit_report()
        self.rep_a.tz = "Asia/Shanghai"
        self.assertEqual(self._day(), "2026-04-01")
        # The salesperson's zone comes first: in New York it is still 31 March.
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.rep_a.tz = "America/New_York"
        self.assertEqual(self._day(), "2026-03-31")
        # A salesperson without a zone reads the company's day.
        self.rep_a.tz = False
        self.assertEqual(self._day(), "2026-04-01")

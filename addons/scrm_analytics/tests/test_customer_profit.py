import base64
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user

TODAY = date(2026, 6, 30)
MARCH = date(2026, 3, 1)


@tagged("post_install", "-at_install", "scrm_analytics_profit")
class TestCustomerProfit(AccountTestInvoicingCommon):
    """Every figure of one customer's March 2026, computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accountant of the invoicing tests also runs service, expenses,
        # stock and sales here.
        for xmlid in (
            "scrm_analytics.group_analytics_manager",
            "scrm_service.group_service_manager",
            "hr_expense.group_hr_expense_manager",
            "stock.group_stock_manager",
            "sales_team.group_sale_manager",
        ):
            cls.env.user.groups_id += cls.env.ref(xmlid)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("scrm_analytics.service_rate", "40")
        params.set_param("scrm_analytics.ticket_minutes", "30")
        # 36.5 % a year: 0.1 % a day, easy to check by hand.
        params.set_param("scrm_analytics.capital_rate", "36.5")
        params.set_param("scrm_analytics.delivery_cost", "15")
        params.set_param("scrm_analytics.months", "24")
        groups = "base.group_user,scrm_sales_marketing.group_sales_user"
        cls.seller = mail_new_test_user(
            cls.env,
            login="scrm_an_seller",
            name="Sally Seller",
            groups=groups,
            company_id=cls.env.company.id,
        )
        cls.other_seller = mail_new_test_user(
            cls.env,
            login="scrm_an_other",
            name="Oscar Other",
            groups=groups,
            company_id=cls.env.company.id,
        )
        Partner = cls.env["res.partner"]
        # A name that a spreadsheet would read as a formula.
        cls.acme = Partner.create(
            {"name": "=Acme Fittings", "is_company": True, "user_id": cls.seller.id}
        )
        cls.acme_buyer = Partner.create({"name": "Ann Buyer", "parent_id": cls.acme.id})
        cls.bolt = Partner.create(
            {
                "name": "Bolt Hydraulics",
                "is_company": True,
                "user_id": cls.other_seller.id,
            }
        )
        cls.pump = cls.env["product.product"].create(
            {
                "name": "Gear pump",
                "list_price": 100.0,
                "standard_price": 60.0,
                "is_storable": True,
            }
        )
        # Acme, March 2026: 10 pumps at 100 less 10 %, paid 30 days late.
        invoice = cls._invoice(cls.acme_buyer, date(2026, 3, 10), 10, 100.0, 10.0)
        cls._pay(invoice, date(2026, 4, 9))
        # One pump credited back at 90.
        cls._invoice(cls.acme, date(2026, 3, 20), 1, 90.0, refund=True)
        # Two tickets: one of a team costing 60 an hour with a 30-minute call
        # (30 + 30 minutes = 1 h, 60), one without team (30 minutes at 40 = 20).
        cls.team = team = cls.env["scrm.service.team"].create(
            {"name": "Field service", "scrm_cost_rate": 60.0}
        )
        Ticket = cls.env["scrm.ticket"]
        ticket = Ticket.create(
            {
                "name": "Pump leaks",
                "partner_id": cls.acme_buyer.id,
                "team_id": team.id,
                "date_open": datetime(2026, 3, 5, 9),
            }
        )
        cls.env["scrm.call.log"].create(
            {
                "ticket_id": ticket.id,
                "partner_id": cls.acme_buyer.id,
                "duration": 30.0,
                "date": datetime(2026, 3, 5, 10),
            }
        )
        cls.ticket = ticket
        Ticket.create(
            {
                "name": "Invoice copy",
                "partner_id": cls.acme.id,
                "team_id": False,
                "date_open": datetime(2026, 3, 6, 9),
            }
        )
        # An approved expense of 300, half on Acme's analytic account: 150.
        plan = cls.env["account.analytic.plan"].create({"name": "Customers"})
        account = cls.env["account.analytic.account"].create(
            {"name": "Acme", "plan_id": plan.id, "partner_id": cls.acme.id}
        )
        employee = cls.env["hr.employee"].create(
            {"name": "Sally Seller", "user_id": cls.seller.id}
        )
        expense = cls.env["hr.expense"].create(
            {
                "name": "Visit to Acme",
                "employee_id": employee.id,
                "date": date(2026, 3, 12),
                "total_amount_currency": 300.0,
                "tax_ids": [Command.clear()],
                "analytic_distribution": {str(account.id): 50.0},
            }
        )
        sheet = cls.env["hr.expense.sheet"].create(
            {
                "name": "March",
                "employee_id": employee.id,
                "expense_line_ids": [Command.set(expense.ids)],
            }
        )
        sheet.action_submit_sheet()
        sheet.action_approve_expense_sheets()
        # A delivery of an order that charged no shipping: 15.
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.acme.id,
                "order_line": [
                    Command.create({"product_id": cls.pump.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        picking.date_done = datetime(2026, 3, 15, 12)
        # Bolt, March 2026: 5 pumps at 100, paid on the due date.
        invoice = cls._invoice(cls.bolt, date(2026, 3, 12), 5, 100.0)
        cls._pay(invoice, date(2026, 3, 12))
        cls.env["scrm.customer.profit"]._refresh(today=TODAY)

    @classmethod
    def _invoice(cls, partner, day, qty, price, discount=0.0, refund=False):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.pump.id,
                            "quantity": qty,
                            "price_unit": price,
                            "discount": discount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, day):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": day})._create_payments()

    def _row(self, partner):
        return self.env["scrm.customer.profit"].search(
            [("partner_id", "=", partner.id), ("date", "=", MARCH)]
        )

    def test_every_figure_by_hand(self):
        row = self._row(self.acme)
        self.assertEqual(len(row), 1, "one row per customer and month")
        # Revenue at list: 10 x 100; cost of goods 10 x 60; margin 400.
        self.assertAlmostEqual(row.revenue, 1000.0)
        self.assertAlmostEqual(row.cost_of_goods, 600.0)
        self.assertAlmostEqual(row.gross_margin, 400.0)
        # Cost to serve.
        self.assertAlmostEqual(row.discount_cost, 100.0)  # 10 % of 1,000
        # Credit note of 90 for a pump that cost 60: 30 of margin given back.
        self.assertAlmostEqual(row.return_cost, 30.0)
        self.assertAlmostEqual(row.late_payment_cost, 27.0)  # 900 x 0.1 % x 30 days
        self.assertAlmostEqual(row.service_hours, 1.5)
        self.assertAlmostEqual(row.service_cost, 80.0)  # 1 h x 60 + 0.5 h x 40
        self.assertAlmostEqual(row.expense_cost, 150.0)  # 50 % of 300
        self.assertAlmostEqual(row.delivery_cost, 15.0)
        self.assertAlmostEqual(row.visit_cost, 0.0)
        self.assertAlmostEqual(row.cost_to_serve, 402.0)
        # A 40 % gross margin that the cost to serve turns into a loss.
        self.assertAlmostEqual(row.net_contribution, -2.0)
        self.assertEqual(row.main_cost_driver, "expense_cost")
        self.assertEqual((row.ticket_count, row.invoice_count), (2, 1))
        self.assertEqual(row.user_id, self.seller)
        bolt = self._row(self.bolt)
        self.assertAlmostEqual(bolt.net_contribution, 200.0)  # 500 - 300
        self.assertAlmostEqual(bolt.late_payment_cost, 0.0)

    def test_whale_curve_and_profit_destroyers(self):
        whale = self.env["scrm.customer.whale"].search(
            [("company_id", "=", self.env.company.id)]
        )
        # Only these two customers have figures in this company.
        self.assertEqual(whale.mapped("partner_id"), self.bolt | self.acme)
        bolt, acme = whale.sorted("rank")
        self.assertEqual((bolt.partner_id, bolt.rank), (self.bolt, 1))
        self.assertAlmostEqual(bolt.cumulative_contribution, 200.0)
        self.assertAlmostEqual(acme.cumulative_contribution, 198.0)
        self.assertEqual((bolt.customer_percent, acme.customer_percent), (50, 100))
        self.assertTrue(acme.is_loss)
        self.assertEqual(acme.main_cost_driver, "expense_cost")

    def test_drill_down_to_documents(self):
        row = self._row(self.acme)
        invoices = self.env["account.move"].search(row.action_open_invoices()["domain"])
        self.assertEqual(
            sorted(invoices.mapped("move_type")), ["out_invoice", "out_refund"]
        )
        tickets = self.env["scrm.ticket"].search(row.action_open_tickets()["domain"])
        self.assertEqual(len(tickets), row.ticket_count)
        expenses = self.env["hr.expense"].search(row.action_open_expenses()["domain"])
        self.assertEqual(expenses.mapped("total_amount"), [300.0])
        pickings = self.env["stock.picking"].search(
            row.action_open_deliveries()["domain"]
        )
        self.assertEqual(len(pickings), 1)

    def test_salesperson_sees_only_own_accounts(self):
        Profit = self.env["scrm.customer.profit"].with_user(self.other_seller)
        rows = Profit.search([("partner_id", "in", (self.acme | self.bolt).ids)])
        self.assertEqual(rows.partner_id, self.bolt)
        # Acme's figures stay hidden, also through reading a known id.
        with self.assertRaises(AccessError):
            self._row(self.acme).with_user(self.other_seller).read(["net_contribution"])
        groups = Profit.read_group([], ["net_contribution:sum"], ["partner_id"])
        self.assertNotIn(self.acme.id, [group["partner_id"][0] for group in groups])
        # The whale curve and the recompute are for managers.
        with self.assertRaises(AccessError):
            self.env["scrm.customer.whale"].with_user(self.other_seller).search([])
        with self.assertRaises(AccessError):
            Profit.action_refresh()

    def test_refresh_query_count_is_flat(self):
        Profit = self.env["scrm.customer.profit"]
        Profit._refresh(today=TODAY)
        # One query per statement, whatever the number of documents.
        with self.assertQueryCount(8):
            Profit._refresh(today=TODAY)

    def test_service_as_a_profit_centre(self):
        # The team's ticket costs 1 h at 60; an opportunity raised from it was
        # won for 500 in March: margin 440 for the team.
        lead = self.env["crm.lead"].create(
            {
                "name": "Second pump",
                "type": "opportunity",
                "partner_id": self.acme.id,
                "expected_revenue": 500.0,
                "scrm_ticket_id": self.ticket.id,
                "scrm_agent_id": self.seller.id,
            }
        )
        lead.action_set_won()
        lead.date_closed = datetime(2026, 3, 20, 12)
        self.env.flush_all()
        Service = self.env["scrm.service.profit"]
        [group] = Service.read_group(
            [("team_id", "=", self.team.id)],
            ["service_cost:sum", "revenue:sum", "margin:sum", "ticket_count:sum"],
            ["team_id"],
        )
        self.assertAlmostEqual(group["service_cost"], 60.0)
        self.assertAlmostEqual(group["revenue"], 500.0)
        self.assertAlmostEqual(group["margin"], 440.0)
        self.assertEqual(group["ticket_count"], 1)
        agent = mail_new_test_user(
            self.env,
            login="scrm_an_agent",
            name="Andy Agent",
            groups="base.group_user,scrm_service.group_service_user",
            company_id=self.env.company.id,
        )
        # An agent sees only their own figures: none here.
        self.assertFalse(Service.with_user(agent).search([]))
        with self.assertRaises(AccessError):
            Service.with_user(self.other_seller).search([])

    def test_excel_export_writes_text_never_formulas(self):
        Profit = self.env["scrm.customer.profit"].with_user(self.seller)
        action = Profit.action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = list(book.active.iter_rows(values_only=True))
        # The salesperson's own account only, its name as text.
        self.assertEqual([row[1] for row in rows[1:]], ["=Acme Fittings"])
        self.assertEqual(book.active.cell(2, 2).data_type, "s")
        self.assertAlmostEqual(rows[1][14], -2.0)

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_scenarios")
class TestServiceUpsellCommission(AccountTestInvoicingCommon):
    """A service agent finds an upsell on a ticket, a salesperson sells it, the
    accountant invoices it: the commission plan with a service share pays both,
    each from their own statement. Every step is done by the user whose job it
    is; only the users and the plan are made in the set-up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company

        def user(login, name, groups):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        sales = "scrm_sales_marketing.group_sales_user"
        cls.agent = user(
            "scen_upsell_agent",
            "Ada Agent",
            f"base.group_user,scrm_service.group_service_user,{sales}",
        )
        cls.seller = user(
            "scen_upsell_seller", "Sven Seller", f"base.group_user,{sales}"
        )
        cls.accountant = user(
            "scen_upsell_accountant",
            "Alma Accountant",
            "base.group_user,account.group_account_invoice",
        )
        cls.manager = user(
            "scen_upsell_manager",
            "Mia Manager",
            "base.group_user,scrm_sales_marketing.group_sales_manager,"
            "sales_team.group_sale_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Riverside Water Works", "is_company": True}
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Booster pump", "list_price": 4000.0, "taxes_id": False}
        )
        cls.seal_kit = cls.env["product.product"].create(
            {"name": "Seal kit", "list_price": 1000.0, "taxes_id": False}
        )
        cls.plan = (
            cls.env["scrm.commission.plan"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Field and service, 5 %",
                    "service_share": 25,
                    "rule_ids": [
                        Command.create({"compute_type": "percent", "rate": 5.0})
                    ],
                    "assignment_ids": [
                        Command.create({"user_id": cls.seller.id}),
                        Command.create({"user_id": cls.agent.id}),
                    ],
                }
            )
        )

    def _sell(self, opportunity=None):
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": opportunity and opportunity.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.pump.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        invoice = order.with_user(self.accountant)._create_invoices()
        invoice.invoice_date = date(2026, 2, 2)
        invoice.action_post()
        return order, invoice

    def test_agent_and_salesperson_share_the_upsell(self):
        ticket = (
            self.env["scrm.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Pump hums at night",
                    "partner_id": self.customer.id,
                    "product_id": self.pump.id,
                }
            )
        )
        ticket.action_create_opportunity()
        lead = ticket.lead_ids
        self.assertEqual(lead.scrm_found_by_id, self.agent)
        lead.with_user(self.manager).user_id = self.seller

        order, invoice = self._sell(lead.with_user(self.seller))
        self.assertEqual(order.scrm_found_by_id, self.agent)
        self.assertEqual(invoice.scrm_found_by_id, self.agent)
        self._sell()  # the salesperson's own sale, found by nobody

        wizard = (
            self.env["scrm.commission.generate"]
            .with_user(self.manager)
            .create(
                {
                    "plan_ids": [Command.set(self.plan.ids)],
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
        )
        wizard.action_generate()
        Statement = self.env["scrm.commission.statement"]
        # The upsell, 4,000: 75 % to the salesperson (3,000), 25 % found
        # (1,000); the salesperson's own sale, 4,000, is all theirs. 5 % of each.
        seller_statement = Statement.with_user(self.seller).search([])
        self.assertEqual(seller_statement.base_amount, 7000)
        self.assertEqual(seller_statement.amount_total, 350)
        agent_statement = Statement.with_user(self.agent).search([])
        self.assertEqual(agent_statement.base_amount, 1000)
        self.assertEqual(agent_statement.amount_total, 50)
        self.assertEqual(agent_statement.line_ids.move_id, invoice)
        self.assertEqual(agent_statement.line_ids.credit_share, 25)
        # Each reads their own statement only.
        with self.assertRaises(AccessError):
            seller_statement.with_user(self.agent).read(["amount_total"])
        with self.assertRaises(AccessError):
            agent_statement.with_user(self.seller).read(["amount_total"])
        self.assertEqual(
            Statement.with_user(self.manager).search([("plan_id", "=", self.plan.id)]),
            seller_statement | agent_statement,
        )

import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_sales_commission")
class TestSalesCommission(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accountant of the invoicing tests also manages commissions.
        cls.env.user.groups_id += cls.env.ref(
            "scrm_sales_marketing.group_sales_manager"
        )
        groups = "base.group_user,scrm_sales_marketing.group_sales_user"
        cls.seller = mail_new_test_user(
            cls.env,
            login="scrm_comm_seller",
            name="Sam Seller",
            groups=groups,
            company_id=cls.env.company.id,
        )
        cls.other_seller = mail_new_test_user(
            cls.env,
            login="scrm_comm_other",
            name="Otto Other",
            groups=groups,
            company_id=cls.env.company.id,
        )
        cls.agent = cls.env["res.partner"].create({"name": "Agent Alvarez"})
        cls.customer = cls.env["res.partner"].create({"name": "Northwind Pumps"})
        cls.pump = cls.env["product.product"].create(
            {"name": "Gear pump", "list_price": 100.0}
        )
        accounts = cls.company_data
        cls.plan = cls.env["scrm.commission.plan"].create(
            {
                "name": "Field sales, tiered on quota",
                "clawback_days": 60,
                "expense_account_id": accounts["default_account_expense"].id,
                "accrual_account_id": accounts["default_account_payable"]
                .copy({"code": "AC2000", "account_type": "liability_current"})
                .id,
                "journal_id": accounts["default_journal_misc"].id,
                "rule_ids": [
                    Command.create(
                        {
                            "compute_type": "tiered",
                            "tier_ids": [
                                Command.create(
                                    {"from_percent": 0, "to_percent": 100, "rate": 3}
                                ),
                                Command.create({"from_percent": 100, "rate": 5}),
                            ],
                        }
                    )
                ],
                "assignment_ids": [
                    Command.create({"user_id": cls.seller.id, "quota_amount": 10000}),
                    Command.create(
                        {"user_id": cls.other_seller.id, "quota_amount": 10000}
                    ),
                ],
            }
        )
        cls.agent_plan = cls.env["scrm.commission.plan"].create(
            {
                "name": "Agents, 10 % and 2 per pump",
                "expense_account_id": accounts["default_account_expense"].id,
                "rule_ids": [
                    Command.create(
                        {
                            "product_id": cls.pump.id,
                            "compute_type": "per_unit",
                            "amount_per_unit": 2.0,
                            "sequence": 1,
                        }
                    ),
                    Command.create({"compute_type": "percent", "rate": 10.0}),
                ],
                "assignment_ids": [Command.create({"partner_id": cls.agent.id})],
            }
        )

    def _invoice(
        self, day, amount, refund=False, user=None, agent=None, qty=1, partner=None
    ):
        move = self.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_date": day,
                "invoice_user_id": (user or self.seller).id,
                "scrm_agent_id": agent and agent.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.pump.id if agent else False,
                            "name": "Pumps",
                            "quantity": qty,
                            "price_unit": amount / qty,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _pay(self, move, day=None, amount=None):
        vals = {"payment_date": day or move.invoice_date}
        if amount:
            vals["amount"] = amount
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create(vals)._create_payments()

    def _quarter(self, plan=None):
        statements = self.env["scrm.commission.statement"]._scrm_generate(
            plan or self.plan, date(2026, 1, 1), date(2026, 3, 31)
        )
        return statements

    def test_tiered_quarter_with_refund_and_clawback(self):
        # Computed by hand. Quota 10,000; 3 % up to 100 %, 5 % above; claw-back
        # of invoices unpaid 60 days after their date.
        old = self._invoice(date(2025, 11, 20), 2000)  # unpaid: back on 19 Jan
        b = self._invoice(date(2026, 1, 2), 5000)  # unpaid: back on 3 Mar
        a = self._invoice(date(2026, 2, 10), 6000)  # window ends in April
        c = self._invoice(date(2026, 3, 1), 9000)
        self._pay(c)
        refund = self._invoice(date(2026, 3, 15), 1000, refund=True)
        self._invoice(date(2026, 2, 1), 50000, user=self.other_seller)
        self._invoice(date(2026, 4, 2), 3000, refund=True)  # next quarter
        statement = self._quarter().filtered(lambda s: s.user_id == self.seller)
        # Net base: 5000 + 6000 + 9000 - 1000 - 5000 - 2000 = 12,000 (120 %):
        # 10,000 x 3 % + 2,000 x 5 % = 300 + 100 = 400.
        self.assertEqual(statement.base_amount, 12000)
        self.assertEqual(statement.achievement, 120)
        self.assertEqual(statement.amount_total, 400)
        rows = [
            (line.move_id, line.kind, line.base, line.amount)
            for line in statement.line_ids
        ]
        self.assertEqual(
            rows,
            [
                (b, "invoice", 5000, 150),  # running 5,000: 150
                (old, "clawback", -2000, -60),  # 3,000: 90
                (a, "invoice", 6000, 180),  # 9,000: 270
                (c, "invoice", 9000, 430),  # 18,000: 300 + 400 = 700
                (b, "clawback", -5000, -250),  # 13,000: 300 + 150 = 450
                (refund, "refund", -1000, -50),  # 12,000: 400
            ],
        )
        self.assertAlmostEqual(statement.line_ids[3].rate, 430 / 9000 * 100, places=4)

    def test_cap_limits_the_period(self):
        self.plan.rule_ids.cap_amount = 350
        self.plan.clawback_days = 0
        self._invoice(date(2026, 1, 10), 12000)
        statement = self._quarter().filtered(lambda s: s.user_id == self.seller)
        self.assertEqual(statement.amount_total, 350)  # 300 + 100 capped at 350
        self.assertEqual(sum(statement.line_ids.mapped("amount")), 350)

    def test_statement_lifecycle_and_employee_settlement(self):
        self.plan.clawback_days = 0
        self._invoice(date(2026, 1, 10), 4000)
        statement = self._quarter().filtered(lambda s: s.user_id == self.seller)
        self.assertEqual(statement.amount_total, 120)
        self._invoice(date(2026, 2, 10), 1000)
        statement.action_recompute()  # a draft follows the invoices
        self.assertEqual(statement.amount_total, 150)
        statement.action_confirm()
        self._invoice(date(2026, 3, 10), 1000)
        self._quarter()  # recomputing the period leaves a confirmed one alone
        self.assertEqual(statement.amount_total, 150)
        with self.assertRaisesRegex(UserError, "never changes"):
            statement.action_recompute()
        statement.action_settle()
        self.assertEqual(statement.state, "settled")
        move = statement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.move_type, "entry")
        accrual = move.line_ids.filtered(
            lambda ln: ln.account_id == self.plan.accrual_account_id
        )
        self.assertEqual(accrual.credit, 150)
        self.assertEqual(accrual.partner_id, self.seller.partner_id)
        with self.assertRaisesRegex(UserError, "already settled"):
            statement.action_settle()
        # Payroll export: text stays text, even a name that looks like a formula.
        self.seller.name = "=HYPERLINK(1)"
        action = statement.action_payroll_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual(sheet["A2"].value, "=HYPERLINK(1)")
        self.assertEqual(sheet["A2"].data_type, "s")
        self.assertEqual(sheet["F2"].value, 150)
        self.assertEqual(sheet["H2"].value, move.name)
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", move.ref)]), 1
        )

    def test_agent_vendor_bill(self):
        self._invoice(date(2026, 1, 5), 1000, agent=self.agent, qty=10)
        self._invoice(date(2026, 2, 5), 200, refund=True, agent=self.agent, qty=2)
        statement = self._quarter(self.agent_plan)
        # per unit on pumps: 10 x 2 - 2 x 2 = 16
        self.assertEqual(statement.amount_total, 16)
        statement.action_confirm()
        statement.action_settle()
        bill = statement.move_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.agent)
        self.assertEqual(bill.amount_total, 16)

    def test_salesperson_reads_only_own_statements(self):
        self.plan.clawback_days = 0
        self._invoice(date(2026, 1, 10), 4000)
        statements = self._quarter()
        Statement = self.env["scrm.commission.statement"].with_user(self.seller)
        self.assertEqual(
            Statement.search([]),
            statements.filtered(lambda s: s.user_id == self.seller),
        )
        other = statements.filtered(lambda s: s.user_id == self.other_seller)
        with self.assertRaises(AccessError):
            other.with_user(self.seller).read(["amount_total"])
        mine = statements.filtered(lambda s: s.user_id == self.seller)
        with self.assertRaises(AccessError):
            mine.with_user(self.seller).action_confirm()

    def test_salesperson_and_portal_user_cannot_settle_or_export(self):
        """What no button offers them, called over RPC (call_kw runs the
        method as the caller): a salesperson settling their own confirmed
        statement would have a bill or entry written as the system; exporting
        for payroll is the manager's."""
        self.plan.clawback_days = 0
        self._invoice(date(2026, 1, 10), 4000)
        mine = self._quarter().filtered(lambda s: s.user_id == self.seller)
        mine.action_confirm()
        portal = mail_new_test_user(
            self.env, login="scrm_comm_portal", groups="base.group_portal"
        )
        Move = self.env["account.move"]
        moves = Move.search_count([])
        for user in (self.seller, portal):
            with self.assertRaises(AccessError):
                mine.with_user(user).action_settle()
        self.assertEqual(mine.state, "confirmed")
        self.assertEqual(Move.search_count([]), moves, "no bill nor entry written")
        mine.action_settle()
        self.assertEqual(mine.state, "settled")
        Attachment = self.env["ir.attachment"]
        attachments = Attachment.search_count([])
        for user in (self.seller, portal):
            with self.assertRaises(AccessError):
                mine.with_user(user).action_payroll_export()
        self.assertEqual(Attachment.search_count([]), attachments)
        # No statement at all: nothing to settle, no SQL error.
        self.assertTrue(self.env["scrm.commission.statement"].action_settle())

    def test_period_far_away_is_refused(self):
        """A period of centuries would read every invoice line of the company:
        the wizard and the statements keep to the planning horizon."""
        Wizard = self.env["scrm.commission.generate"]
        for first, last in (
            (date(1900, 1, 1), date(1900, 3, 31)),
            (date(2026, 1, 1), date(9999, 12, 31)),
        ):
            with self.subTest(first=first, last=last):
                with self.assertRaisesRegex(ValidationError, "is not between"):
                    Wizard.create(
                        {
                            "plan_ids": [Command.set(self.plan.ids)],
                            "date_from": first,
                            "date_to": last,
                        }
                    )
        Statement = self.env["scrm.commission.statement"]
        # (The request is rolled back on the error: a savepoint here.)
        with (
            self.assertRaisesRegex(ValidationError, "is not between"),
            self.env.cr.savepoint(),
        ):
            Statement._scrm_generate(self.plan, date(1900, 1, 1), date(1900, 3, 31))
        self.assertFalse(Statement.search([("date_from", "<", date(2000, 1, 1))]))

    def test_bad_plans_refused(self):
        Rule = self.env["scrm.commission.rule"]
        with self.assertRaisesRegex(ValidationError, "from 0 to 100"):
            Rule.create({"plan_id": self.plan.id, "rate": 120})
        with self.assertRaisesRegex(ValidationError, "from 0 to 100"):
            Rule.create({"plan_id": self.plan.id, "rate": -1})
        tiers = [
            Command.create({"from_percent": 0, "to_percent": 100, "rate": 3}),
            Command.create({"from_percent": 90, "rate": 5}),
        ]
        with self.assertRaisesRegex(ValidationError, "overlap"):
            Rule.create(
                {"plan_id": self.plan.id, "compute_type": "tiered", "tier_ids": tiers}
            )
        tiers[1] = Command.create({"from_percent": 110, "rate": 5})
        with self.assertRaisesRegex(ValidationError, "gap"):
            Rule.create(
                {"plan_id": self.plan.id, "compute_type": "tiered", "tier_ids": tiers}
            )
        empty = self.env["scrm.commission.plan"].create(
            {
                "name": "Empty",
                "assignment_ids": [Command.create({"partner_id": self.agent.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "has no rules"):
            self._quarter(empty)
        self.assertFalse(
            self.env["scrm.commission.statement"].search([("plan_id", "=", empty.id)])
        )

    def _percent_plan(self, rules, base_type="invoiced"):
        return self.env["scrm.commission.plan"].create(
            {
                "name": "Percent plan",
                "base_type": base_type,
                "rule_ids": [Command.create(r) for r in rules],
                "assignment_ids": [Command.create({"user_id": self.seller.id})],
            }
        )

    def test_paid_base_counts_what_the_customer_paid(self):
        plan = self._percent_plan(
            [{"compute_type": "percent", "rate": 10.0}], base_type="paid"
        )
        invoice = self._invoice(date(2026, 1, 10), 1000)
        self._pay(invoice, date(2026, 2, 1), 400)
        self._pay(invoice, date(2026, 4, 5), 600)
        self._invoice(date(2026, 3, 1), 500)  # never paid: earns nothing
        refund = self._invoice(date(2026, 3, 5), 300, refund=True)
        # A credit note set against an invoice moves no money: nothing counts.
        other = self._invoice(date(2026, 3, 5), 300)
        (refund | other).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        q1 = self._quarter(plan)
        self.assertEqual(q1.base_amount, 400)
        self.assertEqual(q1.amount_total, 40)
        self.assertEqual(q1.line_ids.mapped("kind"), ["payment"])
        self.assertEqual(q1.line_ids.date, date(2026, 2, 1))
        self.assertEqual(q1.line_ids.move_id, invoice)
        q2 = self.env["scrm.commission.statement"]._scrm_generate(
            plan, date(2026, 4, 1), date(2026, 6, 30)
        )
        self.assertEqual(q2.amount_total, 60)

    def test_territory_rule_covers_sub_territories(self):
        Territory = self.env["scrm.territory"]
        north = Territory.create({"name": "North", "priority": 31})
        fjords = Territory.create(
            {"name": "Fjords", "parent_id": north.id, "priority": 32}
        )
        south = Territory.create({"name": "South", "priority": 33})
        plan = self._percent_plan(
            [
                {"territory_id": north.id, "compute_type": "percent", "rate": 8.0},
                {"compute_type": "percent", "rate": 2.0},
            ]
        )
        in_fjords = self.env["res.partner"].create(
            {"name": "Fjord Pumps", "is_company": True}
        )
        in_south = self.env["res.partner"].create(
            {"name": "South Pumps", "is_company": True}
        )
        in_fjords.scrm_territory_id = fjords
        in_south.scrm_territory_id = south
        self._invoice(date(2026, 1, 10), 1000, partner=in_fjords)
        self._invoice(date(2026, 1, 11), 1000, partner=in_south)
        statement = self._quarter(plan)
        self.assertEqual(statement.amount_total, 80 + 20)
        north_rule = plan.rule_ids.filtered("territory_id")
        self.assertEqual(
            statement.line_ids.filtered(lambda line: line.rule_id == north_rule).base,
            1000,
        )
        self.assertIn("North", north_rule.display_name)

    def test_team_plan_pays_the_leader_on_the_team_sales(self):
        leader = mail_new_test_user(
            self.env,
            login="scrm_comm_leader",
            name="Lea Leader",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
            company_id=self.env.company.id,
        )
        team = self.env["crm.team"].create({"name": "Pumps team", "user_id": leader.id})
        plan = self.env["scrm.commission.plan"].create(
            {
                "name": "Team override, 1 %",
                "rule_ids": [Command.create({"compute_type": "percent", "rate": 1.0})],
                "assignment_ids": [Command.create({"team_id": team.id})],
            }
        )
        for seller, amount in ((self.seller, 4000), (self.other_seller, 6000)):
            self._invoice(date(2026, 2, 1), amount, user=seller).team_id = team
        self._invoice(date(2026, 2, 1), 9000)  # another team's sale
        statement = self._quarter(plan)
        self.assertEqual(statement.user_id, leader)
        self.assertEqual(statement.base_amount, 10000)
        self.assertEqual(statement.amount_total, 100)
        own = self.env["scrm.commission.statement"].with_user(leader).search([])
        self.assertEqual(own, statement, "the leader reads the team statement")
        with self.assertRaisesRegex(ValidationError, "salesperson, a sales team"):
            plan.assignment_ids.user_id = leader

    def _invoice_lines(self, day, prices, user=None):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": day,
                "invoice_user_id": (user or self.seller).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Pumps",
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for price in prices
                ],
            }
        )
        move.action_post()
        return move

    def test_statement_queries_do_not_grow_with_lines(self):
        # The same statements priced from 1 invoice line, then from 201: the
        # same 4 queries: read the lines, delete, insert, one UPDATE of both
        # statements.
        self.plan.clawback_days = 0
        statements = self._quarter()
        mine = statements.filtered(lambda s: s.user_id == self.seller)
        self._invoice_lines(date(2026, 1, 5), [1000])
        with self.assertQueryCount(4):
            statements._scrm_compute()
        self.assertEqual(len(mine.line_ids), 1)
        for day in range(1, 21):
            self._invoice_lines(date(2026, 2, day), [100] * 10)
        with self.assertQueryCount(4):
            statements._scrm_compute()
        self.assertEqual(len(mine.line_ids), 201)
        # 21,000 at 3 % up to the 10,000 quota, 5 % above: 300 + 550.
        self.assertEqual(mine.base_amount, 21000)
        self.assertEqual(mine.amount_total, 850)
        self.assertEqual(sum(mine.line_ids.mapped("amount")), 850)

    def test_customer_tag_rule(self):
        tag = self.env["res.partner.category"].create({"name": "Key account"})
        key = self.env["res.partner"].create(
            {"name": "Key Pumps", "is_company": True, "category_id": [tag.id]}
        )
        contact = self.env["res.partner"].create(
            {"name": "Kim Key", "parent_id": key.id}
        )
        plan = self._percent_plan(
            [
                {"partner_category_id": tag.id, "compute_type": "percent", "rate": 6},
                {"compute_type": "percent", "rate": 1},
            ]
        )
        self._invoice(date(2026, 1, 10), 1000, partner=contact)  # tag of the company
        self._invoice(date(2026, 1, 11), 1000)
        statement = self._quarter(plan)
        self.assertEqual(statement.amount_total, 60 + 10)

    def test_service_agent_shares_what_they_found(self):
        finder = mail_new_test_user(
            self.env,
            login="scrm_comm_finder",
            name="Fay Finder",
            groups="base.group_user",
            company_id=self.env.company.id,
        )
        plan = self.env["scrm.commission.plan"].create(
            {
                "name": "Upsell split, 5 %",
                "service_share": 20,
                "rule_ids": [Command.create({"compute_type": "percent", "rate": 5})],
                "assignment_ids": [
                    Command.create({"user_id": self.seller.id}),
                    Command.create({"user_id": finder.id}),
                ],
            }
        )
        found = self._invoice(date(2026, 1, 10), 5000)
        found.scrm_found_by_id = finder
        self._invoice(date(2026, 1, 12), 1000)  # the salesperson's own sale
        statements = self._quarter(plan)
        seller = statements.filtered(lambda s: s.user_id == self.seller)
        agent = statements.filtered(lambda s: s.user_id == finder)
        # 5,000 split 80 / 20: 4,000 + 1,000 to the salesperson, 1,000 found.
        self.assertEqual(seller.base_amount, 5000)
        self.assertEqual(seller.amount_total, 250)
        self.assertEqual(agent.base_amount, 1000)
        self.assertEqual(agent.amount_total, 50)
        self.assertEqual(agent.line_ids.move_id, found)
        self.assertEqual(agent.line_ids.credit_share, 20)
        self.assertEqual(sorted(seller.line_ids.mapped("credit_share")), [80, 100])
        # Without a share on the plan the salesperson keeps the whole sale.
        plan.service_share = 0
        statements._scrm_compute()
        self.assertEqual(seller.amount_total, 300)
        self.assertEqual(agent.amount_total, 0)
        with self.assertRaisesRegex(ValidationError, "from 0 to 100"):
            plan.service_share = 120

    def test_team_leader_reads_the_team_statements(self):
        leader = mail_new_test_user(
            self.env,
            login="scrm_comm_lead2",
            name="Tia Teamlead",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
            company_id=self.env.company.id,
        )
        self.env["crm.team"].create(
            {
                "name": "Valves team",
                "user_id": leader.id,
                "member_ids": [Command.set(self.seller.ids)],
            }
        )
        self.plan.clawback_days = 0
        self._invoice(date(2026, 1, 10), 4000)
        self._invoice(date(2026, 1, 10), 4000, user=self.other_seller)
        statements = self._quarter()
        mine = statements.filtered(lambda s: s.user_id == self.seller)
        Statement = self.env["scrm.commission.statement"].with_user(leader)
        self.assertEqual(Statement.search([]), mine, "the team member's, no other")
        self.assertEqual(mine.with_user(leader).line_ids.amount, 120)
        other = statements - mine
        with self.assertRaises(AccessError):
            other.with_user(leader).read(["amount_total"])
        # The member still reads only their own.
        self.assertEqual(
            self.env["scrm.commission.statement"].with_user(self.seller).search([]),
            mine,
        )

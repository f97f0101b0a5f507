from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "scrm_sales_commission")
class TestSalesCommissionDemo(TransactionCase):
    """What a manager opening the demo commissions finds (when the demo data
    and a chart of accounts are loaded)."""

    def setUp(self):
        super().setUp()
        self.agent = self.env.ref(
            "scrm_sales_marketing.demo_commission_service_agent",
            raise_if_not_found=False,
        )
        self.plan = self.env["scrm.commission.plan"].search(
            [("name", "=", "Field sales, tiered on quota")], limit=1
        )
        if not self.agent or not self.plan:
            self.skipTest("demo data not loaded")

    def test_tiered_plan_shares_an_upsell_with_the_service_agent(self):
        self.assertEqual(self.plan.service_share, 30)
        salesperson = self.env.ref("base.user_demo")
        statements = self.env["scrm.commission.statement"].search(
            [("plan_id", "=", self.plan.id), ("state", "=", "confirmed")]
        )
        mine = statements.filtered(lambda s: s.user_id == self.agent)
        theirs = statements.filtered(lambda s: s.user_id == salesperson)
        self.assertEqual(len(mine), 1)
        self.assertEqual(set(mine.line_ids.mapped("credit_share")), {30.0})
        self.assertGreater(mine.amount_total, 0)
        # The same upsell on the salesperson's statement, at the other 70 %.
        shared = theirs.line_ids.filtered(
            lambda line: line.move_id in mine.line_ids.move_id
        )
        self.assertEqual(set(shared.mapped("credit_share")), {70.0})

    def test_plans_post_on_their_own_commission_expense_account(self):
        account = self.plan.expense_account_id
        self.assertEqual(account.account_type, "expense")
        self.assertEqual(account.name, "Sales commissions")
        agents = self.env["scrm.commission.plan"].search(
            [("name", "=", "External agents, 8 %")]
        )
        self.assertEqual(agents.expense_account_id, account)

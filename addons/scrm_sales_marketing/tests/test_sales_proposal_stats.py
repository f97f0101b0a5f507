from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_proposal")
class TestProposalStats(ScrmSalesMarketingCommon):
    """Proposal statistics as the salesperson and the manager read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = mail_new_test_user(
            cls.env,
            login="scrm_stats_other",
            name="Otto Stats",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )

    def _sent(self, user=None, discount=0.0):
        order = self._create_sale_order(self.customer, user=user)
        order.order_line.discount = discount
        order.action_quotation_sent()
        return order

    def test_win_rate_revisions_discount_per_salesperson(self):
        won = self._sent(discount=10.0)
        won = won._scrm_revise()
        won.action_quotation_sent()
        won.action_confirm()
        lost = self._sent()
        lost.scrm_decline_reason = "price"
        lost._action_cancel()
        self._sent()  # still open
        self._create_sale_order(self.customer)  # a draft never sent: not counted
        self._sent(user=self.other)

        Stats = self.env["scrm.proposal.stats"]
        Stats.invalidate_model()
        mine = Stats.with_user(self.salesperson)
        rows = mine.search([])
        self.assertEqual(len(rows), 3, "own proposals only, last revisions only")
        self.assertEqual(rows.user_id, self.salesperson)
        self.assertEqual(
            rows.filtered(lambda r: r.outcome == "accepted").name, won.name
        )
        groups = mine.read_group(
            [],
            [
                "sent_count:sum",
                "accepted_count:sum",
                "declined_count:sum",
                "win_rate:avg",
                "revision_count:avg",
                "discount_percent:avg",
            ],
            ["user_id"],
        )
        self.assertEqual(len(groups), 1)
        group = groups[0]
        self.assertEqual(group["sent_count"], 3)
        self.assertEqual(group["accepted_count"], 1)
        self.assertEqual(group["declined_count"], 1)
        self.assertEqual(group["win_rate"], 50.0, "1 accepted of 2 decided")
        self.assertAlmostEqual(group["revision_count"], 4 / 3)
        self.assertAlmostEqual(group["discount_percent"], 10 / 3)
        declined = mine.read_group(
            [("outcome", "=", "declined")], ["sent_count:sum"], ["decline_reason"]
        )
        self.assertEqual(declined[0]["decline_reason"], "price")
        accepted = rows.filtered(lambda r: r.outcome == "accepted")
        self.assertGreaterEqual(accepted.days_to_accept, 0.0)

        manager_rows = Stats.with_user(self.sales_manager).search([])
        self.assertIn(self.other, manager_rows.user_id)

    def test_menu_reachable_by_salespeople(self):
        menu = self.env.ref("scrm_sales_marketing.scrm_proposal_stats_menu")
        self.assertMenuReachable(menu, self.salesperson)
        self.assertMenuReachable(menu, self.odoo_salesperson)


@tagged("post_install", "-at_install", "scrm_sales_proposal", "scrm_clock")
class TestProposalStatsDay(ScrmSalesMarketingCommon):
    """A proposal's first-version day is the company's day, not UTC's."""

    def test_first_version_day_in_company_time_zone(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        order = self._create_sale_order(self.customer)
        order.action_quotation_sent()
        self.env.flush_all()
        # 23:30 UTC on 31 March is 07:30 on 1 April in Shanghai.
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = '2026-03-31 23:30:00' WHERE id = %s",
            [order.id],
        )
        Stats = self.env["scrm.proposal.stats"]
        Stats.invalidate_model()
        row = Stats.search([("order_id", "=", order.id)])
        self.assertEqual(str(row.date), "2026-04-01")
        # A company without a time zone reads its days in UTC.
        self.env.company.partner_id.tz = False
        self.env.company.resource_calendar_id.tz = "UTC"
        self.env.flush_all()
        Stats.invalidate_model()
        self.assertEqual(str(row.date), "2026-03-31")

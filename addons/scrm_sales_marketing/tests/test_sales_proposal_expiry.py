from datetime import date, timedelta

from odoo.tests import tagged

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_proposal")
class TestProposalExpiry(ScrmSalesMarketingCommon):
    """The daily job flags quotations past their validity date and gives the
    salesperson an activity a few days before, once per quotation."""

    def _quote(self, validity):
        order = self._create_sale_order(self.customer)
        order.write({"validity_date": validity})
        order.action_quotation_sent()
        return order

    def _reminders(self, order):
        return order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id.id
                == self.ref("scrm_sales_marketing.mail_activity_type_proposal_expiry")
            )
        )

    def test_expired_flagged_and_reminded_before(self):
        today = date(2026, 3, 10)
        past = self._quote(today - timedelta(days=1))
        soon = self._quote(today + timedelta(days=2))
        later = self._quote(today + timedelta(days=20))
        confirmed = self._quote(today - timedelta(days=5))
        confirmed.action_confirm()
        revised = self._quote(today - timedelta(days=2))
        revised._scrm_revise()

        SaleOrder = self.env["sale.order"]
        expired, reminded = SaleOrder._scrm_cron_proposal_expiry(today=today)

        self.assertTrue(past.scrm_expired)
        self.assertIn("expired on 2026-03-09", past.message_ids[0].body)
        self.assertFalse(revised.scrm_expired, "a superseded revision is not offered")
        self.assertTrue(revised.scrm_superseded_by_id.scrm_expired)
        self.assertFalse(confirmed.scrm_expired)
        self.assertFalse(soon.scrm_expired or later.scrm_expired)
        self.assertEqual(expired, past | revised.scrm_superseded_by_id)
        self.assertEqual(reminded, soon)
        activity = self._reminders(soon)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("expires on", activity.summary)
        self.assertFalse(self._reminders(later))
        self.assertIn(
            soon,
            SaleOrder.with_user(self.salesperson).search(
                [("activity_user_id", "=", self.salesperson.id)]
            ),
        )

        # The next day: nothing twice.
        again, reminded_again = SaleOrder._scrm_cron_proposal_expiry(
            today=today + timedelta(days=1)
        )
        self.assertFalse(again | reminded_again)
        self.assertEqual(len(self._reminders(soon)), 1)

        # A new validity date reopens the cycle.
        past.validity_date = today + timedelta(days=1)
        self.assertFalse(past.scrm_expired)
        _expired, reminded = SaleOrder._scrm_cron_proposal_expiry(today=today)
        self.assertEqual(reminded, past)

    def test_salesperson_filter_shows_expired(self):
        order = self._quote(date.today() - timedelta(days=1))
        self.env["sale.order"]._scrm_cron_proposal_expiry()
        mine = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .search([("scrm_expired", "=", True)])
        )
        self.assertEqual(mine, order)

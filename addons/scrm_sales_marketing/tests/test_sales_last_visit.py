from datetime import date, datetime, timedelta

from odoo.tests import tagged

from .test_sales_visit import VisitCommon


@tagged("post_install", "-at_install", "scrm_sales_visit", "scrm_clock")
class TestLastVisit(VisitCommon):
    """An account's Last Visit: the day of its newest reported visit, on the
    salesperson's clock, read in one query however many accounts."""

    def _done(self, user, start, account=None):
        visit = self._visit(user, start, account=account)
        visit.visit_state = "done"
        return visit

    def test_last_visit_is_the_newest_reported_one_on_the_salesperson_day(self):
        self.rep_a.tz = "Asia/Shanghai"
        self.visit.visit_state = "cancelled"
        self._done(self.rep_a, datetime(2026, 3, 30, 10))
        # 23:30 UTC on 31 March: 07:30 on 1 April where the salesperson works.
        self._done(self.rep_a, datetime(2026, 3, 31, 23, 30))
        # Planned or cancelled later visits are not visits made.
        self._visit(self.rep_a, datetime(2026, 4, 20, 9))
        late = self._visit(self.rep_a, datetime(2026, 4, 21, 9))
        late.visit_state = "cancelled"
        account = self.account.with_user(self.rep_a)
        self.assertEqual(account.scrm_last_visit_date, date(2026, 4, 1))
        # A salesperson without a zone visits on the company's day: 02:00 UTC
        # on 10 April is still 9 April in New York.
        self.rep_a.tz = False
        self.env.company.partner_id.tz = "America/New_York"
        self._done(self.rep_a, datetime(2026, 4, 10, 2))
        self.assertEqual(account.scrm_last_visit_date, date(2026, 4, 9))
        # Without any visit made, nothing is shown.
        self.account.scrm_visit_ids.visit_state = "cancelled"
        self.assertFalse(account.scrm_last_visit_date)

    def test_last_visit_query_count_is_flat(self):
        self.rep_a.tz = "Asia/Shanghai"
        accounts = self.env["res.partner"].create(
            [{"name": f"Account {n}", "is_company": True} for n in range(50)]
        )
        start = datetime(2026, 3, 31, 23, 30)
        for n, account in enumerate(accounts):
            self._done(self.rep_a, start - timedelta(days=n), account=account)
        field = accounts._fields["scrm_last_visit_date"]

        def recompute(partners):
            partners.invalidate_recordset(["scrm_last_visit_date"])
            self.env.add_to_compute(field, partners)
            partners.flush_recordset(["scrm_last_visit_date"])

        self.env.flush_all()
        recompute(accounts)  # warm the caches
        # One query reads every account's last visit, one writes them.
        with self.assertQueryCount(2):
            recompute(accounts[:1])
        with self.assertQueryCount(2):
            recompute(accounts)
        self.assertEqual(accounts[0].scrm_last_visit_date, date(2026, 4, 1))
        self.assertEqual(accounts[49].scrm_last_visit_date, date(2026, 2, 11))

from datetime import date, datetime

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import tz

# 23:30 UTC on 31 January: still January in London, 07:30 on 1 February in
# Shanghai.
LATE = datetime(2026, 1, 31, 23, 30)


@tagged("post_install", "-at_install", "scrm_tz", "scrm_clock")
class TestTimeZones(TransactionCase):
    """Which day and month a record counts in, for every addon of the suite."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.london = cls.env["res.company"].create({"name": "London Works"})
        cls.london.partner_id.tz = "Europe/London"
        cls.shanghai = cls.env["res.company"].create({"name": "Shanghai Works"})
        cls.shanghai.partner_id.tz = "Asia/Shanghai"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Machines", "is_company": True}
        )
        cls.agent = mail_new_test_user(
            cls.env,
            login="scrm_tz_agent",
            name="Tess Agent",
            groups="base.group_user",
            company_id=cls.shanghai.id,
            company_ids=[(6, 0, (cls.shanghai | cls.london).ids)],
        )
        cls.agent.tz = "America/New_York"

    def _interaction(self, company, when):
        return (
            self.env["scrm.interaction"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "channel_id": self.env["scrm.channel"]._get_by_code("email").id,
                    "summary": "Order confirmed",
                    "date": when,
                    "company_id": company.id,
                }
            )
        )

    def _monthly_counts(self, entries):
        """{(company, month): count}, as a monthly report buckets them."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT i.company_id, %s, COUNT(*)
                  FROM scrm_interaction i
                  JOIN %s ON z.company_id = i.company_id
                 WHERE i.id = ANY(%s)
              GROUP BY 1, 2
                """,
                tz.local_month_sql("i.date", "z.tz"),
                tz.company_zones_sql(self.env),
                entries.ids,
            )
        )
        return {(company, month): n for company, month, n in self.env.cr.fetchall()}

    def test_late_order_counts_in_next_month_in_shanghai(self):
        entries = self._interaction(self.shanghai, LATE) | self._interaction(
            self.london, LATE
        )
        # The monthly report: February in Shanghai, January in London.
        self.assertEqual(
            self._monthly_counts(entries),
            {
                (self.shanghai.id, date(2026, 2, 1)): 1,
                (self.london.id, date(2026, 1, 1)): 1,
            },
        )
        # The same in Python: the day, and the UTC bounds of the month a
        # search by date uses.
        zone = tz.record_zone(self.shanghai)
        self.assertEqual(tz.local_day(LATE, zone), date(2026, 2, 1))
        february = tz.month_bounds(date(2026, 2, 14), zone)
        self.assertEqual(
            february, (datetime(2026, 1, 31, 16, 0), datetime(2026, 2, 28, 16, 0))
        )
        Interaction = self.env["scrm.interaction"]
        in_february = Interaction.search(
            [
                ("id", "in", entries.ids),
                ("company_id", "=", self.shanghai.id),
                ("date", ">=", february[0]),
                ("date", "<", february[1]),
            ]
        )
        self.assertEqual(len(in_february), 1)
        january = tz.month_bounds(date(2026, 1, 31), tz.record_zone(self.london))
        self.assertEqual(january, (datetime(2026, 1, 1), datetime(2026, 2, 1)))

    def test_today_per_company(self):
        self.env.cr.execute(
            SQL(
                "SELECT z.company_id, z.tz, z.today "
                "FROM %s WHERE z.company_id = ANY(%s)",
                tz.company_zones_sql(self.env, now=LATE),
                [self.shanghai.id, self.london.id],
            )
        )
        self.assertEqual(
            {row[0]: row[1:] for row in self.env.cr.fetchall()},
            {
                self.shanghai.id: ("Asia/Shanghai", date(2026, 2, 1)),
                self.london.id: ("Europe/London", date(2026, 1, 31)),
            },
        )
        self.assertEqual(
            tz.local_today(tz.record_zone(self.shanghai), now=LATE), date(2026, 2, 1)
        )

    def test_zone_rule(self):
        # A person's day is theirs; without a zone, the company's address's,
        # else its working hours', else UTC.
        self.assertEqual(
            tz.record_zone(self.shanghai, user=self.agent).zone, "America/New_York"
        )
        self.agent.tz = False
        self.assertEqual(
            tz.record_zone(self.shanghai, user=self.agent).zone, "Asia/Shanghai"
        )
        self.shanghai.partner_id.tz = False
        if "resource_calendar_id" in self.shanghai._fields:
            self.shanghai.resource_calendar_id.tz = "Asia/Tokyo"
            self.assertEqual(tz.record_zone(self.shanghai).zone, "Asia/Tokyo")
            self.shanghai.resource_calendar_id.tz = False
        self.assertEqual(tz.record_zone(self.shanghai).zone, "UTC")
        self.assertEqual(tz.record_zone().zone, "UTC")
        # A zone name that no longer exists is skipped, not an error.
        self.assertEqual(
            tz.first_zone("Mars/Olympus", "", "Asia/Shanghai").zone, "Asia/Shanghai"
        )
        self.assertEqual(tz.first_zone("Mars/Olympus").zone, "UTC")

    def test_warehouse_zone_before_company(self):
        if "stock.warehouse" not in self.env:
            self.skipTest("stock is not installed")
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.shanghai.id)], limit=1
        )
        warehouse.partner_id = self.env["res.partner"].create(
            {"name": "Tokyo depot", "tz": "Asia/Tokyo"}
        )
        self.assertEqual(
            tz.record_zone(self.shanghai, warehouse=warehouse).zone, "Asia/Tokyo"
        )
        warehouse.partner_id.tz = False
        self.assertEqual(
            tz.record_zone(self.shanghai, warehouse=warehouse).zone, "Asia/Shanghai"
        )

    def test_day_bounds_follow_clock_changes(self):
        # New York moves its clocks forward on 8 March 2026: a 23-hour day.
        zone = tz.first_zone("America/New_York")
        start, end = tz.day_bounds(date(2026, 3, 8), zone)
        self.assertEqual(
            (start, end), (datetime(2026, 3, 8, 5), datetime(2026, 3, 9, 4))
        )
        self.assertEqual(tz.local_day(end, zone), date(2026, 3, 9))
        self.assertFalse(tz.local_day(False, zone))

    def test_sql_zones_skip_names_postgresql_does_not_know(self):
        # A user whose zone PostgreSQL does not know (an old name in the
        # database) has the company's day in SQL as in Python.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET tz = 'Mars/Olympus' WHERE id = %s",
                self.agent.partner_id.id,
            )
        )
        self.env.invalidate_all()
        self.assertEqual(
            tz.record_zone(self.shanghai, user=self.agent).zone, "Asia/Shanghai"
        )
        self.env.cr.execute(
            SQL(
                """
                WITH %s
                SELECT %s
                  FROM res_users u
             LEFT JOIN scrm_user_zone uz ON uz.user_id = u.id
             LEFT JOIN scrm_company_zone cz ON cz.company_id = %s
                 WHERE u.id = %s
                """,
                tz.ZONES_CTE,
                tz.local_date_sql(SQL("%s::timestamp", LATE), "uz.tz", "cz.tz"),
                self.shanghai.id,
                self.agent.id,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], date(2026, 2, 1))
        # A zone given in Python is a parameter of the query.
        self.env.cr.execute(
            SQL(
                "SELECT %s",
                tz.local_date_sql(
                    SQL("%s::timestamp", LATE), tz.first_zone("America/New_York")
                ),
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], date(2026, 1, 31))

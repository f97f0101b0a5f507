from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_base")
class TestTimelineDays(ScrmBaseCommon, HttpCase):
    """The timeline opens each day with a header: the day of the user's time
    zone, in their language's date format."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_en").date_format = "%d.%m.%Y"
        cls.user_scrm.tz = "Asia/Shanghai"
        cls.Interaction.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "contact_id": cls.contact_anna.id,
                    "channel_id": channel.id,
                    "direction": "in",
                    "summary": summary,
                    "date": date,
                }
                for channel, summary, date in (
                    # Monday 11:00 in Shanghai
                    (cls.channel_email, "Monday email", "2026-11-02 03:00:00"),
                    # Monday 17:30 UTC, but Tuesday 01:30 in Shanghai
                    (cls.channel_phone, "Late call", "2026-11-02 17:30:00"),
                    # Tuesday 10:00 in Shanghai
                    (cls.channel_portal, "Morning visit", "2026-11-03 02:00:00"),
                )
            ]
        )

    def _labels(self, user):
        rows = self.Interaction.with_user(user).search(
            [("partner_id", "=", self.customer.id)]
        )
        return {row.summary: row.day_label for row in rows}

    def test_day_follows_the_users_time_zone_and_date_format(self):
        labels = self._labels(self.user_scrm)
        self.assertEqual(labels["Monday email"], "Monday, 02.11.2026")
        self.assertEqual(labels["Late call"], "Tuesday, 03.11.2026")
        self.assertEqual(labels["Morning visit"], "Tuesday, 03.11.2026")
        # A user in UTC sees the late call on the Monday.
        self.user_manager.tz = "UTC"
        self.assertEqual(
            self._labels(self.user_manager)["Late call"], "Monday, 02.11.2026"
        )

    def test_today_and_yesterday_are_named(self):
        now = fields.Datetime.now()
        self.Interaction.create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.channel_phone.id,
                "summary": "Just now",
                "date": now,
            }
        )
        today = fields.Date.context_today(self.Interaction.with_user(self.user_scrm))
        self.assertEqual(
            self._labels(self.user_scrm)["Just now"],
            f"Today, {today.strftime('%d.%m.%Y')}",
        )

    def test_tour_timeline_grouped_by_day(self):
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "scrm_base_timeline_days",
            login=self.user_scrm.login,
        )

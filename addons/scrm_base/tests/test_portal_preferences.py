import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_portal")
class TestPortalPreferences(HttpCase, ScrmBaseCommon):
    def current(self, partner, channel, purpose):
        return self.Preference.search(
            [
                ("partner_id", "=", partner.id),
                ("channel_id", "=", channel.id),
                ("purpose", "=", purpose),
            ]
        )

    def open_form(self):
        self.authenticate("anna_portal", "anna_portal")
        page = self.url_open("/my/preferences")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_tour_refuse_marketing_emails(self):
        self.start_tour("/my", "scrm_portal_preferences", login="anna_portal")
        preference = self.current(self.contact_anna, self.channel_email, "marketing")
        self.assertRecordValues(
            preference,
            [
                {
                    "consent": "opt_out",
                    "source": "portal",
                    "user_id": self.user_portal_anna.id,
                }
            ],
        )
        self.assertFalse(
            self.current(self.contact_anna, self.channel_email, "service"),
            "only what changed is recorded",
        )
        entry = self.Interaction.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(entry.channel_id, self.channel_portal)
        self.assertEqual(entry.direction, "in")

    def test_page_shows_inherited_answer(self):
        self.record(self.customer, self.channel_sms, "marketing", "opt_out")
        self.authenticate("anna_portal", "anna_portal")
        page = self.url_open("/my/preferences").text
        select = re.search(
            r'<select[^>]*data-channel="sms"[^>]*data-purpose="marketing".*?</select>',
            page,
            re.S,
        ).group(0)
        self.assertRegex(select, r'value="opt_out" selected')
        self.assertIn("as your company", page)

    def test_another_partners_id_changes_nothing(self):
        token = self.open_form()
        field = f"consent_{self.channel_email.id}_marketing"
        response = self.url_open(
            "/my/preferences/save",
            data={
                "csrf_token": token,
                "partner_id": self.contact_ben.id,
                field: "opt_out",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("only change your own", response.text)
        self.assertFalse(
            self.Preference.search(
                [("partner_id", "in", (self.contact_ben | self.contact_anna).ids)]
            )
        )

    def test_invalid_answer_changes_nothing(self):
        token = self.open_form()
        response = self.url_open(
            "/my/preferences/save",
            data={
                "csrf_token": token,
                "partner_id": self.contact_anna.id,
                f"consent_{self.channel_email.id}_marketing": "opt_out",
                f"consent_{self.channel_sms.id}_service": "whenever",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.Preference.search([("partner_id", "=", self.contact_anna.id)])
        )

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self.open_form()
        response = self.url_open(
            "/my/preferences/save",
            data={
                "partner_id": self.contact_anna.id,
                f"consent_{self.channel_email.id}_marketing": "opt_out",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.Preference.search([("partner_id", "=", self.contact_anna.id)])
        )

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my/preferences", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

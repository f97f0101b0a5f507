import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from ..controllers.marketing_capture import FORM_CLIENT_LIMIT, FORM_EMAIL_LIMIT


@tagged("post_install", "-at_install", "scrm_marketing_capture")
class TestMarketingCapture(HttpCase):
    """Issue 14, lead capture: a public form per campaign with double opt-in,
    dedupe, CSRF, honeypot and rate limit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"name": "Pump Days 2026"})
        cls.form = cls.env["scrm.marketing.form"].create(
            {"name": "Pump catalogue", "campaign_id": cls.campaign.id}
        )
        cls.Lead = cls.env["crm.lead"]
        cls.Preference = cls.env["scrm.contact.preference"]
        cls.email_channel = cls.env["scrm.channel"]._get_by_code("email")
        cls.url = f"/marketing/form/{cls.form.id}"

    def csrf(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def submit(self, csrf=True, **values):
        data = {
            "name": "Vera Visitor",
            "email": "vera@prospect.example.com",
            "company_name": "Vera Pumps",
            "message": "Please send the catalogue.",
            **values,
        }
        if csrf:
            data["csrf_token"] = self.csrf()
        return self.url_open(f"{self.url}/submit", data=data)

    def confirmation_link(self, email):
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", email)], order="id desc", limit=1
        )
        self.assertTrue(mail, "an opt-in email is sent to the address")
        return re.search(r'href="[^"]*(/marketing/optin/[^"]+)"', mail.body_html).group(
            1
        )

    def marketing_consents(self, partner):
        return self.Preference.search(
            [
                ("partner_id", "=", partner.id),
                ("purpose", "=", "marketing"),
                ("channel_id", "=", self.email_channel.id),
            ]
        )

    def test_double_opt_in(self):
        response = self.submit()
        self.assertEqual(response.status_code, 200)
        self.assertIn("confirm your address", response.text)
        lead = self.Lead.search([("email_from", "=", "vera@prospect.example.com")])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.scrm_optin_state, "pending")
        self.assertEqual(lead.campaign_id, self.campaign)
        self.assertEqual(lead.medium_id, self.env.ref("utm.utm_medium_website"))
        self.assertFalse(lead.partner_id, "no contact before the confirmation")
        self.assertFalse(
            self.env["res.partner"].search(
                [("email_normalized", "=", "vera@prospect.example.com")]
            )
        )
        link = self.confirmation_link("vera@prospect.example.com")
        # A forged link does nothing.
        forged = re.sub(r"/[^/]+$", "/abc", link)
        self.assertEqual(self.url_open(forged).status_code, 404)
        self.assertEqual(lead.scrm_optin_state, "pending")
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your address is confirmed", response.text)
        self.assertEqual(lead.scrm_optin_state, "confirmed")
        consent = self.marketing_consents(lead.partner_id)
        self.assertEqual(consent.consent, "opt_in")
        self.assertEqual(consent.source, "form")
        self.assertIn("Pump catalogue", consent.note)
        self.assertIn("Pump Days 2026", consent.note)
        # A second click records nothing more.
        self.url_open(link)
        self.assertEqual(len(self.marketing_consents(lead.partner_id)), 1)

    def test_duplicate_joins_the_existing_lead_and_reveals_nothing(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Olaf Owner",
                "email": "Olaf@Known.example.com",
                "phone": "+32 2 555 12 34",
            }
        )
        lead = self.Lead.create(
            {
                "name": "Olaf's pumps",
                "partner_id": partner.id,
                "email_from": "Olaf@Known.example.com",
                "phone": "+32 2 555 12 34",
            }
        )
        messages = len(lead.message_ids)
        # Same address written differently: joins the lead.
        response = self.submit(name="Mallory", email="olaf@known.example.com")
        self.assertNotIn("Olaf", response.text)
        self.assertEqual(
            self.Lead.search_count(
                [("email_normalized", "=", "olaf@known.example.com")]
            ),
            1,
        )
        submission = self.env["scrm.marketing.submission"].search(
            [("email", "=", "olaf@known.example.com")]
        )
        self.assertEqual(submission.lead_id, lead)
        self.assertTrue(submission.joined_existing)
        # Nothing of the lead or its contact changed, nothing consented.
        self.assertEqual(len(lead.message_ids), messages)
        self.assertEqual(lead.partner_id.name, "Olaf Owner")
        self.assertFalse(self.marketing_consents(partner))
        # Same phone in another format, other address: joins the same lead.
        self.submit(email="other@elsewhere.example.com", phone="+32-2-555-12-34")
        other = self.env["scrm.marketing.submission"].search(
            [("email", "=", "other@elsewhere.example.com")]
        )
        self.assertEqual(other.lead_id, lead)
        # The owner of the mailbox confirms: now it is posted and consented.
        self.url_open(self.confirmation_link("olaf@known.example.com"))
        self.assertEqual(len(lead.message_ids), messages + 1)
        self.assertEqual(self.marketing_consents(partner).consent, "opt_in")
        self.assertEqual(lead.partner_id, partner)
        self.assertEqual(partner.name, "Olaf Owner")

    @mute_logger("odoo.http")
    def test_csrf_is_required(self):
        response = self.submit(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.Lead.search([("email_from", "=", "vera@prospect.example.com")])
        )

    def test_honeypot_creates_nothing(self):
        submissions = self.env["scrm.marketing.submission"].search_count([])
        response = self.submit(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(
            self.Lead.search([("email_from", "=", "vera@prospect.example.com")])
        )
        self.assertEqual(
            self.env["scrm.marketing.submission"].search_count([]), submissions
        )

    def test_rate_limit(self):
        for _i in range(FORM_EMAIL_LIMIT):
            self.assertEqual(self.submit().status_code, 200)
        response = self.submit()
        self.assertEqual(response.status_code, 429)
        self.assertIn("try again later", response.text)
        for i in range(FORM_CLIENT_LIMIT - FORM_EMAIL_LIMIT):
            self.submit(email=f"v{i}@prospect.example.com")
        response = self.submit(email="fresh@prospect.example.com")
        self.assertEqual(response.status_code, 429)

    def test_bad_input_is_a_clear_400(self):
        response = self.submit(email="not an address")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Traceback", response.text)
        response = self.submit(company_size="99")
        self.assertEqual(response.status_code, 400)
        self.assertIn("unknown choice", response.text)
        self.assertEqual(self.url_open(f"{self.url}x").status_code, 404)
        self.assertEqual(self.url_open("/marketing/form/99999999999").status_code, 400)

    def test_public_and_portal_cannot_read_scores(self):
        portal = mail_new_test_user(
            self.env, login="scrm_mkt_portal", groups="base.group_portal"
        )
        lead = self.Lead.create({"name": "Scored lead"})
        for user in (portal, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError):
                lead.with_user(user).read(["scrm_score"])
            with self.assertRaises(AccessError):
                self.env["scrm.marketing.score.rule"].with_user(user).search([])

    def test_tour_submit_and_confirm(self):
        self.start_tour(self.url, "scrm_marketing_capture_submit")
        lead = self.Lead.search([("email_from", "=", "tina.tour@prospect.example.com")])
        self.assertEqual(lead.scrm_optin_state, "pending")
        self.start_tour(
            self.confirmation_link("tina.tour@prospect.example.com"),
            "scrm_marketing_capture_confirm",
        )
        self.assertEqual(lead.scrm_optin_state, "confirmed")
        self.assertEqual(self.marketing_consents(lead.partner_id).consent, "opt_in")

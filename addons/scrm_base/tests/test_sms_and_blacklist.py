from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_preferences", "scrm_mail")
class TestSmsAndBlacklist(ScrmBaseCommon, SMSCase):
    """What the preferences allow really leaves (the SMS provider is Odoo's IAP
    gateway, mocked by Odoo's own SMS test helper: it cannot be reached from a
    test), and Odoo's own blacklists keep working with the suite installed."""

    def test_allowed_sms_reaches_the_provider_and_the_timeline(self):
        self.record(self.contact_anna, self.channel_sms, "service", "opt_out")
        with self.mockSMSGateway():
            self.contact_anna._message_sms("Your technician arrives at 10:00")
            self.contact_ben._message_sms("Your technician arrives at 11:00")
        self.assertSMSIapSent(
            [self.contact_ben.phone_sanitized], "Your technician arrives at 11:00"
        )
        self.assertNotIn(
            self.contact_anna.phone_sanitized,
            [sms["number"] for sms in self._sms],
            "Anna refuses SMS: nothing went to the provider for her",
        )
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.contact_ben.id),
                ("notification_type", "=", "sms"),
            ]
        )
        self.assertEqual(notification.notification_status, "pending")
        self.assertFalse(notification.failure_type)
        sent = self.Interaction.search(
            [
                ("contact_id", "=", self.contact_ben.id),
                ("channel_id", "=", self.channel_sms.id),
            ]
        )
        self.assertEqual(len(sent), 1, "the SMS sent to Ben is on his timeline")
        self.assertEqual(sent.state, "done")
        self.assertEqual(sent.direction, "out")
        self.assertEqual(sent.partner_id, self.customer)

    def test_blacklisted_address_gets_no_mass_email(self):
        self.env["mail.blacklist"].sudo()._add(self.contact_anna.email)
        contacts = self.contact_anna | self.contact_ben
        composer = self.env["mail.compose.message"].create(
            {
                "composition_mode": "mass_mail",
                "model": "res.partner",
                "res_ids": repr(contacts.ids),
                "subject": "Spring offer",
                "body": "<p>Spring offer on spare parts</p>",
            }
        )
        composer._action_send_mail()
        mails = self.env["mail.mail"].sudo().search([("subject", "=", "Spring offer")])
        anna = mails.filtered(lambda m: m.res_id == self.contact_anna.id)
        ben = mails.filtered(lambda m: m.res_id == self.contact_ben.id)
        self.assertEqual(anna.state, "cancel")
        self.assertEqual(anna.failure_type, "mail_bl")
        self.assertEqual(ben.state, "sent")

    def test_blacklisted_number_gets_no_mass_sms(self):
        self.env["phone.blacklist"].sudo()._add([self.contact_anna.phone_sanitized])
        contacts = self.contact_anna | self.contact_ben
        composer = (
            self.env["sms.composer"]
            .with_context(active_model="res.partner", active_ids=contacts.ids)
            .create(
                {
                    "composition_mode": "mass",
                    "body": "Spring offer on spare parts",
                    "mass_force_send": True,
                }
            )
        )
        with self.mockSMSGateway():
            composer.action_send_sms()
        self.assertSMSIapSent(
            [self.contact_ben.phone_sanitized], "Spring offer on spare parts"
        )
        self.assertNotIn(
            self.contact_anna.phone_sanitized, [sms["number"] for sms in self._sms]
        )
        anna = (
            self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "=", self.contact_anna.id)])
        )
        self.assertEqual(anna.state, "canceled")
        self.assertEqual(anna.failure_type, "sms_blacklist")

from odoo.tests import tagged

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_preferences", "scrm_mail")
class TestOutgoingHolds(ScrmBaseCommon):
    """The sending layers ask the preferences at send time: what they refuse is
    held back with the reason, never silently dropped."""

    def post_on_customer(self, followers):
        self.customer.message_subscribe(partner_ids=followers.ids)
        return self.customer.with_user(self.user_scrm).message_post(
            body="Your spare parts leave our warehouse tomorrow.",
            subject="Spare parts",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def notification(self, message, partner):
        return self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id), ("res_partner_id", "=", partner.id)]
        )

    def test_service_refusal_holds_chatter_email(self):
        self.record(self.contact_anna, self.channel_email, "service", "opt_out")
        message = self.post_on_customer(self.contact_anna | self.contact_ben)

        anna = self.notification(message, self.contact_anna)
        self.assertEqual(anna.notification_status, "canceled")
        self.assertEqual(anna.failure_type, "scrm_held")
        self.assertIn("Anna Buyer refuses Email for Service", anna.failure_reason)
        ben = self.notification(message, self.contact_ben)
        self.assertEqual(ben.notification_status, "sent", "Ben accepts: he is emailed")

        held = self.Interaction.search(
            [("partner_id", "=", self.customer.id), ("state", "=", "held")]
        )
        self.assertEqual(len(held), 1)
        self.assertEqual(held.contact_id, self.contact_anna)
        self.assertEqual(held.channel_id, self.channel_email)
        self.assertEqual(held.message_id, message)
        self.assertIn("refuses Email", held.hold_reason)

    def test_mail_refused_by_every_recipient_is_kept_cancelled(self):
        self.record(self.customer, self.channel_email, "service", "opt_out")
        message = self.post_on_customer(self.contact_anna)

        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "cancel", "nothing was sent, nothing was lost")
        self.assertEqual(mail.failure_type, "scrm_held")
        self.assertEqual(mail.scrm_purpose, "service")
        self.assertIn("company refuses Email", mail.failure_reason)
        self.assertEqual(
            self.notification(message, self.contact_anna).notification_status,
            "canceled",
        )

    def test_marketing_refusal_does_not_hold_service(self):
        self.record(self.contact_anna, self.channel_email, "marketing", "opt_out")
        message = self.post_on_customer(self.contact_anna)
        self.assertEqual(
            self.notification(message, self.contact_anna).notification_status, "sent"
        )

    def test_raw_address_is_matched_to_its_partner(self):
        self.record(self.contact_anna, self.channel_email, "marketing", "opt_out")
        mails = self.env["mail.mail"].create(
            [
                {
                    "subject": "Spring offer",
                    "body_html": "<p>20% off</p>",
                    "email_to": f"Anna <{self.contact_anna.email}>",
                    "scrm_purpose": "marketing",
                    "auto_delete": False,
                },
                {
                    "subject": "Spring offer",
                    "body_html": "<p>20% off</p>",
                    "email_to": (
                        f"Anna <{self.contact_anna.email}>, {self.contact_ben.email}"
                    ),
                    "scrm_purpose": "marketing",
                    "auto_delete": False,
                },
            ]
        )
        mails.send()
        self.assertEqual(mails[0].state, "cancel")
        self.assertEqual(mails[0].failure_type, "scrm_held")
        self.assertEqual(mails[1].state, "sent", "Ben still receives it")
        self.assertEqual(mails[1].email_to, self.contact_ben.email)

    def account_mail(self):
        """An account email (password reset, invitation) to Anna's user."""
        return self.env["mail.mail"].create(
            {
                "subject": "Password reset",
                "body_html": "<p>Reset your password</p>",
                "model": "res.users",
                "res_id": self.user_portal_anna.id,
                "email_to": self.contact_anna.email,
                "auto_delete": False,
            }
        )

    def test_transactional_goes_unless_refused_explicitly(self):
        for purpose in ("marketing", "service"):
            self.record(self.contact_anna, self.channel_email, purpose, "opt_out")
        mail = self.account_mail()
        self.assertEqual(mail.scrm_purpose, "transactional")
        mail.send()
        self.assertEqual(
            mail.state, "sent", "refusing service and marketing is not enough"
        )

        self.record(self.contact_anna, self.channel_email, "transactional", "opt_out")
        mail = self.account_mail()
        mail.send()
        self.assertEqual(mail.state, "cancel")
        self.assertIn("Transactional", mail.failure_reason)
        timeline = self.Interaction.search(
            [("contact_id", "=", self.contact_anna.id), ("state", "=", "held")]
        )
        self.assertEqual(len(timeline), 1, "the held transactional email is logged")

    def test_sms_refusal_holds_the_text(self):
        self.record(self.contact_anna, self.channel_sms, "service", "opt_out")
        self.contact_anna._message_sms("Your technician arrives at 10:00")
        self.contact_ben._message_sms("Your technician arrives at 11:00")
        SMS = self.env["sms.sms"].sudo()
        anna_sms = SMS.search([("partner_id", "=", self.contact_anna.id)])
        self.assertEqual(anna_sms.state, "canceled")
        self.assertEqual(anna_sms.failure_type, "scrm_held")
        ben_sms = SMS.search([("partner_id", "=", self.contact_ben.id)])
        self.assertNotEqual(
            ben_sms.failure_type,
            "scrm_held",
            "Ben accepts SMS: it went to the provider",
        )
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.contact_anna.id),
                ("notification_type", "=", "sms"),
            ]
        )
        self.assertEqual(notification.failure_type, "scrm_held")
        self.assertIn("refuses SMS", notification.failure_reason)
        held = self.Interaction.search(
            [("contact_id", "=", self.contact_anna.id), ("state", "=", "held")]
        )
        self.assertEqual(held.channel_id, self.channel_sms)

    def test_sms_to_a_number_is_matched_to_its_partner(self):
        self.record(self.contact_ben, self.channel_sms, "marketing", "opt_out")
        sms = self.env["sms.sms"].create(
            {
                "number": self.contact_ben.phone_sanitized,
                "body": "Spring offer",
                "scrm_purpose": "marketing",
            }
        )
        sms.send()
        self.assertEqual(sms.state, "canceled")
        self.assertEqual(sms.failure_type, "scrm_held")

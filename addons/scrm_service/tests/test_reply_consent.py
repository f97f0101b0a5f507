from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCommon

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_consent")
class TestReplyConsent(MailCommon, ServiceDataMixin):
    """A reply to a customer who refuses email for service is not emailed: the
    ticket says why and a call-back is planned on their preferred channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.Preference = cls.env["scrm.contact.preference"]
        cls.ticket = cls._ticket(cls.carla, user_id=cls.agent_bob.id)

    def record(self, partner, code, consent):
        self.Preference._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_code": code,
                    "purpose": "service",
                    "consent": consent,
                }
            ]
        )

    def reply(self):
        with self.mock_mail_gateway():
            message = self.ticket.with_user(self.agent_bob).message_post(
                body="We will replace the seal on Thursday.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return message

    def sent_to(self, address):
        return [mail for mail in self._mails if address in str(mail["email_to"])]

    def test_refused_email_is_held_and_a_call_back_is_planned(self):
        self.record(self.carla, "email", "opt_out")
        self.record(self.carla, "phone", "preferred")
        message = self.reply()

        self.assertFalse(self.sent_to("carla@fabrikam.example.com"))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "cancel", "held back, not lost")
        self.assertEqual(mail.failure_type, "scrm_held")
        self.assertTrue(self.ticket.reply_held)
        self.assertIn("refuses Email for Service", self.ticket.reply_held_reason)
        note = self.ticket.message_ids.filtered(
            lambda m: "Not emailed to Carla Customer" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "an internal note for the agent")
        activity = self.ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.summary, "Call back Carla Customer")
        self.assertEqual(activity.user_id, self.agent_bob)

    def test_preferred_sms_plans_a_contact_by_sms(self):
        self.record(self.fabrikam, "email", "opt_out")
        self.record(self.carla, "sms", "preferred")
        self.reply()
        self.assertTrue(self.ticket.reply_held)
        self.assertIn("company refuses Email", self.ticket.reply_held_reason)
        self.assertEqual(
            self.ticket.activity_ids.summary, "Contact Carla Customer by SMS"
        )

    def test_accepted_email_is_sent(self):
        self.record(self.carla, "email", "opt_in")
        self.reply()
        self.assertEqual(len(self.sent_to("carla@fabrikam.example.com")), 1)
        self.assertFalse(self.ticket.reply_held)
        self.assertFalse(self.ticket.activity_ids)

    def test_agent_reply_is_the_first_response(self):
        self.assertFalse(self.ticket.date_first_response)
        message = self.reply()
        self.assertEqual(self.ticket.date_first_response, message.date)

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_sales_visit import VisitCommon


@tagged("post_install", "-at_install", "scrm_sales_cadence")
class TestSalesCadence(VisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer.email = "pauline@paris-valves.example.com"
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Cadence intro",
                "model_id": cls.env.ref("crm.model_crm_lead").id,
                "subject": "Our valves for {{ object.name }}",
                "body_html": "<p>Hello, here is our catalogue.</p>",
                "partner_to": "{{ object.partner_id.id }}",
            }
        )
        cls.cadence = cls.env["scrm.cadence"].create(
            {
                "name": "New opportunity follow-up",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 1,
                            "kind": "email",
                            "name": "Send the catalogue",
                            "mail_template_id": cls.template.id,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 2,
                            "kind": "call",
                            "name": "Call about the catalogue",
                            "delay_days": 2,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 3,
                            "kind": "task",
                            "name": "Prepare a proposal",
                            "delay_days": 1,
                        },
                    ),
                ],
            }
        )
        cls.lead.partner_id = cls.buyer
        cls.steps = cls.cadence.step_ids.sorted("sequence")

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", self.lead.id)]
        )

    def _enrol(self):
        return self.cadence.with_user(self.rep_a)._scrm_enrol(
            self.lead.with_user(self.rep_a)
        )

    def test_email_to_a_refusing_contact_becomes_a_call_task(self):
        self.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": self.buyer.id,
                    "channel_code": "email",
                    "purpose": "marketing",
                    "consent": "opt_out",
                },
                {
                    "partner_id": self.buyer.id,
                    "channel_code": "phone",
                    "purpose": "marketing",
                    "consent": "preferred",
                },
            ]
        )
        enrolment = self._enrol()
        self.assertFalse(self._mails(), "nothing is emailed")
        activity = self.lead.activity_ids.filtered(
            lambda a: a.summary == "Call instead: Send the catalogue"
        )
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.user_id, self.rep_a)
        self.assertIn("refuses Email for Marketing messages", activity.note)
        self.assertIn("Preferred channel: Phone", activity.note)
        held = self.env["scrm.interaction"].search(
            [("res_model", "=", enrolment._name), ("res_id", "=", enrolment.id)]
        )
        self.assertEqual(held.state, "held")
        self.assertEqual(held.channel_id.code, "email")
        self.assertIn("refuses Email for Marketing messages", held.hold_reason)
        self.assertEqual(held.partner_id, self.account)
        # The next step is the call, two working days later.
        self.assertEqual(enrolment.step_id, self.steps[1])
        self.assertEqual(enrolment.done_step_count, 1)
        self.assertGreater(enrolment.next_date.date(), fields.Date.today())
        self.assertLess(enrolment.next_date.weekday(), 5)

    def test_email_allowed_is_sent_and_steps_run_when_due(self):
        enrolment = self._enrol()
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.scrm_purpose, "marketing")
        self.assertIn(self.buyer, mail.recipient_ids)
        self.assertEqual(enrolment.step_id, self.steps[1])
        # Due: the cron plans the call for the owner, then the task waits.
        enrolment.next_date = fields.Datetime.now() - timedelta(minutes=1)
        self.env["scrm.cadence.enrolment"]._cron_run_due()
        call = self.lead.activity_ids.filtered(
            lambda a: a.summary == "Call about the catalogue"
        )
        self.assertEqual(call.user_id, self.rep_a)
        self.assertEqual(enrolment.step_id, self.steps[2])
        enrolment.next_date = fields.Datetime.now() - timedelta(minutes=1)
        self.env["scrm.cadence.enrolment"]._cron_run_due()
        self.assertEqual(enrolment.state, "done")
        entries = self.env["scrm.interaction"].search(
            [("res_model", "=", enrolment._name), ("res_id", "=", enrolment.id)]
        )
        self.assertEqual(len(entries), 3, "each step lands on the timeline")
        # Enrolling again while done starts again; while running, it does not.
        self.assertEqual(len(self._enrol()), 1)
        self.assertFalse(self._enrol())

    def test_reply_ends_the_enrolment(self):
        enrolment = self._enrol()
        self.lead.message_post(
            body="Yes, please call me",
            author_id=self.buyer.id,
            message_type="email",
        )
        self.assertEqual(enrolment.state, "stopped")
        self.assertEqual(enrolment.stop_reason, "reply")
        enrolment.next_date = fields.Datetime.now() - timedelta(days=1)
        self.env["scrm.cadence.enrolment"]._cron_run_due()
        self.assertFalse(
            self.lead.activity_ids.filtered(
                lambda a: a.summary == "Call about the catalogue"
            )
        )

    def test_meeting_or_win_ends_the_enrolment(self):
        enrolment = self._enrol()
        self.env["calendar.event"].create(
            {
                "name": "Meeting",
                "opportunity_id": self.lead.id,
                "start": fields.Datetime.now() + timedelta(days=3),
                "stop": fields.Datetime.now() + timedelta(days=3, hours=1),
            }
        )
        self.assertEqual(enrolment.stop_reason, "meeting")
        second = self._enrol()
        self.lead.action_set_won()
        self.assertEqual(second.stop_reason, "won")

    def test_bad_input(self):
        with self.assertRaises(UserError):
            self.cadence._scrm_enrol(self.env["res.users"].browse(self.rep_a.id))
        with self.assertRaises(ValidationError):
            self.cadence.step_ids[0].mail_template_id = False
        with self.assertRaises(ValidationError):
            self.cadence.step_ids[1].delay_days = -1
        with self.assertRaises(AccessError):
            # A lead the enroller may not read.
            self.cadence.with_user(self.outsider)._scrm_enrol(
                self.lead.with_user(self.outsider)
            )
        self.assertFalse(self.cadence.enrolment_ids)

    def test_outsider_cannot_read_enrolments(self):
        enrolment = self._enrol()
        Enrolment = self.env["scrm.cadence.enrolment"].with_user(self.outsider)
        self.assertFalse(Enrolment.search([("id", "=", enrolment.id)]))
        with self.assertRaises(AccessError):
            enrolment.with_user(self.outsider).read(["state"])
        colleague = self.env["scrm.cadence.enrolment"].with_user(self.rep_b)
        self.assertEqual(colleague.search([("id", "=", enrolment.id)]), enrolment)

    def test_enrol_contacts(self):
        self.buyer.user_id = False  # no salesperson: the given user owns the steps
        enrolments = self.cadence._scrm_enrol(self.buyer, user=self.rep_b)
        self.assertEqual(enrolments.partner_id, self.buyer)
        # The template is for opportunities: the contact gets a call task.
        activity = self.buyer.activity_ids
        self.assertEqual(activity.user_id, self.rep_b)
        self.assertIn("not for this kind of record", activity.note)

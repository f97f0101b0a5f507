from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "scrm_marketing_sms")
class TestMarketingSmsConsent(TransactionCase):
    """Issue 14, consent on every channel: a contact who refused marketing SMS
    gets no SMS from a mass SMS mailing nor from a journey, and the skipped
    send is recorded (trace, timeline, journey log), not lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ann = Partner.create(
            {
                "name": "Ann Sms",
                "email": "ann@sms.example.com",
                "mobile": "+32470111001",
            }
        )
        cls.bob = Partner.create(
            {
                "name": "Bob Sms",
                "email": "bob@sms.example.com",
                "mobile": "+32470111002",
            }
        )
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.ann.id,
                    "channel_code": "sms",
                    "purpose": "marketing",
                    "consent": "opt_out",
                    "source": "form",
                }
            ]
        )
        cls.channel_sms = cls.env["scrm.channel"]._get_by_code("sms")

    def held_on_timeline(self, partner):
        return self.env["scrm.interaction"].search(
            [
                ("contact_id", "=", partner.id),
                ("channel_id", "=", self.channel_sms.id),
                ("state", "=", "held"),
            ]
        )

    def test_mass_sms_mailing_holds_the_refusing_contact(self):
        campaign = self.env["utm.campaign"].create({"title": "Spring SMS"})
        mailing = self.env["mailing.mailing"].create(
            {
                "campaign_id": campaign.id,
                "subject": "Spring offer",
                "mailing_type": "sms",
                "body_plaintext": "Spring offer: 10% off pumps",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (self.ann | self.bob).ids)]),
                "sms_force_send": True,
            }
        )
        mailing.action_send_sms()
        sms = self.env["sms.sms"].sudo().search([("mailing_id", "=", mailing.id)])
        ann_sms = sms.filtered(lambda s: s.partner_id == self.ann)
        bob_sms = sms.filtered(lambda s: s.partner_id == self.bob)
        self.assertEqual(ann_sms.state, "canceled", "Ann refused marketing SMS")
        self.assertEqual(ann_sms.failure_type, "scrm_held")
        self.assertNotEqual(bob_sms.failure_type, "scrm_held", "Bob accepts SMS")
        traces = mailing.mailing_trace_ids
        ann_trace = traces.filtered(lambda t: t.res_id == self.ann.id)
        self.assertEqual(ann_trace.trace_status, "cancel")
        self.assertEqual(ann_trace.failure_type, "scrm_held")
        self.assertIn("refuses SMS", ann_trace.failure_reason)
        bob_trace = traces.filtered(lambda t: t.res_id == self.bob.id)
        self.assertNotEqual(bob_trace.failure_type, "scrm_held")
        self.assertEqual(len(self.held_on_timeline(self.ann)), 1)
        self.assertFalse(self.held_on_timeline(self.bob))
        self.env.flush_all()
        self.assertEqual(campaign.scrm_held_count, 1, "counted on the campaign")

    def test_journey_sms_step_holds_the_refusing_contact(self):
        journey = self.env["scrm.marketing.journey"].create({"name": "SMS nurture"})
        step = self.env["scrm.marketing.journey.step"].create(
            {
                "journey_id": journey.id,
                "name": "Offer by SMS",
                "step_type": "sms",
                "body": "Our spring offer is on",
            }
        )
        journey.action_start()
        participants = journey._add_participants(self.ann | self.bob)
        self.env["scrm.marketing.journey"]._cron_advance()
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "in", (self.ann | self.bob).ids)])
        )
        self.assertEqual(sms.partner_id, self.bob, "no SMS was written for Ann")
        held = self.held_on_timeline(self.ann)
        self.assertEqual(len(held), 1)
        self.assertIn("refuses SMS", held.hold_reason)
        ann = participants.filtered(lambda p: p.partner_id == self.ann)
        self.assertEqual(ann.log_ids.step_id, step, "the skipped step is logged")
        self.assertEqual(ann.state, "done")

    def test_mass_email_mailing_counts_the_held_email_on_its_trace(self):
        self.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": self.bob.id,
                    "channel_code": "email",
                    "purpose": "marketing",
                    "consent": "opt_out",
                    "source": "form",
                }
            ]
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Spring offer",
                "body_html": "<p>Spring offer</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (self.ann | self.bob).ids)]),
            }
        )
        mailing.action_send_mail()
        self.env["mail.mail"].sudo().search([("mailing_id", "=", mailing.id)]).send()
        traces = mailing.mailing_trace_ids
        bob_trace = traces.filtered(lambda t: t.res_id == self.bob.id)
        self.assertEqual(bob_trace.trace_status, "cancel")
        self.assertEqual(bob_trace.failure_type, "scrm_held")
        self.assertIn("refuses Email", bob_trace.failure_reason)
        ann_trace = traces.filtered(lambda t: t.res_id == self.ann.id)
        self.assertEqual(ann_trace.trace_status, "sent", "Ann refused SMS only")

    def test_unsubscribing_records_the_opt_out_preference(self):
        Preference = self.env["scrm.contact.preference"]
        self.env["mail.blacklist"]._add("Bob Sms <BOB@sms.example.com>")
        pref = Preference.search(
            [
                ("partner_id", "=", self.bob.id),
                ("purpose", "=", "marketing"),
                ("channel_id.code", "=", "email"),
            ]
        )
        self.assertEqual(pref.consent, "opt_out")
        self.assertEqual(pref.source, "form")
        self.assertTrue(pref.date)
        self.assertIn("Unsubscribed", pref.note)
        self.env["phone.blacklist"]._add([self.bob.phone_sanitized])
        decision = Preference._get_contact_decisions(self.bob.ids, "sms", "marketing")[
            self.bob.id
        ]
        self.assertFalse(decision.allowed, "the SMS stop is recorded as well")

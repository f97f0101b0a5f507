from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

DAY0 = datetime(2026, 4, 6, 8, 0, 0)


@tagged("post_install", "-at_install", "scrm_marketing_journey")
class TestMarketingJourney(TransactionCase):
    """Issue 14, nurture journeys: a tree replayed under a frozen clock,
    consent on every send, stop stops everyone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ann = Partner.create(
            {"name": "Ann", "email": "ann@p.example.com", "mobile": "+32470000001"}
        )
        cls.bob = Partner.create(
            {"name": "Bob", "email": "bob@p.example.com", "mobile": "+32470000002"}
        )
        cls.cat = Partner.create(
            {"name": "Cat", "email": "cat@p.example.com", "mobile": "+32470000003"}
        )
        # Bob refused marketing email, not SMS.
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.bob.id,
                    "channel_code": "email",
                    "purpose": "marketing",
                    "consent": "opt_out",
                    "source": "form",
                }
            ]
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Nurtured"})
        cls.lead_cat = cls.env["crm.lead"].create(
            {"name": "Cat's project", "partner_id": cls.cat.id}
        )
        Journey = cls.env["scrm.marketing.journey"]
        cls.journey = Journey.create({"name": "Welcome series"})
        Step = cls.env["scrm.marketing.journey.step"]

        def step(**vals):
            return Step.create({"journey_id": cls.journey.id, **vals})

        cls.s_mail = step(
            name="Welcome", step_type="email", subject="Welcome", body="Hello"
        )
        cls.s_branch = step(
            name="Opened?",
            step_type="branch",
            condition="opened",
            parent_id=cls.s_mail.id,
            wait_days=3,
        )
        cls.s_call = step(
            name="Call them",
            step_type="activity",
            parent_id=cls.s_branch.id,
            parent_outcome="yes",
        )
        cls.s_sms = step(
            name="Reminder",
            step_type="sms",
            body="Did you see our news?",
            parent_id=cls.s_branch.id,
            parent_outcome="no",
        )
        cls.s_tag = step(
            name="Tag",
            step_type="tag",
            tag_id=cls.tag.id,
            parent_id=cls.s_sms.id,
            wait_days=2,
        )

    def advance(self):
        return self.env["scrm.marketing.journey"]._cron_advance()

    def test_replay_with_branches_under_a_frozen_clock(self):
        journey = self.journey
        with freeze_time(DAY0):
            journey.action_start()
            participants = journey._add_participants(
                self.ann | self.bob | self.cat, self.lead_cat
            )
            by = {p.partner_id: p for p in participants}
            self.assertEqual(self.advance(), 3)
        mails = self.env["mail.mail"].search(
            [("mailing_id", "=", journey.mailing_id.id)]
        )
        self.assertEqual(mails.recipient_ids, self.ann | self.cat)
        self.assertTrue(all(m.scrm_purpose == "marketing" for m in mails))
        held = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.bob.id), ("state", "=", "held")]
        )
        self.assertEqual(len(held), 1)
        self.assertIn("refuses", held.hold_reason)
        done = self.env["scrm.interaction"].search(
            [
                ("partner_id", "in", (self.ann | self.cat).ids),
                ("summary", "ilike", "Welcome"),
            ]
        )
        self.assertEqual(len(done), 2)
        # Cat opens the email.
        trace = self.env["mailing.trace"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.cat.id)]
        )
        trace.open_datetime = DAY0 + timedelta(days=1)
        with freeze_time(DAY0 + timedelta(days=2)):
            self.assertEqual(self.advance(), 0, "the branch waits three days")
        with freeze_time(DAY0 + timedelta(days=3)):
            self.assertEqual(self.advance(), 3)  # the branch
            self.assertEqual(by[self.cat].step_id, self.s_call)
            self.assertEqual(by[self.ann].step_id, self.s_sms)
            self.assertEqual(by[self.bob].step_id, self.s_sms)
            self.assertEqual(self.advance(), 3)  # activity and SMS
        self.assertEqual(by[self.cat].state, "done")
        self.assertIn("Call them", self.lead_cat.activity_ids.mapped("summary"))
        sms = self.env["sms.sms"].search(
            [("partner_id", "in", (self.ann | self.bob).ids)]
        )
        self.assertEqual(sms.partner_id, self.ann | self.bob, "Bob still gets the SMS")
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", self.bob.ids)])
        )
        with freeze_time(DAY0 + timedelta(days=5)):
            self.assertEqual(self.advance(), 2)
        self.assertIn(self.tag, self.ann.category_id)
        self.assertNotIn(self.tag, self.cat.category_id)
        self.assertEqual(set(participants.mapped("state")), {"done"})
        self.assertEqual(
            by[self.bob].log_ids.step_id,
            self.s_mail | self.s_branch | self.s_sms | self.s_tag,
        )
        self.assertEqual(
            by[self.cat]
            .log_ids.filtered(lambda log: log.step_id == self.s_branch)
            .outcome,
            "yes",
        )

    def test_stop_stops_every_participant(self):
        with freeze_time(DAY0):
            self.journey.action_start()
            participants = self.journey._add_participants(self.ann | self.cat)
            self.journey.action_stop()
            self.assertEqual(set(participants.mapped("state")), {"stopped"})
            self.assertEqual(self.advance(), 0)
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", self.ann.ids)])
        )


@tagged("post_install", "-at_install", "scrm_marketing_journey")
class TestMarketingJourneySegmentStep(TransactionCase):
    """Issue 14, a journey step that moves its participants into a segment
    (whatever the segment's conditions) or out of one: the segment's count
    and records change, and the move is on the participant's log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.tag = cls.env["res.partner.category"].create({"name": "Pump buyers"})
        cls.ann, cls.bob, cls.cat = Partner.create(
            [
                {"name": n, "email": f"{n.lower()}@mv.example.com"}
                for n in ("Ann", "Bob", "Cat")
            ]
        )
        # Bob and Cat are pump buyers: in the "buyers" segment by its domain.
        (cls.bob | cls.cat).category_id = cls.tag
        Segment = cls.env["scrm.marketing.segment"]
        cls.warm = Segment.create({"name": "Warm prospects", "domain": "[(0, '=', 1)]"})
        cls.buyers = Segment.create(
            {"name": "Buyers", "domain": repr([("category_id", "in", cls.tag.ids)])}
        )
        cls.journey = cls.env["scrm.marketing.journey"].create({"name": "Warm-up"})
        Step = cls.env["scrm.marketing.journey.step"]
        cls.s_add = Step.create(
            {
                "journey_id": cls.journey.id,
                "name": "Into warm prospects",
                "step_type": "segment",
                "segment_id": cls.warm.id,
            }
        )
        cls.s_remove = Step.create(
            {
                "journey_id": cls.journey.id,
                "name": "Out of buyers",
                "step_type": "segment",
                "segment_id": cls.buyers.id,
                "segment_action": "remove",
                "parent_id": cls.s_add.id,
                "wait_days": 1,
            }
        )

    def test_participants_move_into_and_out_of_segments(self):
        Partner = self.env["res.partner"]
        self.assertEqual(self.warm._consent_counts()["records"], 0)
        self.assertEqual(self.buyers._consent_counts()["records"], 2)
        with freeze_time(DAY0):
            self.journey.action_start()
            participants = self.journey._add_participants(self.ann | self.cat)
            self.assertEqual(self.env["scrm.marketing.journey"]._cron_advance(), 2)
        self.assertEqual(
            Partner.search([("scrm_segment_id", "=", self.warm.id)]),
            self.ann | self.cat,
        )
        self.warm.invalidate_recordset()
        self.assertEqual(self.warm.record_count, 2)
        self.assertEqual(self.warm.email_count, 2)
        with freeze_time(DAY0 + timedelta(days=1)):
            self.assertEqual(self.env["scrm.marketing.journey"]._cron_advance(), 2)
        # Cat left the buyers though still tagged; Bob, not in the journey, stays.
        self.assertEqual(
            Partner.search([("scrm_segment_id", "=", self.buyers.id)]), self.bob
        )
        self.buyers.invalidate_recordset()
        self.assertEqual(self.buyers.record_count, 1)
        self.assertEqual(set(participants.mapped("state")), {"done"})
        self.assertEqual(
            participants.filtered(lambda p: p.partner_id == self.cat).log_ids.step_id,
            self.s_add | self.s_remove,
        )
        # Added again by hand: the removal is undone.
        self.buyers._move_partners(self.cat)
        self.assertEqual(
            Partner.search([("scrm_segment_id", "=", self.buyers.id)]),
            self.bob | self.cat,
        )

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_preferences")
class TestContactPreference(ScrmBaseCommon):
    def test_no_answer_means_allowed(self):
        decision = self.decision(self.contact_anna, "email", "marketing")
        self.assertTrue(decision.allowed)
        self.assertFalse(decision.consent)

    def test_contact_inherits_company_unless_own(self):
        self.record(self.customer, self.channel_email, "marketing", "opt_out")
        self.record(self.contact_ben, self.channel_email, "marketing", "opt_in")

        anna = self.decision(self.contact_anna, "email", "marketing")
        self.assertFalse(
            anna.allowed, "Anna has no answer: her company's refusal holds"
        )
        self.assertTrue(anna.inherited)
        ben = self.decision(self.contact_ben, "email", "marketing")
        self.assertTrue(ben.allowed, "Ben's own answer wins over his company's")
        self.assertFalse(ben.inherited)
        company = self.decision(self.customer, "email", "marketing")
        self.assertFalse(company.allowed)
        self.assertFalse(company.inherited)

    def test_purposes_and_channels_are_independent(self):
        self.record(self.contact_anna, self.channel_email, "marketing", "opt_out")
        self.assertFalse(self.decision(self.contact_anna, "email", "marketing").allowed)
        self.assertTrue(self.decision(self.contact_anna, "email", "service").allowed)
        self.assertTrue(
            self.decision(self.contact_anna, "email", "transactional").allowed
        )
        self.assertTrue(self.decision(self.contact_anna, "phone", "marketing").allowed)

    def test_latest_answer_wins_and_history_is_kept(self):
        day_1 = fields.Datetime.now() - timedelta(days=10)
        day_2 = fields.Datetime.now() - timedelta(days=2)
        first = self.record(
            self.contact_anna, self.channel_email, "marketing", "opt_in", date=day_1
        )
        second = self.record(
            self.contact_anna,
            self.channel_email,
            "marketing",
            "opt_out",
            date=day_2,
            source="phone",
        )
        self.assertFalse(first.active, "the earlier answer is kept as history")
        self.assertEqual(first.date_end, day_2)
        self.assertTrue(second.active)
        self.assertFalse(self.decision(self.contact_anna, "email", "marketing").allowed)
        # What she had consented to on a given day:
        between = day_1 + timedelta(days=1)
        then = self.decision(self.contact_anna, "email", "marketing", at=between)
        self.assertTrue(then.allowed)
        self.assertEqual(then.preference_id, first.id)
        before = self.decision(
            self.contact_anna, "email", "marketing", at=day_1 - timedelta(days=1)
        )
        self.assertFalse(before.consent, "nothing was recorded before the first answer")
        history = self.Preference.with_context(active_test=False).search(
            [("partner_id", "=", self.contact_anna.id)]
        )
        self.assertEqual(history, first | second)

    def test_same_answer_records_nothing(self):
        first = self.record(self.contact_anna, self.channel_email, "service", "opt_in")
        again = self.record(self.contact_anna, self.channel_email, "service", "opt_in")
        self.assertFalse(again)
        self.assertTrue(first.active)

    def test_preferred_channel(self):
        Preference = self.Preference
        self.record(self.customer, self.channel_phone, "service", "preferred")
        preferred = Preference._get_preferred_channels(
            (self.contact_anna | self.contact_ben).ids, "service"
        )
        self.assertEqual(preferred[self.contact_anna.id], self.channel_phone)
        # Ben prefers SMS himself; Anna refuses the phone her company prefers.
        self.record(self.contact_ben, self.channel_sms, "service", "preferred")
        self.record(self.contact_anna, self.channel_phone, "service", "opt_out")
        preferred = Preference._get_preferred_channels(
            (self.contact_anna | self.contact_ben).ids, "service"
        )
        self.assertEqual(preferred[self.contact_ben.id], self.channel_sms)
        self.assertFalse(preferred[self.contact_anna.id])
        self.assertFalse(
            Preference._get_preferred_channels(self.contact_ben.ids, "marketing")[
                self.contact_ben.id
            ]
        )
        self.assertEqual(self.contact_ben.scrm_preferred_channel_id, self.channel_sms)

    def test_batch_answer_has_a_fixed_query_budget(self):
        Partner = self.env["res.partner"]

        def make(count):
            partners = Partner.create(
                [
                    {"name": f"Batch {count} {i}", "parent_id": self.customer.id}
                    for i in range(count)
                ]
            )
            self.Preference._record_preferences(
                [
                    {
                        "partner_id": partner.id,
                        "channel_id": self.channel_email.id,
                        "purpose": "marketing",
                        "consent": "opt_out" if i % 2 else "opt_in",
                    }
                    for i, partner in enumerate(partners)
                ]
            )
            return partners

        small, large = make(10), make(1000)
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            decisions = self.Preference._get_contact_decisions(
                small.ids, "email", "marketing"
            )
        self.assertEqual(len(decisions), 10)
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            decisions = self.Preference._get_contact_decisions(
                large.ids, "email", "marketing"
            )
        self.assertEqual(len(decisions), 1000)
        self.assertEqual(sum(not d.allowed for d in decisions.values()), 500)

    def test_unknown_channel_or_purpose_is_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown contact channel"):
            self.Preference._get_contact_decisions(
                self.contact_anna.ids, "carrier_pigeon", "marketing"
            )
        with self.assertRaisesRegex(UserError, "Unknown contact purpose"):
            self.Preference._get_contact_decisions(
                self.contact_anna.ids, "email", "gossip"
            )
        with self.assertRaisesRegex(UserError, "Unknown contact purpose"):
            self.Preference._record_preferences(
                [
                    {
                        "partner_id": self.contact_anna.id,
                        "channel_code": "email",
                        "purpose": "gossip",
                        "consent": "opt_in",
                    }
                ]
            )
        with self.assertRaisesRegex(UserError, "Unknown consent"):
            self.Preference._record_preferences(
                [
                    {
                        "partner_id": self.contact_anna.id,
                        "channel_code": "email",
                        "purpose": "service",
                        "consent": "maybe",
                    }
                ]
            )
        self.assertFalse(
            self.Preference.search([("partner_id", "=", self.contact_anna.id)])
        )

    def test_duplicate_current_preference_is_refused(self):
        first = self.record(self.contact_anna, self.channel_email, "service", "opt_in")
        with self.assertRaisesRegex(
            ValidationError, "already has a current preference"
        ):
            self.Preference.create(
                {
                    "partner_id": self.contact_anna.id,
                    "channel_id": self.channel_email.id,
                    "purpose": "service",
                    "consent": "opt_out",
                }
            )
        self.record(self.contact_anna, self.channel_email, "service", "opt_out")
        self.assertFalse(first.active)
        with self.assertRaisesRegex(
            ValidationError, "already has a current preference"
        ):
            first.active = True

    def test_recorded_answer_cannot_be_edited(self):
        preference = self.record(
            self.contact_anna, self.channel_email, "service", "opt_in"
        )
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            preference.consent = "opt_out"
        preference.note = "Confirmed at the trade fair"  # a note is not an answer
        self.assertEqual(preference.consent, "opt_in")

    def test_no_consent_on_inbound_only_channel(self):
        web_form = self.env["scrm.channel"]._get_by_code("web_form")
        with self.assertRaisesRegex(ValidationError, "never reach out"):
            self.record(self.contact_anna, web_form, "marketing", "opt_in")

    def test_channel_codes(self):
        Channel = self.env["scrm.channel"]
        fax = Channel.create({"name": "Fax", "code": "fax"})
        self.assertEqual(Channel._get_by_code("fax"), fax)
        with self.assertRaisesRegex(ValidationError, "not valid"):
            Channel.create({"name": "Bad", "code": "Bad Code!"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                Channel.create({"name": "Fax again", "code": "fax"})

    def test_channel_lookup_follows_renames_and_archives(self):
        Channel = self.env["scrm.channel"]
        fax = Channel.create({"name": "Fax", "code": "fax"})
        self.assertEqual(Channel._get_by_code("fax"), fax)  # now cached
        fax.code = "telefax"
        self.assertEqual(Channel._get_by_code("telefax"), fax)
        with self.assertRaisesRegex(UserError, "Unknown contact channel"):
            Channel._get_by_code("fax")
        fax.active = False
        self.assertEqual(Channel._get_by_code("telefax"), fax, "archived: known")
        fax.unlink()
        with self.assertRaisesRegex(UserError, "Unknown contact channel"):
            Channel._get_by_code("telefax")

    def test_record_wizard(self):
        wizard = (
            self.env["scrm.contact.preference.record"]
            .with_user(self.user_scrm)
            .create(
                {
                    "partner_id": self.contact_anna.id,
                    "channel_id": self.channel_phone.id,
                    "purpose": "service",
                    "consent": "preferred",
                    "source": "phone",
                    "note": "Prefers a call in the morning",
                }
            )
        )
        wizard.action_record()
        preference = self.Preference.search([("partner_id", "=", self.contact_anna.id)])
        self.assertRecordValues(
            preference,
            [
                {
                    "consent": "preferred",
                    "source": "phone",
                    "user_id": self.user_scrm.id,
                    "channel_id": self.channel_phone.id,
                }
            ],
        )
        self.assertEqual(
            self.contact_anna.scrm_preferred_channel_id, self.channel_phone
        )
        self.assertEqual(self.contact_anna.scrm_preference_count, 1)
        again = (
            self.env["scrm.contact.preference.record"]
            .with_user(self.user_scrm)
            .create(
                {
                    "partner_id": self.contact_anna.id,
                    "channel_id": self.channel_phone.id,
                    "purpose": "service",
                    "consent": "preferred",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "already the partner's current answer"):
            again.action_record()

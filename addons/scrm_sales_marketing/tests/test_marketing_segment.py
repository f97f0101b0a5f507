from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_marketing_segment")
class TestMarketingSegment(TransactionCase):
    """Issue 14, segments: the live count and, per channel, the count that
    marketing consent allows, before anything is sent; a journey enrols a
    segment; portal users read no segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.tag = cls.env["res.partner.category"].create({"name": "Pump buyers"})
        cls.company = Partner.create(
            {"name": "Hangzhou Pumps", "is_company": True, "category_id": cls.tag.ids}
        )

        def person(name, **vals):
            return Partner.create({"name": name, "category_id": cls.tag.ids, **vals})

        cls.ann = person("Ann", email="ann@seg.example.com", mobile="+32470222001")
        cls.bob = person("Bob", email="bob@seg.example.com", mobile="+32470222002")
        cls.cat = person(
            "Cat",
            email="cat@seg.example.com",
            phone="+32470222003",
            parent_id=cls.company.id,
        )
        cls.dan = person("Dan", mobile="+32470222004")  # no email address
        Partner.create({"name": "Not tagged", "email": "x@seg.example.com"})
        prefs = [
            ("bob", cls.bob, "email", "opt_out"),  # Bob refuses email
            ("company", cls.company, "sms", "opt_out"),  # the company refuses SMS
            ("cat", cls.cat, "phone", "opt_out"),
            ("ann", cls.ann, "sms", "opt_in"),
        ]
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_code": channel,
                    "purpose": "marketing",
                    "consent": consent,
                    "source": "form",
                }
                for _key, partner, channel, consent in prefs
            ]
        )
        cls.segment = cls.env["scrm.marketing.segment"].create(
            {
                "name": "Pump buyers",
                "domain": repr([("category_id", "in", cls.tag.ids)]),
            }
        )

    def test_counts_per_channel_follow_consent(self):
        segment = self.segment
        self.assertEqual(segment.record_count, 5)  # the company too
        # Email: Ann, Cat, the company has none; Bob refuses, Dan has no address.
        self.assertEqual(segment.email_count, 2)
        # SMS: Ann (opt-in), Bob, Dan; Cat inherits her company's refusal, and
        # the company itself has no number.
        self.assertEqual(segment.sms_count, 3)
        # Phone: Ann, Bob, Dan (by their mobile); Cat refuses.
        self.assertEqual(segment.phone_count, 3)
        # The same answers as the one API every send asks.
        decisions = self.env["scrm.contact.preference"]._get_contact_decisions(
            (self.ann | self.bob | self.cat | self.dan).ids, "sms", "marketing"
        )
        allowed = [pid for pid, decision in decisions.items() if decision.allowed]
        self.assertEqual(sorted(allowed), sorted((self.ann | self.bob | self.dan).ids))

    def test_count_queries_do_not_grow_with_the_segment(self):
        self.segment._consent_counts()
        with self.assertQueryCount(1):
            self.segment._consent_counts()
        self.env["res.partner"].create(
            [
                {
                    "name": f"Buyer {i}",
                    "email": f"b{i}@seg.example.com",
                    "category_id": self.tag.ids,
                }
                for i in range(30)
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(1):
            counts = self.segment._consent_counts()
        self.assertEqual(counts["records"], 35)
        self.assertEqual(counts["email"], 32)

    def test_lead_segment_and_journey_enrolment(self):
        Lead = self.env["crm.lead"]
        lead_ann = Lead.create({"name": "Ann's pumps", "partner_id": self.ann.id})
        Lead.create({"name": "Bob's pumps", "partner_id": self.bob.id})
        segment = self.env["scrm.marketing.segment"].create(
            {
                "name": "Ann's leads",
                "model_name": "crm.lead",
                "domain": repr([("id", "=", lead_ann.id)]),
            }
        )
        self.assertEqual(segment.record_count, 1)
        self.assertEqual(segment.email_count, 1)
        journey = self.env["scrm.marketing.journey"].create(
            {"name": "Pump nurture", "segment_id": segment.id}
        )
        self.env["scrm.marketing.journey.step"].create(
            {"journey_id": journey.id, "name": "Wait", "step_type": "wait"}
        )
        journey.action_start()
        participants = journey.action_add_segment()
        self.assertEqual(participants.partner_id, self.ann)
        self.assertEqual(participants.lead_id, lead_ann)
        self.assertFalse(journey.action_add_segment(), "Ann is already running")

    def test_portal_user_cannot_read_segments(self):
        portal = mail_new_test_user(
            self.env, login="scrm_segment_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.segment.with_user(portal).read(["name", "record_count"])


@tagged("post_install", "-at_install", "scrm_marketing_segment")
class TestMarketingSegmentRfm(TransactionCase):
    """Issue 14, segments on purchases: recency, frequency and monetary value
    of the confirmed orders of each contact's customer (its company for a
    person of a company), counted by hand, in the same two queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.tag = env["res.partner.category"].create({"name": "Customers"})
        cls.company = Partner.create(
            {
                "name": "Hangzhou Pumps",
                "is_company": True,
                "email": "hp@rfm.example.com",
            }
        )

        def person(name, **vals):
            return Partner.create(
                {
                    "name": name,
                    "email": f"{name.lower()}@rfm.example.com",
                    "category_id": cls.tag.ids,
                    **vals,
                }
            )

        cls.ann = person("Ann")
        cls.bob = person("Bob")
        cls.cat = person("Cat", parent_id=cls.company.id)
        cls.dan = person("Dan")
        product = env["product.product"].create(
            {"name": "Pump", "type": "consu", "taxes_id": [(5, 0, 0)]}
        )
        now = datetime.now()

        def order(partner, amount, days_ago):
            sale = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
            sale.action_confirm()
            sale.date_order = now - timedelta(days=days_ago)
            return sale

        # Ann: 3 orders this month, 3,000 in all.
        for days in (5, 10, 20):
            order(cls.ann, 1000, days)
        # Bob: one big order long ago (5,000, 400 days).
        order(cls.bob, 5000, 400)
        # Cat's company: 2 orders of 200, 100 days ago (one placed by Cat).
        order(cls.company, 200, 100)
        order(cls.cat, 200, 100)
        # A quotation never confirmed counts for nobody.
        env["sale.order"].create({"partner_id": cls.dan.id})
        cls.lead_ann = env["crm.lead"].create(
            {"name": "Ann's pumps", "partner_id": cls.ann.id}
        )
        env["crm.lead"].create({"name": "Bob's pumps", "partner_id": cls.bob.id})

    def members(self, **conditions):
        segment = self.env["scrm.marketing.segment"].create(
            {
                "name": "Customers",
                "domain": repr([("category_id", "in", self.tag.ids)]),
                **conditions,
            }
        )
        return self.env["res.partner"].search([("scrm_segment_id", "=", segment.id)])

    def test_recency_frequency_monetary(self):
        self.assertEqual(self.members(rfm_recency_days=60), self.ann)
        self.assertEqual(self.members(rfm_lapsed_days=180), self.bob)
        self.assertEqual(self.members(rfm_frequency_min=2), self.ann | self.cat)
        self.assertEqual(self.members(rfm_monetary_min=1000), self.ann)
        self.assertEqual(
            self.members(rfm_monetary_min=1000, rfm_period_days=0), self.ann | self.bob
        )
        self.assertEqual(
            self.members(rfm_frequency_min=2, rfm_monetary_min=400), self.ann | self.cat
        )
        self.assertEqual(
            self.members(rfm_recency_days=200, rfm_frequency_min=3), self.ann
        )
        self.assertEqual(self.members(), self.ann | self.bob | self.cat | self.dan)

    def test_counts_of_an_rfm_segment_of_leads(self):
        segment = self.env["scrm.marketing.segment"].create(
            {
                "name": "Recent buyers' leads",
                "model_name": "crm.lead",
                "domain": repr([("partner_id.category_id", "in", self.tag.ids)]),
                "rfm_recency_days": 60,
            }
        )
        segment._consent_counts()
        with self.assertQueryCount(1):
            counts = segment._consent_counts()
        self.assertEqual(counts["records"], 1)
        self.assertEqual(counts["email"], 1)
        self.assertEqual(
            self.env["crm.lead"].search([("scrm_segment_id", "=", segment.id)]),
            self.lead_ann,
        )

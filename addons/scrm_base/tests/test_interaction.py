from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_timeline")
class TestInteraction(ScrmBaseCommon):
    def timeline(self, partner=None):
        return self.Interaction.search(
            [("partner_id", "=", (partner or self.customer).id)]
        )

    def test_log_in_one_call(self):
        entries = (self.contact_anna | self.contact_ben)._scrm_log_interaction(
            "phone", "Called about the next delivery", direction="in"
        )
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries.partner_id, self.customer, "one timeline per company")
        self.assertEqual(entries.contact_id, self.contact_anna | self.contact_ben)
        self.assertEqual(entries.channel_id, self.channel_phone)
        self.assertEqual(set(entries.mapped("direction")), {"in"})
        self.assertEqual(self.contact_anna.scrm_interaction_count, 2)
        self.assertEqual(self.customer.scrm_interaction_count, 2)

    def test_side_follows_the_role(self):
        self.supplier._scrm_add_role("supplier")
        entry = self.supplier._scrm_log_interaction("email", "Price list received")
        self.assertEqual(entry.side, "supplier")

    def test_message_to_a_follower_logs_itself(self):
        self.customer.message_subscribe(partner_ids=self.contact_anna.ids)
        message = self.customer.with_user(self.user_scrm).message_post(
            body="Here is the confirmed schedule.",
            subject="Schedule",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        entry = self.timeline().filtered(lambda e: e.message_id == message)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.direction, "out")
        self.assertEqual(entry.channel_id, self.channel_email)
        self.assertEqual(entry.user_id, self.user_scrm)
        self.assertIn("Schedule", entry.summary)
        self.assertEqual(entry.document_name, self.customer.display_name)

    def test_internal_note_is_not_a_contact(self):
        self.customer.message_subscribe(partner_ids=self.contact_anna.ids)
        self.customer.with_user(self.user_scrm).message_post(
            body="Customer is slow to pay", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.timeline())

    def test_message_nobody_outside_received_is_not_a_contact(self):
        self.customer.with_user(self.user_scrm).message_post(
            body="Nobody of Acme follows this",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(self.timeline())

    def test_portal_message_is_an_incoming_portal_contact(self):
        # What the portal chatter does: post as its author once access is checked.
        message = self.customer.sudo().message_post(
            author_id=self.contact_anna.id,
            body="Can we move the delivery to Monday?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        entry = self.timeline().filtered(lambda e: e.message_id == message)
        self.assertEqual(entry.direction, "in")
        self.assertEqual(entry.channel_id, self.channel_portal)
        self.assertEqual(entry.contact_id, self.contact_anna)

    def test_incoming_email_reply_through_the_gateway(self):
        self.customer.message_subscribe(partner_ids=self.contact_anna.ids)
        sent = self.customer.with_user(self.user_scrm).message_post(
            body="Please confirm the quantities.",
            subject="Quantities",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        raw = (
            f"From: Anna Buyer <{self.contact_anna.email}>\r\n"
            "To: catchall@example.com\r\n"
            "Subject: Re: Quantities\r\n"
            "Message-Id: <reply-anna-1@acme-machines.example.com>\r\n"
            f"In-Reply-To: {sent.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Confirmed: 120 pieces.\r\n"
        )
        self.env["mail.thread"].message_process(None, raw)
        entry = self.timeline().filtered(
            lambda e: e.direction == "in" and e.channel_id == self.channel_email
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.contact_id, self.contact_anna)
        self.assertIn("Confirmed: 120 pieces", entry.summary)

    def test_timeline_query_count_is_flat(self):
        Partner = self.env["res.partner"]
        big = Partner.create({"name": "Big Customer", "is_company": True})

        def fill(partner, count):
            now = fields.Datetime.now()
            self.Interaction.create(
                [
                    {
                        "partner_id": partner.id,
                        "channel_id": self.channel_phone.id,
                        "summary": f"Call {i}",
                        "date": now - timedelta(minutes=i),
                    }
                    for i in range(count)
                ]
            )

        fill(self.customer, 20)
        fill(big, 2000)
        fields_ = ["date", "partner_id", "contact_id", "channel_id", "summary"]
        # A running server has the access rules of the document models in
        # cache; what is measured is the page, for a small and a big timeline.
        self.Interaction.with_user(self.user_scrm).search([], limit=1)
        for partner in (self.customer, big):
            self.env.invalidate_all()
            with self.assertQueryCount(10):
                page = self.Interaction.with_user(self.user_scrm).search_read(
                    [("partner_id", "=", partner.id)], fields_, limit=80
                )
            self.assertEqual(page[0]["summary"], "Call 0", "newest first")

    def test_messages_in_batch_log_in_a_fixed_number_of_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(30)]
        )
        Message = self.env["mail.message"].sudo()

        def vals(partners_):
            return [
                {
                    "model": "res.partner",
                    "res_id": partner.id,
                    "body": "Thanks for your order",
                    "message_type": "comment",
                    "subtype_id": self.env.ref("mail.mt_comment").id,
                    "partner_ids": [(4, partner.id)],
                    "author_id": self.user_scrm.partner_id.id,
                }
                for partner in partners_
            ]

        # Odoo's own message creation costs queries per message (reply-to
        # look-ups); what the timeline adds must not.
        Message = Message.with_context(scrm_skip_timeline=True)
        small, large = (
            Message.create(vals(partners[:3])),
            Message.create(vals(partners[3:])),
        )
        self.Interaction._scrm_source_models()  # cached in a running server
        for batch in (small, large):
            self.env.invalidate_all()
            with self.assertQueryCount(11):
                entries = batch._scrm_log_timeline()
            self.assertEqual(len(entries), len(batch))
        self.assertEqual(
            self.Interaction.search_count([("partner_id", "in", partners.ids)]), 30
        )

    def test_notifications_cost_the_timeline_no_query(self):
        """Tracking and assignment notifications are not contacts with the
        partner: deciding so reads nothing, although each message creation has
        emptied ``res_id`` of every message from the cache (Odoo's lead
        assignment creates hundreds of them)."""
        messages = (
            self.env["mail.message"]
            .with_context(scrm_skip_timeline=True)
            .create(
                [
                    {
                        "model": "res.partner",
                        "res_id": self.customer.id,
                        "body": "Stage changed",
                        "message_type": message_type,
                        "subtype_id": self.env.ref("mail.mt_note").id,
                        "author_id": self.user_scrm.partner_id.id,
                        "reply_to": "sales@example.com",
                    }
                    for message_type in ("notification", "user_notification")
                ]
            )
        )
        messages.invalidate_recordset(["res_id"])
        with self.assertQueryCount(0):
            entries = messages._scrm_log_timeline()
        self.assertFalse(entries)
        self.assertFalse(self.timeline())

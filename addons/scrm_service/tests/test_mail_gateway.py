import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

from .common import ServiceDataMixin

RAW_EMAIL = """Return-Path: <{return_path}>
From: {email_from}
To: {to}
Subject: {subject}
Date: Mon, 23 Nov 2026 09:30:00 +0000
Message-ID: {msg_id}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
{extra}
{body}
"""


@tagged("post_install", "-at_install", "scrm_service_mail")
class TestMailGateway(MailCommon, ServiceDataMixin):
    """Emails to a team alias go through Odoo's real mail gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.alias_address = f"pump-support@{cls.alias_domain}"

    def process(
        self,
        email_from="Zoe Newcomer <zoe@newco.example.com>",
        subject="Pump P-300 makes a noise",
        msg_id="<first.zoe@newco.example.com>",
        body="Hello, since Monday our pump makes a loud noise.",
        extra="",
        to=None,
    ):
        raw = RAW_EMAIL.format(
            return_path=email_from,
            email_from=email_from,
            to=to or self.alias_address,
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )
        with self.mock_mail_gateway():
            result = self.env["mail.thread"].message_process(False, raw)
        return result, raw

    def acknowledgements(self, ticket):
        self.Ticket._cron_send_acknowledgements()
        self.assertFalse(ticket.ack_pending)
        return self.env["mail.mail"].search(
            [
                ("model", "=", "scrm.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", ticket.number),
            ]
        )

    def tickets_from(self, address):
        return self.Ticket.search([("partner_email", "ilike", address)])

    def test_unknown_sender_opens_ticket_and_becomes_contact(self):
        ticket_id, _raw = self.process()
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.name, "Pump P-300 makes a noise")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id.code, "email")
        self.assertTrue(ticket.number.startswith("TCK-"))
        self.assertEqual(ticket.partner_id.email_normalized, "zoe@newco.example.com")
        self.assertEqual(ticket.partner_id.name, "Zoe Newcomer")
        self.assertIn(ticket.partner_id, ticket.message_partner_ids)
        incoming = ticket.message_ids.filtered(
            lambda m: m.message_id == "<first.zoe@newco.example.com>"
        )
        self.assertIn("loud noise", incoming.body)
        self.assertEqual(incoming.author_id, ticket.partner_id)
        # The customer is told the reference of their request: flagged by the
        # gateway, queued by the acknowledgement cron, sent by the mail queue.
        self.assertTrue(ticket.ack_pending)
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [
                    (
                        "cron_id",
                        "=",
                        self.env.ref("scrm_service.ir_cron_scrm_ticket_ack").id,
                    )
                ]
            ),
            "the cron is triggered at once",
        )
        acknowledgement = self.acknowledgements(ticket)
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.recipient_ids, ticket.partner_id)
        self.assertEqual(acknowledgement.state, "outgoing")
        with self.mock_mail_gateway():
            acknowledgement.send()
        self.assertEqual(len(self._mails), 1)
        self.assertIn(ticket.number, self._mails[0]["subject"])
        self.assertIn("zoe@newco.example.com", self._mails[0]["email_to"][0])
        # The contact landed on the customer's timeline.
        timeline = self.env["scrm.interaction"].search(
            [("partner_id", "=", ticket.commercial_partner_id.id)]
        )
        self.assertIn("email", timeline.channel_id.mapped("code"))

    def test_acknowledgement_held_for_a_customer_who_refuses_email(self):
        """Carla refuses service emails: her ticket is opened, but the
        acknowledgement is held back with its reason, not sent, not lost."""
        self.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": self.carla.id,
                    "channel_code": "email",
                    "purpose": "service",
                    "consent": "opt_out",
                }
            ]
        )
        ticket_id, _raw = self.process(
            email_from="Carla Customer <carla@fabrikam.example.com>",
            msg_id="<carla.refuses@fabrikam.example.com>",
        )
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.carla)
        acknowledgement = self.acknowledgements(ticket)
        self.assertEqual(len(acknowledgement), 1, "queued like any other")
        with self.mock_mail_gateway():
            acknowledgement.send()
        self.assertFalse(self._mails, "nothing reached the mail server")
        self.assertEqual(acknowledgement.state, "cancel")
        self.assertEqual(acknowledgement.failure_type, "scrm_held")
        held = self.env["scrm.interaction"].search(
            [("contact_id", "=", self.carla.id), ("state", "=", "held")]
        )
        self.assertEqual(len(held), 1)
        self.assertIn("refuses Email", held.hold_reason)

    def test_known_sender_is_matched_by_address(self):
        partners_before = self.env["res.partner"].search_count([])
        ticket_id, _raw = self.process(
            email_from="C. Customer <CARLA@Fabrikam.example.com>",
            msg_id="<carla.1@fabrikam.example.com>",
        )
        self.assertEqual(self.Ticket.browse(ticket_id).partner_id, self.carla)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_reply_threads_into_the_ticket(self):
        ticket_id, _raw = self.process()
        ticket = self.Ticket.browse(ticket_id)
        acknowledgement = self.acknowledgements(ticket).mail_message_id
        reply_id, _raw = self.process(
            subject=f"Re: [{ticket.number}] Pump P-300 makes a noise",
            msg_id="<second.zoe@newco.example.com>",
            body="Here is a video of the noise.",
            extra=f"In-Reply-To: {acknowledgement.message_id}\n"
            f"References: {acknowledgement.message_id}",
        )
        self.assertEqual(reply_id, ticket.id)
        self.assertEqual(len(self.tickets_from("zoe@newco.example.com")), 1)
        self.assertIn(
            "video of the noise",
            ticket.message_ids.filtered(
                lambda m: m.message_id == "<second.zoe@newco.example.com>"
            ).body,
        )

    def test_same_message_id_is_stored_once(self):
        first, raw = self.process()
        with self.mock_mail_gateway():
            second = self.env["mail.thread"].message_process(False, raw)
        self.assertTrue(first)
        self.assertFalse(second)
        self.assertEqual(len(self.tickets_from("zoe@newco.example.com")), 1)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("message_id", "=", "<first.zoe@newco.example.com>")]
            ),
            1,
        )

    def test_auto_reply_opens_no_ticket_and_gets_no_answer(self):
        for header in (
            "Auto-Submitted: auto-replied",
            "X-Autoreply: yes",
            "Precedence: auto_reply",
        ):
            with self.subTest(header=header):
                result, _raw = self.process(
                    email_from="Out Of Office <ooo@contoso.example.com>",
                    subject="Automatic reply: I am away",
                    msg_id=f"<ooo.{len(header)}@contoso.example.com>",
                    extra=header,
                )
                self.assertFalse(result)
                self.assertFalse(self.tickets_from("ooo@contoso.example.com"))
                self.assertFalse(self._mails, "nothing is sent back: no loop")

    def test_auto_reply_to_our_acknowledgement_does_not_loop(self):
        ticket_id, _raw = self.process()
        ticket = self.Ticket.browse(ticket_id)
        acknowledgement = self.acknowledgements(ticket).mail_message_id
        self.process(
            subject=f"Auto: [{ticket.number}] Pump P-300 makes a noise",
            msg_id="<ooo.zoe@newco.example.com>",
            body="I am out of the office until Monday.",
            extra="Auto-Submitted: auto-replied\n"
            f"In-Reply-To: {acknowledgement.message_id}",
        )
        self.assertEqual(len(self.tickets_from("zoe@newco.example.com")), 1)
        self.assertEqual(
            len(self.acknowledgements(ticket)), 1, "the out-of-office is not answered"
        )
        self.assertFalse(
            [m for m in self._mails if "zoe@newco.example.com" in str(m["email_to"])],
            "nothing is sent back: no loop",
        )

    def test_bounce_opens_no_ticket(self):
        result, _raw = self.process(
            email_from=f"MAILER-DAEMON <mailer-daemon@{self.alias_domain}>",
            subject="Undelivered Mail Returned to Sender",
            msg_id="<bounce.1@test.example.com>",
            extra="Auto-Submitted: auto-replied",
        )
        self.assertFalse(result)
        self.assertFalse(self.tickets_from(f"mailer-daemon@{self.alias_domain}"))

    def test_email_without_sender_is_kept_for_an_admin(self):
        raw = (
            f"To: {self.alias_address}\n"
            "Subject: Help with pump\n"
            "Message-ID: <nosender.1@example.com>\n"
            "\n"
            "Our pump is broken, please call us.\n"
        )
        tickets_before = self.Ticket.search_count([])
        result = self.env["mail.thread"].message_process(False, raw)
        self.assertFalse(result)
        self.assertEqual(self.Ticket.search_count([]), tickets_before)
        rejected = self.env["scrm.rejected.email"].search(
            [("message_id", "=", "<nosender.1@example.com>")]
        )
        self.assertEqual(len(rejected), 1)
        self.assertIn("no sender", rejected.reason)
        self.assertIn("Our pump is broken, please call us.", rejected.raw)
        self.assertEqual(rejected.state, "new")

    def test_email_to_one_company_never_joins_a_ticket_of_another(self):
        other_company = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        elsewhere = self.Ticket.create(
            {
                "name": "Pump P-200 leaks",
                "partner_id": self.carla.id,
                "company_id": other_company.id,
                "team_id": False,
            }
        )
        result, _raw = self.process(
            email_from="carla@fabrikam.example.com",
            subject="Re: Pump P-200 leaks",
            msg_id="<carla.other.company@fabrikam.example.com>",
        )
        self.assertNotEqual(result, elsewhere.id)
        ticket = self.Ticket.browse(result)
        self.assertEqual(ticket.company_id, self.team.company_id)
        self.assertEqual(ticket.partner_id, self.carla)
        self.assertEqual(elsewhere.followup_count, 0)

    def test_rejected_email_is_kept_byte_for_byte(self):
        raw = (
            f"To: {self.alias_address}\n"
            "Subject: Pompe cass\xe9e\n"
            "Message-ID: <latin1.1@example.com>\n"
            "\n"
            "La pompe est cass\xe9e.\n"
        ).encode("latin-1")
        self.assertFalse(self.env["mail.thread"].message_process(False, raw))
        rejected = self.env["scrm.rejected.email"].search(
            [("message_id", "=", "<latin1.1@example.com>")]
        )
        self.assertEqual(len(rejected), 1)
        self.assertEqual(
            base64.b64decode(rejected.with_context(bin_size=False).raw_file), raw
        )

    def test_invalid_sender_address_is_kept_for_an_admin(self):
        result, _raw = self.process(
            email_from="not an address",
            msg_id="<badsender.1@example.com>",
        )
        self.assertFalse(result)
        rejected = self.env["scrm.rejected.email"].search(
            [("message_id", "=", "<badsender.1@example.com>")]
        )
        self.assertIn("not valid", rejected.reason)
        self.assertIn("loud noise", rejected.raw)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_malformed_email_for_another_application_is_left_alone(self):
        raw = "To: someone-else@example.com\nSubject: hi\n\nno sender\n"
        with self.assertRaises(ValueError):
            self.env["mail.thread"].message_process(False, raw)
        self.assertFalse(self.env["scrm.rejected.email"].search([], limit=1))

    def test_email_about_an_open_ticket_joins_it(self):
        ticket = self._ticket(
            self.carla, channel_id=self.Channel._get_by_code("phone").id
        )
        result, _raw = self.process(
            email_from="carla@fabrikam.example.com",
            subject="RE: pump p-200 LEAKS",
            msg_id="<carla.followup@fabrikam.example.com>",
            body="Any news about the leak?",
        )
        self.assertEqual(result, ticket.id)
        self.assertEqual(ticket.followup_count, 1)
        self.assertEqual(
            self.Ticket.search_count(
                [("commercial_partner_id", "=", self.fabrikam.id)]
            ),
            1,
        )
        self.assertIn(
            "Any news about the leak?",
            "".join(ticket.message_ids.mapped("body")),
        )
        timeline = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(
            sorted(entry.channel_id.code for entry in timeline),
            ["email", "phone"],
            "the follow-up by email is on the customer's timeline",
        )

    def test_endless_subject_is_shortened_and_nothing_is_lost(self):
        """A 12 KB subject (47 times the field) through the real gateway: the
        ticket opens with the subject shortened to the field's size, the email
        keeps it whole with its body, and a second email on it joins that
        ticket. (Python's header parser takes seconds over 100 KB.)"""
        subject = " ".join(f"noise{i}" for i in range(1_500))
        self.assertGreater(len(subject), 12_000)
        result, _raw = self.process(subject=subject)
        ticket = self.Ticket.browse(result)
        self.assertEqual(len(ticket.name), 256)
        self.assertEqual(ticket.name, subject[:255] + "\u2026")
        self.assertEqual(ticket.partner_id.email_normalized, "zoe@newco.example.com")
        incoming = ticket.message_ids.filtered(
            lambda m: m.message_id == "<first.zoe@newco.example.com>"
        )
        self.assertEqual(incoming.subject, subject, "the email keeps it whole")
        self.assertIn("loud noise", incoming.body)
        self.assertEqual(incoming.author_id, ticket.partner_id)
        # The customer's next email, its mail program's "Re: " added and the
        # references dropped: the same ticket, not a second one.
        result, _raw = self.process(
            subject=f"Re: {subject}",
            msg_id="<second.zoe@newco.example.com>",
            body="It stopped again this morning.",
        )
        self.assertEqual(result, ticket.id)
        self.assertEqual(
            self.Ticket.search_count(
                [("commercial_partner_id", "=", ticket.commercial_partner_id.id)]
            ),
            1,
        )
        self.assertIn(
            "It stopped again this morning.",
            "".join(ticket.message_ids.mapped("body")),
        )
        self.assertTrue(self.acknowledgements(ticket), "acknowledged")

    def test_same_malformed_email_delivered_twice_is_kept_once(self):
        raw = (
            f"To: {self.alias_address}\n"
            "Subject: Help with pump\n"
            "Message-ID: <nosender.twice@example.com>\n"
            "\n"
            "Our pump is broken, please call us.\n"
        )
        for _delivery in range(2):
            self.assertFalse(self.env["mail.thread"].message_process(False, raw))
        rejected = self.env["scrm.rejected.email"].search(
            [("message_id", "=", "<nosender.twice@example.com>")]
        )
        self.assertEqual(len(rejected), 1)
        self.assertEqual(rejected.delivery_count, 2)
        self.assertIn("no sender", rejected.reason)

    def test_malformed_email_without_message_id_is_recognised_by_its_bytes(self):
        def raw(body):
            return (
                f"To: {self.alias_address}\nSubject: Help with pump\n\n{body}\n"
            ).encode()

        Rejected = self.env["scrm.rejected.email"]
        before = Rejected.search_count([])
        for body in ("Pump broken.", "Pump broken.", "Pump still broken."):
            self.assertFalse(self.env["mail.thread"].message_process(False, raw(body)))
        kept = Rejected.search([], limit=Rejected.search_count([]) - before)
        self.assertEqual(len(kept), 2, "the same bytes twice are kept once")
        self.assertEqual(
            sorted(kept.mapped("delivery_count")), [1, 2], "the repeat is counted"
        )
        self.assertEqual(
            {base64.b64decode(r.with_context(bin_size=False).raw_file) for r in kept},
            {raw("Pump broken."), raw("Pump still broken.")},
        )

    # ------------------------------------------------------------------
    # Customers answering closed tickets
    # ------------------------------------------------------------------

    def closed_ticket(self, days_ago):
        """Zoe's ticket from her first email, assigned to Bob, closed
        ``days_ago`` days ago."""
        ticket_id, _raw = self.process()
        ticket = self.Ticket.browse(ticket_id)
        ticket.user_id = self.agent_bob
        ticket.action_close()
        ticket.date_closed = ticket.date_closed - timedelta(days=days_ago)
        return ticket

    def answer(self, msg_id, body="The noise is back.", extra=""):
        result, _raw = self.process(
            subject="Re: Pump P-300 makes a noise",
            msg_id=msg_id,
            body=body,
            extra=f"In-Reply-To: <first.zoe@newco.example.com>\n{extra}",
        )
        return self.Ticket.browse(result)

    def test_answer_to_a_recently_closed_ticket_reopens_it(self):
        ticket = self.closed_ticket(days_ago=6)  # the team's window: 7 days
        target = self.answer("<back.zoe@newco.example.com>")
        self.assertEqual(target, ticket)
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.stage_id, self.stage_new, "the first open stage")
        self.assertFalse(ticket.date_closed)
        self.assertIn(
            "The noise is back.",
            ticket.message_ids.filtered(
                lambda m: m.message_id == "<back.zoe@newco.example.com>"
            ).body,
        )
        note = ticket.message_ids.filtered(lambda m: "Reopened" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertTrue(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", note.id),
                    ("res_partner_id", "=", self.agent_bob.partner_id.id),
                ]
            ),
            "the assignee is notified",
        )
        self.assertEqual(len(self.tickets_from("zoe@newco.example.com")), 1)

    def test_answer_to_a_ticket_closed_long_ago_opens_a_linked_follow_up(self):
        ticket = self.closed_ticket(days_ago=8)
        target = self.answer("<late.zoe@newco.example.com>")
        self.assertNotEqual(target, ticket)
        self.assertTrue(ticket.is_closed, "the old ticket stays closed")
        self.assertEqual(target.previous_ticket_id, ticket)
        self.assertEqual(target.partner_id, ticket.partner_id)
        self.assertEqual(target.team_id, self.team)
        self.assertEqual(target.name, ticket.name)
        self.assertFalse(target.is_closed)
        self.assertIn(
            "The noise is back.",
            target.message_ids.filtered(
                lambda m: m.message_id == "<late.zoe@newco.example.com>"
            ).body,
        )
        self.assertFalse(
            ticket.message_ids.filtered(
                lambda m: m.message_id == "<late.zoe@newco.example.com>"
            )
        )
        self.assertIn(
            target.number,
            "".join(ticket.message_ids.mapped("body")),
            "the old ticket points to its follow-up",
        )
        self.assertTrue(target.ack_pending, "the customer is told the new reference")
        # Answering the follow-up's own thread stays in the follow-up.
        again = self.answer("<again.zoe@newco.example.com>")
        self.assertEqual(again, target)

    def test_team_reopen_window_is_configurable(self):
        self.team.reopen_days = 0
        ticket = self.closed_ticket(days_ago=0)
        target = self.answer("<now.zoe@newco.example.com>")
        self.assertEqual(target.previous_ticket_id, ticket)
        self.assertTrue(ticket.is_closed)
        with self.assertRaises(ValidationError):
            self.team.reopen_days = -1

    def test_automatic_reply_to_a_closed_ticket_changes_nothing(self):
        ticket = self.closed_ticket(days_ago=1)
        for days_ago, header in (
            (1, "Auto-Submitted: auto-replied"),
            (9, "X-Autoreply: yes"),
        ):
            ticket.date_closed = fields.Datetime.now() - timedelta(days=days_ago)
            target = self.answer(f"<ooo.{days_ago}@newco.example.com>", extra=header)
            self.assertEqual(target, ticket)
            self.assertTrue(ticket.is_closed)
        self.assertEqual(len(self.tickets_from("zoe@newco.example.com")), 1)

    def test_someone_else_answering_a_closed_ticket_does_not_reopen_it(self):
        ticket = self.closed_ticket(days_ago=1)
        result, _raw = self.process(
            email_from="Dan Other <dan@contoso.example.com>",
            subject="Re: Pump P-300 makes a noise",
            msg_id="<dan.cc@contoso.example.com>",
            extra="In-Reply-To: <first.zoe@newco.example.com>",
        )
        self.assertEqual(result, ticket.id)
        self.assertTrue(ticket.is_closed)


@tagged("post_install", "-at_install", "scrm_service_mail")
class TestOversizedHeader(MailCommon, ServiceDataMixin):
    """An email with a 100 KB header (Python's email parser spends about 15 s
    on it: a way to stall the incoming-mail cron) is refused before it is
    parsed, and kept whole for the service manager with the reason. The speed
    is measured in bench/bench_service_gateway_header.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.alias_address = f"pump-support@{cls.alias_domain}"
        cls.service_manager = mail_new_test_user(
            cls.env,
            login="scrm_header_manager",
            groups="base.group_user,scrm_service.group_service_manager",
        )

    def _raw(self, extra_headers, msg_id):
        return (
            "From: Zoe Newcomer <zoe@newco.example.com>\r\n"
            f"To: {self.alias_address}\r\n"
            "Subject: Pump P-300 makes a noise\r\n"
            f"Message-ID: {msg_id}\r\n"
            f"{extra_headers}"
            "\r\n"
            "Hello, since Monday our pump makes a loud noise.\r\n"
        ).encode()

    def _process(self, raw):
        tickets_before = self.Ticket.search_count([])
        with self.mock_mail_gateway():
            result = self.env["mail.thread"].message_process(False, raw)
        self.assertFalse(result)
        self.assertEqual(self.Ticket.search_count([]), tickets_before, "no ticket")

    def _kept(self, msg_id):
        rejected = (
            self.env["scrm.rejected.email"]
            .with_user(self.service_manager)
            .search([("message_id", "=", msg_id)])
        )
        self.assertEqual(len(rejected), 1, "the service manager finds it")
        return rejected

    def test_one_header_field_of_100_kb_is_refused_and_kept(self):
        cc = ", ".join(f"user{i}@spam.example.com" for i in range(4_500))
        raw = self._raw(f"Cc: {cc}\r\n", "<huge.cc@newco.example.com>")
        self.assertGreater(len(raw), 100_000)
        self._process(raw)
        rejected = self._kept("<huge.cc@newco.example.com>")
        self.assertIn("“Cc”", rejected.reason)
        self.assertIn("16 KB", rejected.reason)
        self.assertEqual(rejected.email_from, "Zoe Newcomer <zoe@newco.example.com>")
        self.assertEqual(rejected.subject, "Pump P-300 makes a noise")
        self.assertEqual(rejected.state, "new")
        self.assertEqual(
            base64.b64decode(rejected.with_context(bin_size=False).raw_file),
            raw,
            "nothing is lost: the email byte for byte",
        )

    def test_header_block_of_100_kb_is_refused_and_kept(self):
        spam = "".join(f"X-Filler-{i}: {'x' * 40}\r\n" for i in range(2_000))
        raw = self._raw(spam, "<huge.block@newco.example.com>")
        self._process(raw)
        rejected = self._kept("<huge.block@newco.example.com>")
        self.assertIn("header of this email is over", rejected.reason)
        self.assertIn("64 KB", rejected.reason)

    def test_the_same_huge_email_delivered_twice_is_kept_once(self):
        cc = ", ".join(f"user{i}@spam.example.com" for i in range(4_500))
        raw = self._raw(f"Cc: {cc}\r\n", "<huge.twice@newco.example.com>")
        self._process(raw)
        self._process(raw)
        self.assertEqual(self._kept("<huge.twice@newco.example.com>").delivery_count, 2)

    def test_reason_is_in_the_managers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        cc = ", ".join(f"user{i}@spam.example.com" for i in range(4_500))
        raw = self._raw(f"Cc: {cc}\r\n", "<huge.zh@newco.example.com>")
        with self.mock_mail_gateway():
            self.env["mail.thread"].with_context(lang="zh_CN").message_process(
                False, raw
            )
        self.assertIn("邮件头", self._kept("<huge.zh@newco.example.com>").reason)

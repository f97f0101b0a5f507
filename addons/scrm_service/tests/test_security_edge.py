import json
import re

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_portal import PortalCase

DEEP_JSON = ("[" * 5000 + "]" * 5000).join(['{"call_id": "c", "x": ', "}"])


@tagged("post_install", "-at_install", "scrm_service_security")
class TestBadInputAtTheEdge(PortalCase):
    """Public, portal and phone-system routes answer bad input with a 400 and
    a message, never a traceback, and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration = cls.env["scrm.service.integration"].create(
            {"name": "Office PBX", "country_id": cls.env.ref("base.be").id}
        )
        cls.key = cls.integration._scrm_generate_key()

    def assertBadRequest(self, response, text=None):
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertNotIn("Traceback", response.text)
        if text:
            self.assertIn(text, response.text)

    def test_public_routes(self):
        self.assertBadRequest(self.url_open("/help?search=%00a"), "NUL character")
        self.assertBadRequest(self.url_open("/help/99999999999"), "unknown record")
        self.assertBadRequest(self.url_open("/service/kb/suggest?q=%00"))
        self.assertBadRequest(self.url_open("/help?search=" + "x" * 300))
        self.assertBadRequest(self.url_open("/my/tickets/99999999999"))
        # A good request still works.
        self.assertEqual(self.url_open("/help?search=P-200").status_code, 200)

    def test_portal_routes(self):
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf("/my/tickets/new")
        before = self.Ticket.search_count([])
        for data in (
            {"subject": "Pump\x00"},
            {"subject": "Ok", "category_id": "99999999999999999999"},
            {"subject": "x" * 100000},
            {"subject": "Ok", "description": "y" * 100000},
        ):
            with self.subTest(data={k: v[:20] for k, v in data.items()}):
                response = self.url_open(
                    "/my/tickets/submit", data={"csrf_token": token, **data}
                )
                self.assertBadRequest(response)
        self.assertEqual(self.Ticket.search_count([]), before)
        self.assertBadRequest(self.url_open("/my/tickets?filterby=%00"))
        self.assertBadRequest(self.url_open("/my/tickets/page/99999999999"))

    def cti(self, route, raw):
        return self.url_open(
            f"/scrm_service/cti/{route}",
            data=raw,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
            },
        )

    def test_cti_routes(self):
        logs = self.env["scrm.call.log"].search_count([])
        for payload, message in (
            ({"call_id": "c" * 5000, "number": "+32470123456"}, "call_id: at most"),
            ({"call_id": "c1", "number": "1", "direction": ["in"]}, "direction"),
            ({"call_id": "c1", "number": "1", "notes": "n" * 5000}, "notes"),
            ({"call_id": "c1", "number": "1", "agent_login": {"a": 1}}, "text"),
        ):
            with self.subTest(payload=str(payload)[:60]):
                response = self.cti("call_end", json.dumps(payload))
                self.assertEqual(response.status_code, 400)
                if message:
                    self.assertIn(message, response.json()["error"])
        for raw in (DEEP_JSON, "[1]", "{", '{"number": ' + "[" * 20 + "]" * 20 + "}"):
            with self.subTest(raw=raw[:30]):
                self.assertEqual(self.cti("call_end", raw).status_code, 400)
                self.assertEqual(self.cti("incoming", raw).status_code, 400)
        self.assertEqual(self.env["scrm.call.log"].search_count([]), logs)
        # NUL bytes in a text are dropped, never sent to PostgreSQL.
        payload = {"call_id": "c1\x00", "number": "+3247012\x003456", "notes": "a\x00b"}
        response = self.cti("call_end", json.dumps(payload))
        self.assertEqual(response.status_code, 200)
        log = self.env["scrm.call.log"].browse(response.json()["call_log_id"])
        self.assertEqual((log.external_call_id, log.notes), ("c1", "ab"))


@tagged("post_install", "-at_install", "scrm_service_security")
class TestReferralIdentity(PortalCase):
    """Issue 11, item 1: a referral never joins an existing customer."""

    def refer(self, email, name="Someone Else", subject="Installed pump trips"):
        self.authenticate("portal_reseller", "portal_reseller")
        token = self.csrf("/my/tickets/new")
        return self.url_open(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": subject,
                "on_behalf": "1",
                "customer_name": name,
                "customer_email": email,
            },
        )

    def test_referral_to_an_existing_address_reads_nothing_of_that_customer(self):
        response = self.refer("carla@fabrikam.example.com")
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("referrer_partner_id", "=", self.reseller.id)])
        self.assertEqual(len(ticket), 1)
        self.assertNotEqual(ticket.partner_id, self.carla)
        self.assertNotEqual(ticket.commercial_partner_id, self.fabrikam)
        # What the referrer reads over JSON-RPC is what they typed.
        values = ticket.with_user(self.portal_reseller).read(
            ["partner_id", "commercial_partner_id"]
        )[0]
        self.assertEqual(values["partner_id"][1], "Someone Else")
        self.assertNotIn("Fabrikam", str(values))
        # The ticket does not appear on the real customer's portal.
        self.authenticate("portal_carla", "portal_carla")
        self.assertNotIn(ticket.number, self.url_open("/my/tickets?filterby=all").text)
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_carla).read(["name"])

    def test_second_referral_reuses_the_referrers_own_contact(self):
        self.refer("gina@endcustomer.example.com", name="Gina")
        self.refer("gina@endcustomer.example.com", name="Gina", subject="Other")
        tickets = self.Ticket.search([("referrer_partner_id", "=", self.reseller.id)])
        self.assertEqual(len(tickets), 2)
        self.assertEqual(len(tickets.partner_id), 1)

    def test_portal_submissions_are_limited_per_hour(self):
        for i in range(10):
            self.assertEqual(
                self.refer(f"c{i}@endcustomer.example.com").status_code, 200
            )
        response = self.refer("c99@endcustomer.example.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(
            self.env["res.partner"].search(
                [("email", "=", "c99@endcustomer.example.com")]
            )
        )


@tagged("post_install", "-at_install", "scrm_service_security")
class TestPublicFormIdentity(PortalCase):
    """Issue 11, items 3 and 4: the public form never posts in an existing
    contact's name without their mailbox's confirmation, and builds addresses
    with Odoo's helpers."""

    def submit(self, **values):
        data = {
            "name": "Hugo Visitor",
            "email": "hugo@visitor.example.com",
            "subject": "Quote for a P-300",
            "description": "How much is a P-300?",
            **values,
            "csrf_token": self.csrf("/service/request"),
        }
        return self.url_open("/service/request/submit", data=data)

    def confirmation_link(self, email):
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", email)], order="id desc", limit=1
        )
        self.assertTrue(mail, "a confirmation email is sent to the address")
        return re.search(
            r'href="[^"]*(/service/request/confirm/[^"]+)"', mail.body_html
        )

    def test_existing_contact_must_confirm_from_their_mailbox(self):
        ticket = self._ticket(self.carla)
        messages = len(ticket.message_ids)
        response = self.submit(
            email="carla@fabrikam.example.com",
            subject="Re: Pump P-200 leaks",
            description="Injected text",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("open the link", response.text)
        self.assertEqual(len(ticket.message_ids), messages)
        self.assertEqual(ticket.followup_count, 0)
        link = self.confirmation_link("carla@fabrikam.example.com")
        # A forged or altered link does nothing.
        request_id = int(link.group(1).split("/")[4])
        forged = f"/service/request/confirm/{request_id}/abc"
        self.assertEqual(self.url_open(forged).status_code, 404)
        self.assertEqual(ticket.followup_count, 0)
        # The owner of the mailbox confirms: now it joins their ticket, once.
        self.assertEqual(self.url_open(link.group(1)).status_code, 200)
        self.assertEqual(ticket.followup_count, 1)
        self.assertIn("Injected text", "".join(ticket.message_ids.mapped("body")))
        self.url_open(link.group(1))
        self.assertEqual(ticket.followup_count, 1)

    def test_employee_address_is_never_the_author(self):
        employee = self.agent_bob
        ticket = self._ticket(employee.partner_id, name="Printer jam")
        self.submit(email=employee.email, subject="Printer jam", description="Hi")
        link = self.confirmation_link(employee.email)
        self.url_open(link.group(1))
        self.assertEqual(ticket.followup_count, 0)
        self.assertFalse(ticket.date_first_response)
        opened = self.Ticket.search([("partner_email", "=", employee.email)]) - ticket
        self.assertEqual(len(opened), 1)
        self.assertNotEqual(opened.partner_id, employee.partner_id)
        self.assertFalse(opened.partner_id.user_ids)
        self.assertFalse(opened.date_first_response)

    def test_name_cannot_smuggle_an_address(self):
        name = 'X <victim@example.org>, "Q"'
        for i in range(3):
            self.assertEqual(
                self.submit(name=name, subject=f"Question {i}").status_code, 200
            )
            if i:  # a known address from the second request on: confirmed
                self.url_open(self.confirmation_link("hugo@visitor").group(1))
        self.assertFalse(
            self.env["res.partner"].search(
                [("email_normalized", "=", "victim@example.org")]
            )
        )
        ticket = self.Ticket.search(
            [("partner_email", "=", "hugo@visitor.example.com")]
        )
        self.assertEqual(len(ticket), 3)
        self.assertEqual(ticket.partner_id.name, name, "quotes are kept as typed")
        # The limit counts the normalised address, whatever the name says.
        response = self.submit(name="Other", email="HUGO@visitor.example.com")
        self.assertEqual(response.status_code, 429)
        for email in (
            "X <victim@example.org>",
            "a@b.org, c@d.org",
            "a@b.org\r\nBcc: c",
        ):
            with self.subTest(email=email):
                self.assertEqual(self.submit(email=email).status_code, 400)

    def test_rate_limit_per_client(self):
        for i in range(20):
            self.submit(email=f"v{i}@visitor.example.com", subject=f"Q{i}")
        response = self.submit(email="v99@visitor.example.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(
            self.Ticket.search([("partner_email", "=", "v99@visitor.example.com")])
        )


@tagged("post_install", "-at_install", "scrm_service_security")
class TestGatewayEntryPoints(PortalCase):
    """Issue 11, items 2 and 6: the mail gateway's entry points are the
    gateway's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Second Pumps"})
        cls.shared = cls.env["res.partner"].create(
            {"name": "Shared Sam", "email": "sam@shared.example.com"}
        )
        cls.ticket_2 = cls.Ticket.create(
            {
                "name": "Valve sticks",
                "partner_id": cls.shared.id,
                "company_id": cls.company_2.id,
                "team_id": False,
            }
        )

    def test_agent_cannot_reach_another_companys_ticket(self):
        messages = len(self.ticket_2.message_ids)
        Ticket = self.Ticket.with_user(self.agent_bob)
        msg = {
            "email_from": "sam@shared.example.com",
            "subject": "Valve sticks",
            "body": "<p>note</p>",
            "author_id": self.shared.id,
        }
        with self.assertRaises(AccessError):
            Ticket.message_new(dict(msg), {"company_id": self.company_2.id})
        # Without naming the company: the follow-up is looked for in the
        # agent's companies only, and a new ticket opens there.
        ticket = Ticket.message_new(dict(msg))
        self.assertNotEqual(ticket, self.ticket_2)
        self.assertEqual(ticket.company_id, self.env.company)
        with self.assertRaises(AccessError):
            self.ticket_2.with_user(self.agent_bob).message_update(dict(msg))
        self.assertEqual(len(self.ticket_2.message_ids), messages)
        self.assertEqual(self.ticket_2.followup_count, 0)

    def test_only_the_gateway_processes_email(self):
        raw = (
            "From: nobody\r\nTo: pump-support@example.com\r\nSubject: x\r\n\r\n"
            + "y" * 100000
        )
        rejected = self.env["scrm.rejected.email"].search_count([])
        for user in (self.portal_carla, self.agent_bob):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).message_process(
                    "scrm.ticket", raw
                )
        self.assertEqual(self.env["scrm.rejected.email"].search_count([]), rejected)


@tagged("post_install", "-at_install", "scrm_service_security")
class TestUploads(PortalCase):
    """Issue 11, item 5: HTML and SVG uploads are stored as text."""

    def test_reply_files_are_stored_as_text(self):
        ticket = self._ticket(self.carla)
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf(f"/my/tickets/{ticket.id}")
        files = [
            ("attachments", ("x.html", b"<script>alert(1)</script>", "text/html")),
            ("attachments", ("x.svg", b"<svg onload='alert(1)'/>", "image/svg+xml")),
        ]
        response = self.url_open(
            f"/my/tickets/{ticket.id}/reply",
            data={"csrf_token": token, "body": "See files"},
            files=files,
        )
        self.assertEqual(response.status_code, 200)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "scrm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["x.html", "x.svg"])
        self.assertEqual(set(attachments.mapped("mimetype")), {"text/plain"})

    @mute_logger("odoo.http")
    def test_too_many_files_are_refused(self):
        ticket = self._ticket(self.carla)
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf(f"/my/tickets/{ticket.id}")
        files = [("attachments", (f"f{i}.txt", b"x", "text/plain")) for i in range(11)]
        messages = len(ticket.message_ids)
        response = self.url_open(
            f"/my/tickets/{ticket.id}/reply",
            data={"csrf_token": token, "body": "Many files"},
            files=files,
        )
        self.assertIn("at most 10 files", response.text)
        self.assertEqual(len(ticket.message_ids), messages)

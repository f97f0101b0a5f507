import re
from datetime import timedelta

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ServiceDataMixin


class PortalCase(HttpCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        Article = cls.env["scrm.kb.article"]
        cls.article_public = Article.create(
            {
                "name": "Resetting the P-200 controller",
                "body": "<p>Hold the reset button for ten seconds.</p>",
                "is_published": True,
                "visibility": "public",
            }
        )
        cls.article_portal = Article.create(
            {
                "name": "P-200 warranty terms for customers",
                "body": "<p>Two years.</p>",
                "is_published": True,
                "visibility": "portal",
            }
        )
        cls.article_draft = Article.create(
            {"name": "P-200 internal draft", "is_published": False}
        )

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@tagged("post_install", "-at_install", "scrm_service_portal")
class TestPortalTickets(PortalCase):
    def test_tour_submit_with_suggestions_reply_close_rate(self):
        self.start_tour(
            "/my/tickets", "scrm_service_portal_ticket", login="portal_carla"
        )
        ticket = self.Ticket.search([("partner_id", "=", self.carla.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "P-200 controller reset")
        self.assertEqual(ticket.channel_id.code, "portal")
        self.assertTrue(ticket.is_closed)
        reply = ticket.message_ids.filtered(lambda m: "SN-4711" in (m.body or ""))
        self.assertEqual(reply.author_id, self.carla)
        rating = ticket.rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.partner_id, self.carla)
        self.authenticate("portal_carla", "portal_carla")
        page = self.url_open(f"/my/tickets/{ticket.id}").text
        self.assertIn("You rated this request: Satisfied.", page)

    def test_reply_with_attachment_reopens_a_waiting_ticket(self):
        ticket = self._ticket(self.carla, stage_id=self.stage_waiting.id)
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf(f"/my/tickets/{ticket.id}")
        response = self.url_open(
            f"/my/tickets/{ticket.id}/reply",
            data={"csrf_token": token, "body": "Log file attached"},
            files={"attachments": ("pump.log", b"E42 overpressure", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        message = ticket.message_ids.filtered(
            lambda m: "Log file attached" in (m.body or "")
        )
        self.assertEqual(message.attachment_ids.name, "pump.log")
        self.assertEqual(message.attachment_ids.raw, b"E42 overpressure")
        self.assertFalse(ticket.is_waiting, "the customer answered: clock restarts")

    def reply_to_closed(self, days_ago):
        ticket = self._ticket(self.carla, user_id=self.agent_bob.id)
        ticket.action_close()
        ticket.date_closed = ticket.date_closed - timedelta(days=days_ago)
        self.authenticate("portal_carla", "portal_carla")
        page = self.url_open(f"/my/tickets/{ticket.id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/my/tickets/{ticket.id}/reply",
            data={"csrf_token": token, "body": "It leaks again"},
            files={"attachments": ("leak.jpg", b"photo", "image/jpeg")},
        )
        self.assertEqual(response.status_code, 200)
        return ticket, page, response

    def test_reply_to_a_recently_closed_ticket_reopens_it(self):
        ticket, page, response = self.reply_to_closed(days_ago=2)
        self.assertIn("your message reopens it", page.text)
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertIn("Your message was sent.", response.text)
        message = ticket.message_ids.filtered(
            lambda m: "It leaks again" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.carla)
        self.assertEqual(message.attachment_ids.raw, b"photo")
        note = ticket.message_ids.filtered(lambda m: "Reopened" in (m.body or ""))
        self.assertIn(self.agent_bob.partner_id, note.notification_ids.res_partner_id)

    def test_reply_to_a_ticket_closed_long_ago_continues_in_a_new_ticket(self):
        ticket, page, response = self.reply_to_closed(days_ago=30)
        self.assertIn("opens a new request that continues it", page.text)
        self.assertTrue(ticket.is_closed)
        follow_up = self.Ticket.search([("previous_ticket_id", "=", ticket.id)])
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.partner_id, self.carla)
        self.assertEqual(follow_up.channel_id.code, "portal")
        self.assertIn(f"continues it in request {follow_up.number}", response.text)
        message = follow_up.message_ids.filtered(
            lambda m: "It leaks again" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.carla)
        self.assertEqual(message.attachment_ids.raw, b"photo")
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: "It leaks again" in (m.body or ""))
        )

    def test_submit_with_attachment_and_follow_up(self):
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf("/my/tickets/new")
        response = self.url_open(
            "/my/tickets/submit",
            data={"csrf_token": token, "subject": "Noisy pump", "description": "Hums"},
            files={"attachments": ("noise.txt", b"hmmm", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("partner_id", "=", self.carla.id)])
        self.assertEqual(ticket.channel_id.code, "portal")
        self.assertEqual(ticket.message_ids.attachment_ids.raw, b"hmmm")
        self.assertIn("noise.txt", response.text, "the customer sees the file")
        # The same subject again joins the open ticket.
        response = self.url_open(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": "RE: noisy pump",
                "description": "Louder",
            },
        )
        self.assertIn("added to your open request", response.text)
        self.assertEqual(
            self.Ticket.search([("partner_id", "=", self.carla.id)]), ticket
        )
        self.assertEqual(ticket.followup_count, 1)

    def test_submit_with_a_file_too_large_creates_nothing(self):
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf("/my/tickets/new")
        before = self.Ticket.search_count([])
        response = self.url_open(
            "/my/tickets/submit",
            data={"csrf_token": token, "subject": "Big log", "description": "See"},
            files={
                "attachments": (
                    "pump.log",
                    b"x" * (10 * 1024 * 1024 + 1),
                    "text/plain",
                )
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is larger than 10 MB", response.text)
        self.assertEqual(self.Ticket.search_count([]), before)
        # What the customer typed is kept for them to send again.
        self.assertIn('value="Big log"', response.text)
        self.assertIn(">See</textarea>", response.text)

    def test_empty_reply_changes_nothing(self):
        ticket = self._ticket(self.carla)
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf(f"/my/tickets/{ticket.id}")
        count = len(ticket.message_ids)
        response = self.url_open(
            f"/my/tickets/{ticket.id}/reply", data={"csrf_token": token, "body": "  "}
        )
        self.assertIn("Write a message", response.text)
        self.assertEqual(len(ticket.message_ids), count)

    def test_other_customer_ids_are_refused_on_every_route(self):
        ticket = self._ticket(self.carla, stage_id=self.stage_solved.id)
        open_ticket = self._ticket(self.carla, name="Open one")
        messages_before = self.env["mail.message"].search_count(
            [
                ("model", "=", "scrm.ticket"),
                ("res_id", "in", (ticket | open_ticket).ids),
            ]
        )
        self.authenticate("portal_dan", "portal_dan")
        token = self.csrf("/my/tickets/new")
        listing = self.url_open("/my/tickets?filterby=all").text
        self.assertNotIn(ticket.number, listing)
        for target in (ticket, open_ticket):
            response = self.url_open(f"/my/tickets/{target.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(target.name, response.text)
            for action, data in (
                ("reply", {"body": "I am Dan"}),
                ("close", {}),
                ("reopen", {}),
                ("rate", {"rating": "1"}),
            ):
                with self.subTest(ticket=target.name, action=action):
                    response = self.url_open(
                        f"/my/tickets/{target.id}/{action}",
                        data={"csrf_token": token, **data},
                    )
                    self.assertEqual(response.status_code, 404)
        self.assertTrue(ticket.is_closed)
        self.assertFalse(open_ticket.is_closed)
        self.assertFalse(ticket.rating_ids.filtered("consumed"))
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "scrm.ticket"),
                    ("res_id", "in", (ticket | open_ticket).ids),
                ]
            ),
            messages_before,
        )
        # Unknown ids answer the same.
        self.assertEqual(self.url_open("/my/tickets/99999999").status_code, 404)

    def test_anonymous_visitor_reads_no_ticket(self):
        ticket = self._ticket(self.carla)
        response = self.url_open(f"/my/tickets/{ticket.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(ticket.name, response.text)
        response = self.url_open("/my/tickets", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_access_token_opens_the_ticket_read_only(self):
        ticket = self._ticket(self.carla)
        token = ticket._portal_ensure_token()
        response = self.url_open(f"/my/tickets/{ticket.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ticket.name, response.text)
        wrong = self.url_open(f"/my/tickets/{ticket.id}?access_token=wrong")
        self.assertEqual(wrong.status_code, 404)

    def test_referrer_opens_ticket_for_their_customer_and_sees_only_those(self):
        carla_ticket = self._ticket(self.carla)
        self.authenticate("portal_reseller", "portal_reseller")
        token = self.csrf("/my/tickets/new")
        response = self.url_open(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": "Installed pump trips the breaker",
                "description": "Installed last week at our customer's site.",
                "on_behalf": "1",
                "customer_name": "Gina Endcustomer",
                "customer_email": "gina@endcustomer.example.com",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("referrer_partner_id", "=", self.reseller.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id.email, "gina@endcustomer.example.com")
        self.assertEqual(ticket.partner_id.name, "Gina Endcustomer")
        self.assertEqual(ticket.channel_id.code, "partner_referral")
        listing = self.url_open("/my/tickets?filterby=referred").text
        self.assertIn(ticket.number, listing)
        self.assertNotIn(carla_ticket.number, listing)
        self.assertEqual(
            self.url_open(f"/my/tickets/{carla_ticket.id}").status_code, 404
        )

    def test_referrer_cannot_join_or_follow_another_ticket_of_the_customer(self):
        carla_ticket = self._ticket(self.carla)
        carla_name = self.carla.name
        messages = len(carla_ticket.message_ids)
        self.authenticate("portal_reseller", "portal_reseller")
        token = self.csrf("/my/tickets/new")
        response = self.url_open(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": "Re: Pump P-200 leaks",
                "description": "Let me read along.",
                "on_behalf": "1",
                "customer_name": "Someone Else",
                "customer_email": "carla@fabrikam.example.com",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(carla_ticket.number, response.text)
        self.assertEqual(carla_ticket.followup_count, 0)
        self.assertEqual(len(carla_ticket.message_ids), messages)
        self.assertNotIn(
            self.portal_reseller.partner_id, carla_ticket.message_partner_ids
        )
        self.assertEqual(self.carla.name, carla_name, "an existing contact is kept")
        referred = self.Ticket.search([("referrer_partner_id", "=", self.reseller.id)])
        self.assertEqual(len(referred), 1)
        self.assertNotEqual(referred, carla_ticket)
        # A referral never joins an existing customer's identity (issue 11).
        self.assertNotEqual(referred.partner_id, self.carla)
        self.assertEqual(referred.partner_id.email, "carla@fabrikam.example.com")
        # A second contact by the referrer joins the ticket they referred.
        self.url_open(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": "Pump P-200 leaks",
                "on_behalf": "1",
                "customer_email": "carla@fabrikam.example.com",
            },
        )
        self.assertEqual(referred.followup_count, 1)
        self.assertEqual(carla_ticket.followup_count, 0)

    def test_submit_without_subject_or_with_unknown_category_changes_nothing(self):
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf("/my/tickets/new")
        before = self.Ticket.search_count([])
        for data in (
            {"subject": " "},
            {"subject": "Ok", "category_id": "abc"},
            {"subject": "Ok", "category_id": "99999999"},
            {"subject": "Ok", "on_behalf": "1", "customer_email": "not-an-email"},
        ):
            with self.subTest(data=data):
                response = self.url_open(
                    "/my/tickets/submit", data={"csrf_token": token, **data}
                )
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.Ticket.search_count([]), before)

    def test_kb_suggestions_respect_visibility(self):
        response = self.url_open("/service/kb/suggest?q=P-200")
        titles = [a["title"] for a in response.json()]
        self.assertEqual(titles, ["Resetting the P-200 controller"])
        self.authenticate("portal_carla", "portal_carla")
        response = self.url_open("/service/kb/suggest?q=P-200")
        titles = sorted(a["title"] for a in response.json())
        self.assertEqual(
            titles,
            ["P-200 warranty terms for customers", "Resetting the P-200 controller"],
        )
        self.assertEqual(self.url_open("/service/kb/suggest?q=ab").json(), [])

    def test_kb_vote_and_search(self):
        self.authenticate("portal_carla", "portal_carla")
        token = self.csrf(f"/help/{self.article_public.id}")
        self.url_open(
            f"/help/{self.article_public.id}/vote",
            data={"csrf_token": token, "helpful": "1"},
        )
        self.url_open(
            f"/help/{self.article_public.id}/vote",
            data={"csrf_token": token, "helpful": "0"},
        )
        self.assertEqual(self.article_public.helpful_count, 0, "a vote is replaced")
        self.assertEqual(self.article_public.not_helpful_count, 1)
        page = self.url_open("/help?search=warranty").text
        self.assertIn("P-200 warranty terms", page)
        self.assertEqual(
            self.url_open(f"/help/{self.article_draft.id}").status_code, 404
        )


@tagged("post_install", "-at_install", "scrm_service_portal")
class TestPublicForm(PortalCase):
    def submit(self, token=None, **values):
        data = {
            "name": "Hugo Visitor",
            "email": "hugo@visitor.example.com",
            "subject": "Quote for a P-300",
            "description": "How much is a P-300?",
            **values,
        }
        if token is not False:
            data["csrf_token"] = token or self.csrf("/service/request")
        return self.url_open("/service/request/submit", data=data)

    def confirm_last(self, email):
        """Open the confirmation link last sent to ``email``, as its owner."""
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", email)], order="id desc", limit=1
        )
        link = re.search(
            r'href="[^"]*(/service/request/confirm/[^"]+)"', mail.body_html
        )
        return self.url_open(link.group(1))

    def tickets_of(self, email):
        return self.Ticket.search([("partner_email", "ilike", email)])

    def test_visitor_gets_a_reference_and_a_contact(self):
        response = self.submit()
        self.assertEqual(response.status_code, 200)
        ticket = self.tickets_of("hugo@visitor.example.com")
        self.assertEqual(len(ticket), 1)
        self.assertIn(ticket.number, response.text)
        self.assertEqual(ticket.channel_id.code, "web_form")
        self.assertEqual(ticket.partner_id.name, "Hugo Visitor")
        self.assertEqual(ticket.partner_id.email_normalized, "hugo@visitor.example.com")

    def test_known_contact_is_matched(self):
        partners = self.env["res.partner"].search_count([])
        self.submit(email="Carla@Fabrikam.example.com", subject="A new question")
        self.assertFalse(self.tickets_of("carla@fabrikam.example.com"))
        self.confirm_last("carla@fabrikam.example.com")
        ticket = self.tickets_of("carla@fabrikam.example.com")
        self.assertEqual(ticket.partner_id, self.carla)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        response = self.submit(token=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.tickets_of("hugo@visitor.example.com"))

    def test_honeypot_creates_nothing(self):
        response = self.submit(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.tickets_of("hugo@visitor.example.com"))
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "hugo@visitor.example.com")])
        )

    def test_rate_limit_per_address(self):
        for i in range(3):
            self.assertEqual(self.submit(subject=f"Question {i}").status_code, 200)
            if i:  # the address is a contact now: its mailbox confirms
                self.confirm_last("hugo@visitor.example.com")
        response = self.submit(subject="Question 4")
        self.assertEqual(response.status_code, 429)
        self.assertIn("several requests", response.text)
        self.assertEqual(len(self.tickets_of("hugo@visitor.example.com")), 3)
        # Another address is not limited.
        self.assertEqual(self.submit(email="ida@visitor.example.com").status_code, 200)

    def test_rate_limit_counts_requests_that_join_an_open_ticket(self):
        for i in range(3):
            self.assertEqual(self.submit(subject="Same question").status_code, 200)
            if i:
                self.confirm_last("hugo@visitor.example.com")
        ticket = self.tickets_of("hugo@visitor.example.com")
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.followup_count, 2)
        timeline = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(timeline.channel_id.mapped("code"), ["web_form"])
        self.assertEqual(len(timeline), 3, "every contact is on the timeline")
        messages = len(ticket.message_ids)
        response = self.submit(subject="Same question")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(ticket.followup_count, 2)
        self.assertEqual(len(ticket.message_ids), messages)

    def test_invalid_input_is_refused(self):
        before = self.Ticket.search_count([])
        partners = self.env["res.partner"].search_count([])
        for values in ({"email": "nope"}, {"subject": " "}, {"name": ""}):
            with self.subTest(values=values):
                response = self.submit(**values)
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.Ticket.search_count([]), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_follow_up_joins_the_open_ticket_without_revealing_it(self):
        ticket = self._ticket(self.carla)
        response = self.submit(
            email="carla@fabrikam.example.com",
            subject="Re: Pump P-200 leaks",
            description="Still leaking this morning.",
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(ticket.number, response.text)
        response = self.confirm_last("carla@fabrikam.example.com")
        self.assertNotIn(ticket.number, response.text)
        self.assertEqual(len(self.tickets_of("carla@fabrikam.example.com")), 1)
        self.assertEqual(ticket.followup_count, 1)
        self.assertIn(
            "Still leaking this morning.", "".join(ticket.message_ids.mapped("body"))
        )


@tagged("post_install", "-at_install", "scrm_service_portal")
class TestPortalQueries(PortalCase):
    def test_ticket_list_queries_do_not_grow_with_tickets(self):
        def open_list():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            response = self.url_open("/my/tickets?filterby=all")
            self.assertEqual(response.status_code, 200)
            return self.env.cr.sql_log_count - before

        self.authenticate("portal_carla", "portal_carla")
        self.Ticket.create(
            [
                {
                    "name": f"Old {i}",
                    "partner_id": self.carla.id,
                    "team_id": self.team.id,
                }
                for i in range(20)
            ]
        )
        open_list()  # warm-up: templates and assets
        with_20 = open_list()
        self.Ticket.create(
            [
                {
                    "name": f"Old {i}",
                    "partner_id": self.carla.id,
                    "team_id": self.team.id,
                }
                for i in range(1980)
            ]
        )
        open_list()  # the same warm-up: caches cleared by the creations
        with_2000 = open_list()
        self.assertEqual(with_2000, with_20)

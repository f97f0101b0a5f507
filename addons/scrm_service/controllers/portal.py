from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.scrm_base.tools.rate_limit import held
from odoo.addons.scrm_base.tools.uploads import guarded_post, read_uploads
from odoo.addons.scrm_base.tools.validation import (
    LINE_SIZE,
    TEXT_SIZE,
    InputCheck,
    InputError,
    guard,
)

TICKETS_PER_PAGE = 20
# Requests one address may send through the public form per hour.
PUBLIC_FORM_LIMIT = 3
# Requests one client (network address) may send per hour, whatever the email.
PUBLIC_CLIENT_LIMIT = 20
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
RATINGS = {"5": 5, "3": 3, "1": 1}
FILTERS = ("open", "closed", "referred", "all")
# What one portal user may open in an hour: tickets, referred contacts, and
# messages on tickets (each a notification to the team).
PORTAL_TICKET_LIMIT = 10
PORTAL_MESSAGE_LIMIT = 30


class ScrmServicePortal(CustomerPortal):
    """/my/tickets for customers (and partners who refer their customers), the
    public request form, and knowledge-base suggestions."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "scrm_ticket_count" in counters:
            Ticket = request.env["scrm.ticket"]
            values["scrm_ticket_count"] = (
                Ticket.search_count([]) if Ticket.has_access("read") else 0
            )
        return values

    def _scrm_ticket_sudo(self, ticket_id, access_token=None):
        """The ticket the visitor may see, sudo'd; raises MissingError or
        AccessError otherwise (the routes answer 404)."""
        return self._document_check_access("scrm.ticket", ticket_id, access_token)

    def _scrm_category_domain(self):
        """Categories a customer may choose: shared ones and their company's."""
        return [("company_id", "in", [False, request.env.user.company_id.id])]

    def _scrm_not_found(self):
        return request.render("http_routing.404", status=404)

    def _scrm_attachments(self, files):
        """(name, content) of uploaded files, for ``message_post(attachments=
        ...)`` through ``scrm_base``'s guarded upload; raises InputError with a
        translated message on a file too large."""
        return read_uploads(request.env, files, max_size=MAX_ATTACHMENT_SIZE)

    def _scrm_rate_limited(self):
        """True when the logged-in user opened or wrote more in the last hour
        than a person does: each ticket notifies the team, each referral
        creates a contact. Counted under the user's lock, held until the
        request ends (``scrm_base.tools.rate_limit``): two requests at once
        count one after the other."""
        user = request.env.user
        since = fields.Datetime.now() - timedelta(hours=1)
        with held(request.env, "scrm_service.portal", user.id) as fresh:
            env_sudo = fresh(su=True)
            tickets = (
                env_sudo["scrm.ticket"]
                .with_context(active_test=False)
                .search_count(
                    [("create_uid", "=", user.id), ("create_date", ">=", since)],
                    limit=PORTAL_TICKET_LIMIT,
                )
            )
            contacts = (
                env_sudo["res.partner"]
                .with_context(active_test=False)
                .search_count(
                    [("create_uid", "=", user.id), ("create_date", ">=", since)],
                    limit=PORTAL_TICKET_LIMIT,
                )
            )
            messages = env_sudo["mail.message"].search_count(
                [
                    ("model", "=", "scrm.ticket"),
                    ("author_id", "=", user.partner_id.id),
                    ("message_type", "=", "comment"),
                    ("create_date", ">=", since),
                ],
                limit=PORTAL_MESSAGE_LIMIT,
            )
        return (
            tickets >= PORTAL_TICKET_LIMIT
            or contacts >= PORTAL_TICKET_LIMIT
            or messages >= PORTAL_MESSAGE_LIMIT
        )

    def _scrm_rate_limit_message(self):
        return request.env._(
            "You already sent many requests and messages in the last hour: we will "
            "answer them first. Please try again later."
        )

    def _scrm_post_customer_message(self, ticket_sudo, body, files=()):
        """Post the visitor's message; returns the ticket it was posted on (a
        follow-up when the ticket was closed too long ago to reopen)."""
        attachments = self._scrm_attachments(files)
        return ticket_sudo._scrm_customer_answer(
            plaintext2html(body), request.env.user.partner_id, attachments
        )

    def _scrm_ticket_page(self, ticket_sudo, **extra):
        messages = ticket_sudo.message_ids.filtered(
            lambda m: (
                m.message_type in ("comment", "email")
                and not m.is_internal
                and not m.subtype_id.internal
            )
        )
        own_rating = ticket_sudo._scrm_rating_of_closing(request.env.user.partner_id)
        rating = own_rating or ticket_sudo.rating_ids.filtered("consumed")[:1]
        # The label the customer reads ("Satisfied"), translated, not the code.
        rating_labels = dict(
            rating._fields["rating_text"]._description_selection(request.env)
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_ticket",
                "ticket": ticket_sudo,
                "messages": messages.sorted("id"),
                # Rate this closing, or change one's rating within the window.
                "can_rate": ticket_sudo.is_closed
                and not (own_rating and ticket_sudo._scrm_rating_locked(own_rating)),
                "own_rating": own_rating,
                "rating": rating,
                "rating_label": rating_labels.get(rating.rating_text, ""),
                **extra,
            }
        )
        return request.render("scrm_service.portal_my_ticket", values)

    # ------------------------------------------------------------------
    # /my/tickets
    # ------------------------------------------------------------------

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    @guard
    def portal_my_tickets(self, page=1, filterby="open", **kw):
        if filterby not in FILTERS:
            filterby = "open"
        Ticket = request.env["scrm.ticket"]
        filters = {
            "open": [("is_closed", "=", False)],
            "closed": [("is_closed", "=", True)],
            "referred": [
                (
                    "referrer_partner_id",
                    "=",
                    request.env.user.commercial_partner_id.id,
                )
            ],
            "all": [],
        }
        domain = filters.get(filterby, filters["open"])
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/tickets",
            url_args={"filterby": filterby},
            total=count,
            page=page,
            step=TICKETS_PER_PAGE,
        )
        tickets = Ticket.search(
            domain, order="id desc", limit=TICKETS_PER_PAGE, offset=pager["offset"]
        )
        # Read through the record rules above; the customer of a referred
        # ticket is shown to the referrer, who may not read contacts.
        tickets_sudo = tickets.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_tickets",
                "tickets": tickets_sudo,
                "pager": pager,
                "filterby": filterby,
                "default_url": "/my/tickets",
            }
        )
        return request.render("scrm_service.portal_my_tickets", values)

    @http.route("/my/tickets/<int:ticket_id>", type="http", auth="public", website=True)
    @guard
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id, access_token)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        return self._scrm_ticket_page(ticket_sudo, saved=kw.get("saved"))

    @http.route(
        "/my/tickets/<int:ticket_id>/reply",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_ticket_reply(self, ticket_id, body="", **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        body = InputCheck(request.env).text(
            body, request.env._("Message"), size=TEXT_SIZE, multiline=True
        )
        if not body:
            return self._scrm_ticket_page(
                ticket_sudo, error=request.env._("Write a message before sending.")
            )
        if self._scrm_rate_limited():
            return self._scrm_ticket_page(
                ticket_sudo, error=self._scrm_rate_limit_message()
            )
        files = request.httprequest.files.getlist("attachments")
        try:
            target_sudo = self._scrm_post_customer_message(ticket_sudo, body, files)
        except InputError as error:
            return self._scrm_ticket_page(ticket_sudo, error=str(error))
        saved = "reply" if target_sudo == ticket_sudo else "continued"
        return request.redirect(f"/my/tickets/{target_sudo.id}?saved={saved}")

    @http.route(
        "/my/tickets/<int:ticket_id>/close",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_ticket_close(self, ticket_id, **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        if not ticket_sudo.is_closed:
            ticket_sudo.action_close()
            ticket_sudo.message_post(
                body=request.env._("Closed by the customer on the portal."),
                author_id=request.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?saved=closed")

    @http.route(
        "/my/tickets/<int:ticket_id>/reopen",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_ticket_reopen(self, ticket_id, **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        if ticket_sudo.is_closed:
            ticket_sudo.action_reopen()
            ticket_sudo.message_post(
                body=request.env._("Reopened by the customer on the portal."),
                author_id=request.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?saved=reopened")

    @http.route(
        "/my/tickets/<int:ticket_id>/rate",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_ticket_rate(self, ticket_id, rating=None, feedback="", **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        feedback = InputCheck(request.env).text(
            feedback, request.env._("Feedback"), size=TEXT_SIZE, multiline=True
        )
        if rating not in RATINGS or not ticket_sudo.is_closed:
            return self._scrm_ticket_page(
                ticket_sudo,
                error=request.env._("Choose a rating of a closed ticket."),
            )
        partner = request.env.user.partner_id
        # A second answer changes the customer's rating of this closing (within
        # the window), it does not add another one.
        rating_sudo = ticket_sudo._scrm_rating_of_closing(partner)
        token = None if rating_sudo else ticket_sudo._rating_get_access_token(partner)
        try:
            ticket_sudo.rating_apply(
                RATINGS[rating], token=token, rating=rating_sudo, feedback=feedback
            )
        except UserError as error:
            return self._scrm_ticket_page(ticket_sudo, error=str(error))
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?saved=rated")

    # ------------------------------------------------------------------
    # New ticket (portal) and referral
    # ------------------------------------------------------------------

    def _scrm_new_ticket_values(self, **extra):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_ticket_new",
                "categories": request.env["scrm.ticket.category"]
                .sudo()
                .search(self._scrm_category_domain()),
                **extra,
            }
        )
        return values

    @http.route("/my/tickets/new", type="http", auth="user", website=True)
    @guard
    def portal_ticket_new(self, **kw):
        return request.render(
            "scrm_service.portal_ticket_new", self._scrm_new_ticket_values()
        )

    @http.route(
        "/my/tickets/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_ticket_submit(
        self,
        subject="",
        description="",
        category_id=None,
        on_behalf=None,
        customer_name="",
        customer_email="",
        **kw,
    ):
        user = request.env.user
        env = request.env
        check = InputCheck(env)
        form = {
            "subject": subject,
            "description": description,
            "category_id": category_id,
            "on_behalf": on_behalf,
            "customer_name": customer_name,
            "customer_email": customer_email,
        }
        category = env["scrm.ticket.category"].sudo()
        status = 400
        try:
            subject = check.text(subject, env._("Subject"), size=LINE_SIZE)
            if not subject:
                raise InputError(env._("Give your request a subject."))
            description = check.text(
                description, env._("Description"), size=TEXT_SIZE, multiline=True
            )
            customer_name = check.text(customer_name, env._("Customer name"))
            if on_behalf:
                try:
                    customer_email = check.email(customer_email, env._("Email"))
                except InputError as error:
                    raise InputError(
                        env._("Give the email address of your customer.")
                    ) from error
            try:
                category_id = check.record_id(category_id, env._("Category"))
            except InputError as error:
                raise InputError(env._("Unknown category.")) from error
            if category_id:
                category = category.search(
                    [*self._scrm_category_domain(), ("id", "=", category_id)]
                )
                if not category:
                    raise InputError(env._("Unknown category."))
            # Files are checked before anything is created: a refused file
            # must not leave a ticket behind.
            attachments = self._scrm_attachments(
                request.httprequest.files.getlist("attachments")
            )
            if self._scrm_rate_limited():
                status = 429
                raise InputError(self._scrm_rate_limit_message())
        except InputError as error:
            values = self._scrm_new_ticket_values(error=str(error), form=form)
            return request.render(
                "scrm_service.portal_ticket_new", values, status=status
            )
        Ticket_sudo = env["scrm.ticket"].sudo()
        values = {
            "name": subject,
            "description": plaintext2html(description),
            "category_id": category.id,
            "company_id": user.company_id.id,
        }
        channel = "portal"
        followup_domain = None
        if on_behalf:
            customer = self._scrm_referred_customer(customer_name, customer_email)
            values.update(
                partner_id=customer.id,
                referrer_partner_id=user.commercial_partner_id.id,
            )
            channel = "partner_referral"
            # The referrer joins only the tickets they referred: never another
            # one of that customer, which they must not read nor follow.
            followup_domain = [
                ("referrer_partner_id", "=", user.commercial_partner_id.id)
            ]
        else:
            values["partner_id"] = user.partner_id.id
        ticket_sudo, is_new = Ticket_sudo._scrm_open_or_follow(
            values,
            channel,
            body=plaintext2html(description) if description else None,
            author=user.partner_id,
            followup_domain=followup_domain,
        )
        if on_behalf:
            ticket_sudo.message_subscribe(partner_ids=user.partner_id.ids)
        if attachments:
            guarded_post(
                ticket_sudo,
                body=env._("Files sent with the request."),
                author_id=user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachments=attachments,
            )
        saved = "created" if is_new else "followup"
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?saved={saved}")

    def _scrm_referred_customer(self, name, email):
        """The contact a referral names: the one this referrer named before
        with that address, else a new contact with what they typed. An
        existing customer's identity found by address alone is never used:
        the referrer would read that customer's name, company and phone, and
        the ticket would show on that customer's portal."""
        referrer = request.env.user.commercial_partner_id
        previous = (
            request.env["scrm.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("referrer_partner_id", "=", referrer.id),
                    ("partner_id.email_normalized", "=", email),
                ],
                order="id desc",
                limit=1,
            )
        )
        if previous:
            return previous.partner_id
        # The referrer may not create contacts: one is created on their behalf
        # (the hourly limit above bounds how many).
        return (
            request.env["res.partner"]
            .sudo()
            .create({"name": name or email, "email": email})
        )

    # ------------------------------------------------------------------
    # Knowledge base
    # ------------------------------------------------------------------

    @http.route("/service/kb/suggest", type="http", auth="public", methods=["GET"])
    @guard
    def kb_suggest(self, q="", **kw):
        q = InputCheck(request.env).text(q, request.env._("Search"), size=LINE_SIZE)
        public = request.env.user._is_public()
        articles = request.env["scrm.kb.article"]._scrm_suggest(q, public=public)
        return request.make_json_response(
            [
                {
                    "id": article.id,
                    "title": article.name,
                    "excerpt": article._scrm_excerpt(),
                    "url": article.website_url,
                }
                for article in articles
            ]
        )

    @http.route(
        ["/help", "/help/<int:article_id>"], type="http", auth="public", website=True
    )
    @guard
    def kb_article(self, article_id=None, search="", **kw):
        search = InputCheck(request.env).text(
            search, request.env._("Search"), size=LINE_SIZE
        )
        Article_sudo = request.env["scrm.kb.article"].sudo()
        public = request.env.user._is_public()
        domain = Article_sudo._scrm_visible_domain(public=public)
        if article_id:
            article = Article_sudo.search([*domain, ("id", "=", article_id)])
            if not article:
                return self._scrm_not_found()
            return request.render(
                "scrm_service.kb_article_page",
                {"article": article, "voted": kw.get("voted")},
            )
        if search:
            articles = Article_sudo._scrm_suggest(search, public=public, limit=50)
        else:
            articles = Article_sudo.search(domain, limit=50)
        return request.render(
            "scrm_service.kb_article_list", {"articles": articles, "search": search}
        )

    @http.route(
        "/help/<int:article_id>/vote",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def kb_vote(self, article_id, helpful="1", **kw):
        Article_sudo = request.env["scrm.kb.article"].sudo()
        article = Article_sudo.search(
            [*Article_sudo._scrm_visible_domain(), ("id", "=", article_id)]
        )
        if not article:
            return self._scrm_not_found()
        article._scrm_vote(request.env.user.partner_id, helpful == "1")
        return request.redirect(f"/help/{article.id}?voted=1")

    # ------------------------------------------------------------------
    # Public request form
    # ------------------------------------------------------------------

    @http.route("/service/request", type="http", auth="public", website=True)
    @guard
    def public_request_form(self, **kw):
        return request.render("scrm_service.public_request_form", {"form": {}})

    @http.route(
        "/service/request/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    @guard
    def public_request_submit(
        self,
        name="",
        email="",
        phone="",
        subject="",
        description="",
        website_url="",
        **kw,
    ):
        """Open a ticket for a visitor. A new address gets a new contact and
        its ticket at once; the address of an existing contact gets an email
        with a signed link, and only that confirmation attaches the request to
        their tickets. A filled honeypot (``website_url``, hidden from people)
        is answered like a success and creates nothing."""
        env = request.env
        form = {
            "name": name,
            "email": email,
            "phone": phone,
            "subject": subject,
            "description": description,
        }
        if website_url:
            return request.render(
                "scrm_service.public_request_done", {"reference": False}
            )
        check = InputCheck(env)
        try:
            name = check.text(name, env._("Name"))
            subject = check.text(subject, env._("Subject"))
            if not name or not subject:
                raise InputError(env._("Your name and a subject are required."))
            normalized = check.email(email, env._("Email"))
            phone = check.text(phone, env._("Phone"), size=LINE_SIZE)
            error = env["res.partner"]._scrm_phone_length_error(phone)
            if error:
                raise InputError(error)
            description = check.text(
                description, env._("Description"), size=TEXT_SIZE, multiline=True
            )
        except InputError as error:
            return request.render(
                "scrm_service.public_request_form",
                {"form": form, "error": str(error)},
                status=400,
            )
        WebRequest_sudo = env["scrm.web.request"].sudo()
        client = request.httprequest.remote_addr or "-"
        known = (
            env["res.partner"]
            .sudo()
            .search_count([("email_normalized", "=", normalized)], limit=1)
        )
        web_request = WebRequest_sudo._scrm_create_within_limits(
            {
                "name": name,
                "email": normalized,
                "phone": phone or False,
                "subject": subject,
                "description": description or False,
                "client_address": client,
                "state": "to_confirm" if known else "done",
            },
            email_limit=PUBLIC_FORM_LIMIT,
            client_limit=PUBLIC_CLIENT_LIMIT,
        )
        if not web_request:
            return request.render(
                "scrm_service.public_request_form",
                {
                    "form": form,
                    "error": env._(
                        "You already sent several requests in the last hour: we "
                        "will answer them first. Please try again later."
                    ),
                },
                status=429,
            )
        if known:
            web_request._scrm_send_confirmation()
            return request.render(
                "scrm_service.public_request_done",
                {"reference": False, "to_confirm": True},
            )
        ticket_sudo, is_new = web_request._scrm_open_ticket(web_request._scrm_contact())
        return request.render(
            "scrm_service.public_request_done",
            {"reference": ticket_sudo.number if is_new else False},
        )

    @http.route(
        "/service/request/confirm/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        website=True,
    )
    @guard
    def public_request_confirm(self, request_id, token, **kw):
        """The signed link of the confirmation email: the request joins the
        contact's tickets now, once."""
        web_request = request.env["scrm.web.request"].sudo().browse(request_id)
        if (
            not web_request.exists()
            or not web_request._scrm_check_token(token)
            or web_request._scrm_is_expired()
        ):
            return self._scrm_not_found()
        if web_request.state == "to_confirm":
            ticket_sudo, is_new = web_request._scrm_open_ticket(
                web_request._scrm_contact()
            )
        else:
            ticket_sudo, is_new = web_request.ticket_id, False
        return request.render(
            "scrm_service.public_request_done",
            {"reference": ticket_sudo.number if is_new else False},
        )

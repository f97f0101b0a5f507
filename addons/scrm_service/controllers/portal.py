from datetime import timedelta

from markupsafe import Markup

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

TICKETS_PER_PAGE = 20
# Requests one address may send through the public form per hour.
PUBLIC_FORM_LIMIT = 3
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
RATINGS = {"5": 5, "3": 3, "1": 1}


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
        """(name, content) of uploaded files, empty ones skipped, for
        ``message_post(attachments=...)``; raises ValueError with a translated
        message on a file too large."""
        attachments = []
        for upload in files:
            if not upload or not upload.filename:
                continue
            content = upload.read()
            if len(content) > MAX_ATTACHMENT_SIZE:
                raise ValueError(
                    request.env._(
                        "“%(name)s” is larger than 10 MB.", name=upload.filename
                    )
                )
            attachments.append((upload.filename, content))
        return attachments

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
    def portal_my_tickets(self, page=1, filterby="open", **kw):
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
    def portal_ticket_reply(self, ticket_id, body="", **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
        if not body.strip():
            return self._scrm_ticket_page(
                ticket_sudo, error=request.env._("Write a message before sending.")
            )
        files = request.httprequest.files.getlist("attachments")
        try:
            target_sudo = self._scrm_post_customer_message(ticket_sudo, body, files)
        except ValueError as error:
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
    def portal_ticket_rate(self, ticket_id, rating=None, feedback="", **kw):
        try:
            ticket_sudo = self._scrm_ticket_sudo(ticket_id)
        except (AccessError, MissingError):
            return self._scrm_not_found()
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
        subject = subject.strip()
        error = None
        if not subject:
            error = request.env._("Give your request a subject.")
        elif on_behalf and not email_normalize(customer_email):
            error = request.env._("Give the email address of your customer.")
        category = request.env["scrm.ticket.category"].sudo()
        if category_id and not error:
            if not str(category_id).isdigit():
                error = request.env._("Unknown category.")
            else:
                category = category.search(
                    [*self._scrm_category_domain(), ("id", "=", int(category_id))]
                )
                if not category:
                    error = request.env._("Unknown category.")
        # Files are checked before anything is created: a refused file must not
        # leave a ticket behind.
        attachments = []
        if not error:
            try:
                attachments = self._scrm_attachments(
                    request.httprequest.files.getlist("attachments")
                )
            except ValueError as err:
                error = str(err)
        if error:
            form = {
                "subject": subject,
                "description": description,
                "category_id": category_id,
                "on_behalf": on_behalf,
                "customer_name": customer_name,
                "customer_email": customer_email,
            }
            values = self._scrm_new_ticket_values(error=error, form=form)
            return request.render("scrm_service.portal_ticket_new", values, status=400)
        Ticket_sudo = request.env["scrm.ticket"].sudo()
        values = {
            "name": subject,
            "description": plaintext2html(description),
            "category_id": category.id,
            "company_id": user.company_id.id,
        }
        channel = "portal"
        followup_domain = None
        if on_behalf:
            # A new contact is named as the referrer typed; an existing one is
            # found by address and left as it is.
            normalized = email_normalize(customer_email)
            customer = Ticket_sudo._mail_find_partner_from_emails([normalized])[0]
            if not customer:
                customer = (
                    request.env["res.partner"]
                    .sudo()
                    .create(
                        {
                            "name": customer_name.strip() or normalized,
                            "email": normalized,
                        }
                    )
                )
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
            ticket_sudo.message_post(
                body=request.env._("Files sent with the request."),
                author_id=user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachments=attachments,
            )
        saved = "created" if is_new else "followup"
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?saved={saved}")

    # ------------------------------------------------------------------
    # Knowledge base
    # ------------------------------------------------------------------

    @http.route("/service/kb/suggest", type="http", auth="public", methods=["GET"])
    def kb_suggest(self, q="", **kw):
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
    def kb_article(self, article_id=None, search="", **kw):
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
    def public_request_form(self, **kw):
        return request.render("scrm_service.public_request_form", {"form": {}})

    @http.route(
        "/service/request/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
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
        """Open a ticket for a visitor: the contact is found by address or
        created. A filled honeypot (``website_url``, hidden from people) is
        answered like a success and creates nothing."""
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
        normalized = email_normalize(email)
        error = None
        if not name.strip() or not subject.strip():
            error = request.env._("Your name and a subject are required.")
        elif not normalized:
            error = request.env._("“%s” is not a valid email address.", email)
        else:
            error = request.env["res.partner"]._scrm_phone_length_error(phone.strip())
        if error:
            return request.render(
                "scrm_service.public_request_form",
                {"form": form, "error": error},
                status=400,
            )
        Ticket_sudo = request.env["scrm.ticket"].sudo()
        web_form = request.env["scrm.channel"].sudo()._get_by_code("web_form")
        # Requests that joined an open ticket count too: each one posts a
        # message, and the limit must hold for them as for new tickets.
        recent = (
            request.env["scrm.interaction"]
            .sudo()
            .search_count(
                [
                    ("contact_id.email_normalized", "=", normalized),
                    ("channel_id", "=", web_form.id),
                    ("direction", "=", "in"),
                    ("res_model", "=", "scrm.ticket"),
                    ("date", ">=", fields.Datetime.now() - timedelta(hours=1)),
                ]
            )
        )
        if recent >= PUBLIC_FORM_LIMIT:
            return request.render(
                "scrm_service.public_request_form",
                {
                    "form": form,
                    "error": request.env._(
                        "You already sent several requests in the last hour: we "
                        "will answer them first. Please try again later."
                    ),
                },
                status=429,
            )
        partner = Ticket_sudo._mail_find_partner_from_emails(
            [f"{name.strip()} <{normalized}>"], force_create=True
        )[0]
        description_html = plaintext2html(description)
        ticket_sudo, is_new = Ticket_sudo._scrm_open_or_follow(
            {
                "name": subject.strip(),
                "partner_id": partner.id,
                "partner_email": normalized,
                **({"partner_phone": phone.strip()} if phone.strip() else {}),
                "description": description_html,
            },
            "web_form",
            body=Markup(description_html) if description else None,
            author=partner,
        )
        return request.render(
            "scrm_service.public_request_done",
            {"reference": ticket_sudo.number if is_new else False},
        )

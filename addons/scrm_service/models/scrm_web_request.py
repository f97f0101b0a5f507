from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools import consteq, plaintext2html

from odoo.addons.scrm_base.tools.rate_limit import held
from odoo.addons.scrm_base.tools.validation import InputCheck

# How long a confirmation link sent to an existing contact stays valid.
CONFIRM_DAYS = 7
TOKEN_SCOPE = "scrm_service.web_request"


class ScrmWebRequest(models.Model):
    """One submission of the public request form, kept for the hourly limits
    (per address and per client) and, when the address is an existing
    contact's, until that mailbox confirms it through a signed link: nobody
    posts in an existing contact's name by typing their address."""

    _name = "scrm.web.request"
    _description = "Public Request"
    _order = "id desc"

    name = fields.Char(string="Visitor Name", required=True)
    email = fields.Char(required=True, index=True)
    phone = fields.Char()
    subject = fields.Char(required=True)
    description = fields.Text()
    client_address = fields.Char(index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("to_confirm", "Waiting for Confirmation"),
            ("done", "Ticket Opened"),
        ],
        required=True,
        default="done",
    )
    ticket_id = fields.Many2one("scrm.ticket", index="btree_not_null")

    @api.model
    def _scrm_recent_count(self, email, client_address, hours=1):
        """Submissions of the last ``hours`` from this address and from this
        client (``client_address``), in one query."""
        since = fields.Datetime.now() - timedelta(hours=hours)
        groups = self.sudo()._read_group(
            [
                ("create_date", ">=", since),
                "|",
                ("email", "=", email),
                ("client_address", "=", client_address or "-"),
            ],
            ["email"],
            ["__count"],
        )
        by_email = sum(count for mail, count in groups if mail == email)
        return by_email, sum(count for _mail, count in groups)

    @api.model
    def _scrm_create_within_limits(self, values, email_limit, client_limit):
        """The submission of ``values`` (``email`` normalised,
        ``client_address``), or an empty recordset when this address or this
        client already sent their limit in the last hour. Counted under the
        address's and the client's locks, held until the request ends
        (``scrm_base.tools.rate_limit``): submissions sent at once never pass
        the limit together."""
        email, client = values["email"], values.get("client_address") or "-"
        keys = (f"email:{email}", f"ip:{client}")
        with held(self.env, "scrm_service.public_form", *keys) as fresh:
            by_email, by_client = fresh[self._name]._scrm_recent_count(email, client)
        if by_email >= email_limit or by_client >= client_limit:
            return self.browse()
        return self.sudo().create(values)

    def _scrm_token(self):
        self.ensure_one()
        return tools.hmac(self.env(su=True), TOKEN_SCOPE, (self.id, self.email))

    def _scrm_check_token(self, token):
        self.ensure_one()
        return bool(token) and consteq(self._scrm_token(), str(token))

    def _scrm_confirm_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/service/request/confirm/{self.id}/{self._scrm_token()}"

    def _scrm_is_expired(self):
        self.ensure_one()
        return self.create_date < fields.Datetime.now() - timedelta(days=CONFIRM_DAYS)

    def _scrm_send_confirmation(self):
        """Ask the owner of the address to confirm the request: the only way
        it reaches their tickets."""
        self.ensure_one()
        env = self.env
        body = Markup(
            '<p>%s</p><p><b>%s</b></p><p>%s</p><p><a href="%s">%s</a></p><p>%s</p>'
        ) % (
            env._("Hello %(name)s,", name=self.name),
            self.subject,
            env._(
                "We received this request through our website with your email "
                "address. To send it to our service team, confirm it:"
            ),
            self._scrm_confirm_url(),
            env._("Confirm my request"),
            env._(
                "If you did not send it, ignore this message: nothing will be "
                "done with it."
            ),
        )
        company = self.company_id
        self.env["mail.mail"].sudo().create(
            {
                "subject": env._(
                    "Confirm your request: %(subject)s", subject=self.subject
                ),
                "email_from": company.email_formatted
                or company.partner_id.email_formatted,
                "email_to": InputCheck.address(self.name, self.email),
                "body_html": body,
                "auto_delete": True,
            }
        )

    def _scrm_contact(self):
        """The contact the request is opened for: the customer contact of that
        address, never an employee's own contact (a visitor's text is not
        authored as one of our users); created when there is none."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        partners = Partner.search(
            [("email_normalized", "=", self.email)], order="id"
        ).filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))
        if partners:
            return partners[0]
        return Partner.create({"name": self.name, "email": self.email})

    def _scrm_open_ticket(self, partner):
        """Open the ticket (or join the contact's open one); returns
        ``(ticket, is_new)``."""
        self.ensure_one()
        description = plaintext2html(self.description or "")
        Ticket = self.env["scrm.ticket"].sudo().with_company(self.company_id)
        ticket, is_new = Ticket._scrm_open_or_follow(
            {
                "name": self.subject,
                "partner_id": partner.id,
                "partner_email": self.email,
                **({"partner_phone": self.phone} if self.phone else {}),
                "description": description,
                "company_id": self.company_id.id,
            },
            "web_form",
            body=Markup(description) if self.description else None,
            author=partner,
        )
        self.sudo().write({"state": "done", "ticket_id": ticket.id})
        return ticket, is_new

    @api.autovacuum
    def _gc_old_requests(self):
        """Requests are kept for the limits and the confirmation only."""
        limit = fields.Datetime.now() - timedelta(days=CONFIRM_DAYS * 4)
        self.sudo().search([("create_date", "<", limit)]).unlink()

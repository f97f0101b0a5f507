# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import consteq, plaintext2html

from odoo.addons.scrm_base.tools.validation import InputCheck

# How long the opt-in link of a capture form stays valid.
CONFIRM_DAYS = 7
TOKEN_SCOPE = "scrm_sales_marketing.capture"
COMPANY_SIZES = [
    ("1", "1 to 10 employees"),
    ("2", "11 to 50 employees"),
    ("3", "51 to 250 employees"),
    ("4", "More than 250 employees"),
]


class ScrmMarketingForm(models.Model):
    """A public lead form of a marketing campaign, served at
    ``/marketing/form/<id>`` by a controller (no website module needed)."""

    _name = "scrm.marketing.form"
    _description = "Lead Capture Form"
    _order = "id desc"

    name = fields.Char(string="Title", required=True, translate=True)
    intro = fields.Text(string="Introduction", translate=True)
    campaign_id = fields.Many2one(
        "utm.campaign", string="Marketing Campaign", required=True, index=True
    )
    medium_id = fields.Many2one(
        "utm.medium",
        default=lambda self: self.env.ref("utm.utm_medium_website", False),
    )
    source_id = fields.Many2one("utm.source")
    tag_ids = fields.Many2many("crm.tag", string="Lead Tags")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    url = fields.Char(string="Public Address", compute="_compute_url")
    submission_ids = fields.One2many("scrm.marketing.submission", "form_id")
    submission_count = fields.Integer(compute="_compute_counts")
    confirmed_count = fields.Integer(string="Confirmed", compute="_compute_counts")

    def _compute_url(self):
        base = self.get_base_url() if self else ""
        for form in self:
            form.url = f"{base}/marketing/form/{form.id}" if form.id else False

    def _compute_counts(self):
        rows = (
            self.env["scrm.marketing.submission"]
            .sudo()
            ._read_group(
                [("form_id", "in", self.ids)], ["form_id", "state"], ["__count"]
            )
        )
        total, confirmed = {}, {}
        for form, state, count in rows:
            total[form.id] = total.get(form.id, 0) + count
            if state == "confirmed":
                confirmed[form.id] = confirmed.get(form.id, 0) + count
        for form in self:
            form.submission_count = total.get(form.id, 0)
            form.confirmed_count = confirmed.get(form.id, 0)

    def action_view_submissions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Submissions"),
            "res_model": "scrm.marketing.submission",
            "view_mode": "list,form",
            "domain": [("form_id", "=", self.id)],
        }


class ScrmMarketingSubmission(models.Model):
    """One submission of a capture form. It joins a lead at once (the
    existing one of that email or phone, else a new one flagged "opt-in
    pending"), but what the visitor typed reaches an existing lead or contact,
    and the marketing consent is recorded, only when the mailbox confirms
    through the signed link: nobody subscribes someone else by typing their
    address."""

    _name = "scrm.marketing.submission"
    _description = "Lead Form Submission"
    _order = "id desc"
    _rec_name = "email"

    form_id = fields.Many2one(
        "scrm.marketing.form", required=True, index=True, ondelete="cascade"
    )
    campaign_id = fields.Many2one(related="form_id.campaign_id", store=True)
    name = fields.Char(string="Visitor Name", required=True)
    email = fields.Char(required=True, index=True)
    phone = fields.Char()
    phone_sanitized = fields.Char(index="btree_not_null")
    company_name = fields.Char()
    company_size = fields.Selection(COMPANY_SIZES)
    message = fields.Text()
    client_address = fields.Char(index=True)
    state = fields.Selection(
        [("to_confirm", "Waiting for Confirmation"), ("confirmed", "Confirmed")],
        required=True,
        default="to_confirm",
    )
    confirm_date = fields.Datetime(string="Confirmed On", readonly=True)
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="set null")
    joined_existing = fields.Boolean(
        string="Joined an Existing Lead",
        help="The email or phone matched an open lead: the submission joins it "
        "instead of opening a new one.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", readonly=True, ondelete="set null"
    )
    company_id = fields.Many2one(related="form_id.company_id", store=True)

    @api.model
    def _scrm_recent_count(self, email, client_address, hours=1):
        """Submissions of the last ``hours`` from this address and from this
        client, in one query."""
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

    # ------------------------------------------------------------------
    # Signed link
    # ------------------------------------------------------------------

    def _scrm_token(self):
        self.ensure_one()
        return tools.hmac(self.env(su=True), TOKEN_SCOPE, (self.id, self.email))

    def _scrm_check_token(self, token):
        self.ensure_one()
        return bool(token) and consteq(self._scrm_token(), str(token))

    def _scrm_confirm_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/marketing/optin/{self.id}/{self._scrm_token()}"

    def _scrm_is_expired(self):
        self.ensure_one()
        return self.create_date < fields.Datetime.now() - timedelta(days=CONFIRM_DAYS)

    # ------------------------------------------------------------------
    # Capture
    # ------------------------------------------------------------------

    @api.model
    def _scrm_find_lead(self, email, phone_sanitized, company):
        """The open lead of this normalised email or phone, oldest first."""
        domain = [("email_normalized", "=", email)]
        if phone_sanitized:
            domain = ["|", *domain, ("phone_sanitized", "=", phone_sanitized)]
        return (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    *domain,
                    ("company_id", "in", [company.id, False]),
                    ("stage_id.is_won", "=", False),
                ],
                order="id",
                limit=1,
            )
        )

    @api.model
    def _scrm_capture(self, form, values, client_address):
        """Record a submission of ``form`` (values already checked) and its
        lead; send the opt-in email. Returns the submission."""
        Lead = self.env["crm.lead"].sudo().with_company(form.company_id)
        phone_sanitized = (
            Lead._phone_format(
                number=values.get("phone"),
                country=form.company_id.country_id,
                force_format="E164",
                raise_exception=False,
            )
            if values.get("phone")
            else False
        )
        lead = self._scrm_find_lead(values["email"], phone_sanitized, form.company_id)
        submission = self.sudo().create(
            {
                **values,
                "form_id": form.id,
                "phone_sanitized": phone_sanitized or False,
                "client_address": client_address,
                "lead_id": lead.id,
                "joined_existing": bool(lead),
            }
        )
        if not lead:
            # A new lead holds only what the visitor typed, no contact: the
            # contact of that address is linked once the mailbox confirms.
            lead = Lead.with_context(mail_create_nolog=True).create(
                {
                    "name": self.env._(
                        "%(form)s: %(name)s", form=form.name, name=values["name"]
                    ),
                    "type": "lead",
                    "contact_name": values["name"],
                    "partner_name": values.get("company_name") or False,
                    "email_from": values["email"],
                    "phone": values.get("phone") or False,
                    "description": plaintext2html(values.get("message") or ""),
                    "campaign_id": form.campaign_id.id,
                    "medium_id": form.medium_id.id,
                    "source_id": form.source_id.id,
                    "tag_ids": [(6, 0, form.tag_ids.ids)],
                    "team_id": form.team_id.id,
                    "user_id": False,
                    "company_id": form.company_id.id,
                    "scrm_company_size": values.get("company_size") or False,
                    "scrm_optin_state": "pending",
                    "scrm_marketing_state": "marketing",
                }
            )
            submission.lead_id = lead
        submission._scrm_send_confirmation()
        return submission

    def _scrm_send_confirmation(self):
        self.ensure_one()
        env = self.env
        body = Markup('<p>%s</p><p>%s</p><p><a href="%s">%s</a></p><p>%s</p>') % (
            env._("Hello %(name)s,", name=self.name),
            env._(
                "You asked us for information through our form “%(form)s”. "
                "To confirm your address and receive our news, open this link:",
                form=self.form_id.name,
            ),
            self._scrm_confirm_url(),
            env._("Confirm my address"),
            env._("If you did not fill in this form, ignore this message."),
        )
        company = self.company_id
        env["mail.mail"].sudo().create(
            {
                "subject": env._(
                    "Confirm your address: %(form)s", form=self.form_id.name
                ),
                "email_from": company.email_formatted
                or company.partner_id.email_formatted,
                "email_to": InputCheck.address(self.name, self.email),
                "body_html": body,
                "auto_delete": True,
            }
        )

    def _scrm_contact(self):
        """The contact of the confirmed address: an existing customer contact
        (never an employee's), else a new one."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        partners = Partner.search(
            [("email_normalized", "=", self.email)], order="id"
        ).filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))
        if partners:
            return partners[0]
        return Partner.create(
            {
                "name": self.name,
                "email": self.email,
                "phone": self.phone or False,
                "company_name": self.company_name or False,
            }
        )

    def _scrm_confirm(self):
        """The mailbox confirmed: the consent is recorded, the contact linked,
        the lead unflagged and the submission posted on the lead. Once."""
        self.ensure_one()
        if self.state == "confirmed":
            return self.lead_id
        partner = self._scrm_contact()
        now = fields.Datetime.now()
        self.env["scrm.contact.preference"].sudo()._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_code": "email",
                    "purpose": "marketing",
                    "consent": "opt_in",
                    "source": "form",
                    "date": now,
                    "note": self.env._(
                        "Form “%(form)s”, campaign %(campaign)s, confirmed on %(date)s",
                        form=self.form_id.name,
                        campaign=self.form_id.campaign_id.name,
                        date=fields.Date.to_string(now),
                    ),
                }
            ]
        )
        self.write(
            {"state": "confirmed", "confirm_date": now, "partner_id": partner.id}
        )
        lead = self.lead_id.sudo()
        if lead:
            vals = {"scrm_optin_state": "confirmed"}
            if not lead.partner_id:
                vals["partner_id"] = partner.id
            lead.write(vals)
            if self.joined_existing:
                lead.message_post(
                    body=Markup("<p>%s</p>%s")
                    % (
                        self.env._(
                            "Confirmed submission of the form “%(form)s” by %(name)s.",
                            form=self.form_id.name,
                            name=self.name,
                        ),
                        plaintext2html(self.message or ""),
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                    author_id=partner.id,
                )
        return lead

    @api.autovacuum
    def _gc_unconfirmed(self):
        """Unconfirmed submissions are kept for the limits and the link only."""
        limit = fields.Datetime.now() - timedelta(days=CONFIRM_DAYS * 4)
        self.sudo().search(
            [("create_date", "<", limit), ("state", "=", "to_confirm")]
        ).unlink()


class CrmLead(models.Model):
    _inherit = "crm.lead"

    scrm_optin_state = fields.Selection(
        [("pending", "Opt-in Pending"), ("confirmed", "Opt-in Confirmed")],
        string="Double Opt-in",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Pending: captured by a public form whose address has not "
        "confirmed yet; nobody may send it marketing until then.",
    )
    scrm_company_size = fields.Selection(COMPANY_SIZES, string="Company Size")
    # Visitors' entries, with their network address: marketing's, as the
    # submissions themselves are (a salesperson reads the lead, not them).
    scrm_submission_ids = fields.One2many(
        "scrm.marketing.submission",
        "lead_id",
        string="Form Submissions",
        groups="scrm_sales_marketing.group_marketing_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("scrm_optin_state") == "confirmed" for vals in vals_list):
            self._scrm_check_optin_writer()
        return super().create(vals_list)

    def write(self, vals):
        if "scrm_optin_state" in vals and any(
            lead.scrm_optin_state != vals["scrm_optin_state"] for lead in self
        ):
            self._scrm_check_optin_writer()
        return super().write(vals)

    def _scrm_check_optin_writer(self):
        """A lead's double opt-in is the address's consent to marketing: the
        confirmation link (as superuser) and marketing users set it, never a
        salesperson, whose "confirmed" would let campaigns reach someone who
        never confirmed."""
        if self.env.su or self.env.user.has_group(
            "scrm_sales_marketing.group_marketing_user"
        ):
            return
        raise AccessError(
            self.env._(
                "Only marketing users may change the double opt-in of a lead: "
                "it records the confirmation of the address itself."
            )
        )

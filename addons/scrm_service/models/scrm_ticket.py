import re
from datetime import timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, format_date, plaintext2html

from odoo.addons.scrm_base.tools.tz import local_day, record_zone
from odoo.addons.scrm_base.tools.uploads import guarded_post
from odoo.addons.scrm_base.tools.validation import (
    EMAIL_SIZE,
    LINE_SIZE,
    check_record_limits,
)

from ..engine import sla_clock

# Field sizes a user would find natural, checked on every path (forms, portal,
# JSON-RPC, import, the mail gateway): a subject is one line, an email one
# address (RFC 5321), a serial number a label.
TICKET_SIZES = {
    "name": LINE_SIZE,
    "partner_email": EMAIL_SIZE,
    "serial_number": 128,
}


PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]
# Working time looked at after a ticket opens; extended once when a target
# needs more (long resolution targets on a calendar with few hours).
HORIZON_DAYS = 21
# Days after closing during which a customer's answer reopens a ticket without
# team (a team sets its own).
REOPEN_DAYS = 7
# Days during which a customer may change the rating they gave.
RATING_CHANGE_DAYS = 7
# Days before the warranty ends from which a ticket shows it as expiring and its
# opportunities suggest the renewal, when the ticket has no team to say.
RENEWAL_WINDOW_DAYS = 60
WARRANTY_STATUSES = [
    ("none", "No Warranty Data"),
    ("valid", "In Warranty"),
    ("expiring", "Expiring"),
    ("expired", "Expired"),
]
SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|tr|aw|wg)\s*:\s*)+", re.IGNORECASE)


def normalize_subject(subject):
    """Subject without reply prefixes, blanks or case: what a follow-up repeats."""
    subject = SUBJECT_PREFIX.sub("", subject or "")
    return " ".join(subject.lower().split())


class ScrmTicket(models.Model):
    """A customer's request, whatever the channel they used: one conversation."""

    _name = "scrm.ticket"
    _description = "Service Ticket"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "portal.mixin",
        "rating.mixin",
        "scrm.interaction.mixin",
    ]
    _order = "priority desc, id desc"
    _primary_email = "partner_email"
    _check_company_auto = True
    _rec_names_search = ["number", "name"]
    _mail_post_access = "read"

    number = fields.Char(
        string="Reference", readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    partner_email = fields.Char(
        string="Email",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
    )
    partner_phone = fields.Char(
        string="Phone",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
    )
    referrer_partner_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        tracking=True,
        help="The partner (reseller, installer) who opened this ticket on behalf "
        "of their customer; their portal users see the tickets they referred.",
    )
    channel_id = fields.Many2one(
        "scrm.channel",
        string="Channel of Origin",
        required=True,
        default=lambda self: self._default_channel(),
        ondelete="restrict",
        index=True,
    )
    channel_code = fields.Char(related="channel_id.code")
    team_id = fields.Many2one(
        "scrm.service.team",
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self._default_team(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    stage_id = fields.Many2one(
        "scrm.ticket.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    is_waiting = fields.Boolean(
        related="stage_id.is_waiting", string="Waiting for Customer", store=True
    )
    priority = fields.Selection(PRIORITIES, default="1", index=True, tracking=True)
    tag_ids = fields.Many2many("scrm.ticket.tag")
    category_id = fields.Many2one(
        "scrm.ticket.category", index=True, tracking=True, check_company=True
    )
    product_id = fields.Many2one(
        "product.product", index="btree_not_null", check_company=True
    )
    serial_number = fields.Char()
    sale_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    purchase_date = fields.Date(
        string="Purchased On",
        compute="_compute_purchase_date",
        store=True,
        readonly=False,
        help="Confirmation date of the linked sale order; set it by hand for a "
        "purchase without an order in Odoo.",
    )
    warranty_end = fields.Date(
        compute="_compute_warranty_end",
        store=True,
        index="btree_not_null",
        help="Purchase date plus the product's warranty duration.",
    )
    warranty_status = fields.Selection(
        WARRANTY_STATUSES,
        compute="_compute_warranty_status",
        search="_search_warranty_status",
        help="Expiring: the warranty ends within the team's renewal window "
        "(60 days without a team).",
    )
    color = fields.Integer()
    date_open = fields.Datetime(
        string="Opened On",
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    date_first_response = fields.Datetime(readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False, index=True)
    date_last_stage_update = fields.Datetime(default=fields.Datetime.now, copy=False)
    reply_held = fields.Boolean(
        string="Reply Held Back",
        readonly=True,
        copy=False,
        help="A reply was not emailed because the customer refuses email for "
        "service; the reason is on the ticket and a call-back activity was planned.",
    )
    reply_held_reason = fields.Char(readonly=True, copy=False)
    merged_into_id = fields.Many2one(
        "scrm.ticket", readonly=True, copy=False, index=True
    )
    call_log_ids = fields.One2many("scrm.call.log", "ticket_id", string="Calls")
    call_log_count = fields.Integer(compute="_compute_call_log_count")
    lead_ids = fields.One2many("crm.lead", "scrm_ticket_id", string="Opportunities")
    lead_count = fields.Integer(compute="_compute_lead_count")
    ack_pending = fields.Boolean(
        string="Acknowledgement Pending",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Opened by email: the customer is about to receive the reference.",
    )
    previous_ticket_id = fields.Many2one(
        "scrm.ticket",
        string="Follow-up Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The closed ticket the customer answered after its reopen window: "
        "this ticket continues it.",
    )
    followup_count = fields.Integer(
        string="Follow-ups",
        readonly=True,
        copy=False,
        help="Contacts about this ticket that would otherwise have opened new ones.",
    )

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique(number, company_id)",
            "A ticket reference must be unique per company.",
        ),
    ]

    def init(self):
        # The gateway's loop detection counts the tickets a sender opened in
        # the last hours: it reads the recent tickets, not every ticket.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (create_date)",
                SQL.identifier("scrm_ticket_create_date_idx"),
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------

    @api.model
    def _default_channel(self):
        code = self.env.context.get("scrm_ticket_channel", "email")
        return self.env["scrm.channel"].sudo()._get_by_code(code)

    @api.model
    def _default_team(self):
        return (
            self.env["scrm.service.team"]
            .search([("company_id", "in", [False, self.env.company.id])], limit=1)
            .id
        )

    @api.model
    def _default_stage(self):
        return self.env["scrm.ticket.stage"]._scrm_first_stage_ids()[0]

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([], order=stages._order, limit=100)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self:
            if ticket.partner_id:
                ticket.partner_email = ticket.partner_id.email
                ticket.partner_phone = (
                    ticket.partner_id.phone or ticket.partner_id.mobile
                )

    @api.depends("sale_order_id.state", "sale_order_id.date_order")
    def _compute_purchase_date(self):
        for ticket in self:
            order = ticket.sale_order_id
            if order.state == "sale" and order.date_order:
                ticket.purchase_date = fields.Date.context_today(
                    ticket, order.date_order
                )

    @api.depends("purchase_date", "product_id.scrm_warranty_months")
    def _compute_warranty_end(self):
        for ticket in self:
            months = ticket.product_id.scrm_warranty_months
            ticket.warranty_end = (
                ticket.purchase_date + relativedelta(months=months)
                if ticket.purchase_date and months > 0
                else False
            )

    def _scrm_renewal_window(self):
        self.ensure_one()
        return self.team_id.renewal_window_days or RENEWAL_WINDOW_DAYS

    @api.depends("warranty_end", "team_id.renewal_window_days")
    @api.depends_context("tz")
    def _compute_warranty_status(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            end = ticket.warranty_end
            if not end:
                ticket.warranty_status = "none"
            elif end < today:
                ticket.warranty_status = "expired"
            elif end <= today + timedelta(days=ticket._scrm_renewal_window()):
                ticket.warranty_status = "expiring"
            else:
                ticket.warranty_status = "valid"

    def _search_warranty_status(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the warranty status."))
        statuses = [value] if operator == "=" else list(value)
        today = fields.Date.context_today(self)
        # One window per team: the few distinct windows make the domain.
        windows = {RENEWAL_WINDOW_DAYS: [False]}
        rows = (
            self.env["scrm.service.team"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([], ["renewal_window_days"], ["id:array_agg"])
        )
        for days, team_ids in rows:
            windows.setdefault(days or RENEWAL_WINDOW_DAYS, []).extend(team_ids)
        domains = []
        if "none" in statuses:
            domains.append([("warranty_end", "=", False)])
        if "expired" in statuses:
            domains.append([("warranty_end", "<", today)])
        for days, team_ids in windows.items():
            limit = today + timedelta(days=days)
            if "expiring" in statuses:
                domains.append(
                    [
                        ("team_id", "in", team_ids),
                        ("warranty_end", ">=", today),
                        ("warranty_end", "<=", limit),
                    ]
                )
            if "valid" in statuses:
                domains.append(
                    [("team_id", "in", team_ids), ("warranty_end", ">", limit)]
                )
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _compute_call_log_count(self):
        counts = dict(
            self.env["scrm.call.log"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.call_log_count = counts.get(ticket, 0)

    def _compute_lead_count(self):
        # Agents need not be salespeople: they see how many opportunities
        # their tickets raised, the sales team sees the opportunities.
        counts = dict(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("scrm_ticket_id", "in", self.ids)], ["scrm_ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.lead_count = counts.get(ticket, 0)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return result

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.number} {ticket.name}"
                if ticket.number and ticket.number != "/"
                else ticket.name
            )

    @api.constrains("partner_phone")
    def _check_partner_phone(self):
        for ticket in self:
            self.env["res.partner"]._scrm_check_phone_length(ticket.partner_phone)

    @api.constrains(*TICKET_SIZES)
    def _check_sizes(self):
        check_record_limits(self, sizes=TICKET_SIZES)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("number") or vals["number"] == "/":
                company_id = vals.get("company_id") or self.env.company.id
                vals["number"] = self._scrm_next_number(company_id)
            if vals.get("stage_id"):
                stage = self.env["scrm.ticket.stage"].browse(vals["stage_id"])
                if stage.is_closed:
                    vals.setdefault("date_closed", fields.Datetime.now())
        tickets = super().create(vals_list)
        tickets._scrm_mark_customers()
        if not self.env.context.get("scrm_skip_customer_subscribe"):
            tickets.filtered(lambda t: t.partner_id)._scrm_subscribe_customer()
        tickets.filtered(lambda t: not t.user_id and t.team_id)._scrm_auto_assign()
        # Opened straight in a waiting stage (e.g. in its kanban column): the
        # clock is paused from the start, as if the ticket had moved there.
        self.env["scrm.ticket.pause"].sudo().create(
            [
                {"ticket_id": ticket.id, "date_start": ticket.date_open}
                for ticket in tickets.filtered("is_waiting")
            ]
        )
        tickets._scrm_sla_apply()
        for channel, group in tickets.grouped("channel_id").items():
            group._scrm_log_interaction(
                channel,
                self.env._("Ticket opened"),
                direction="in",
                user_id=False,
            )
        for ticket in tickets.filtered("previous_ticket_id"):
            ticket.previous_ticket_id.sudo().message_post(
                body=self.env._(
                    "The customer answered after this ticket was closed: "
                    "follow-up %(ticket)s opened.",
                    ticket=ticket._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return tickets

    def write(self, vals):
        closing = self.browse()
        if "stage_id" in vals:
            stage = self.env["scrm.ticket.stage"].browse(vals["stage_id"])
            vals["date_last_stage_update"] = fields.Datetime.now()
            if stage.is_closed:
                # Only tickets that were open close now: one moved between
                # closed stages keeps its closing date and is not asked again.
                closing = self.filtered(lambda t: not t.is_closed)
            else:
                vals["date_closed"] = False
            self._scrm_sla_track_pause(stage)
        result = super().write(vals)
        if closing:
            closing.write({"date_closed": fields.Datetime.now()})
        if "partner_id" in vals:
            self._scrm_mark_customers()
            self.filtered("partner_id")._scrm_subscribe_customer()
        if {"team_id", "priority", "category_id", "stage_id"} & set(vals):
            self._scrm_sla_apply()
        elif "date_first_response" in vals:
            self._scrm_sla_update_breaches()
        closing._scrm_rating_on_close()
        return result

    @api.model
    def _scrm_next_number(self, company_id):
        """The next reference of the company's ticket sequence (as
        ``next_by_code``, without searching the sequence every time)."""
        sequence_id = self.env["ir.sequence"]._scrm_ticket_sequence_id(company_id)
        if not sequence_id:
            return False
        sequence = self.env["ir.sequence"].sudo().browse(sequence_id)
        return sequence.with_company(company_id)._next()

    def _scrm_mark_customers(self):
        """A ticket's company that has no relationship role yet becomes a
        customer (someone we serve). A supplier asking for help stays a
        supplier, and a role chosen by hand is kept (scrm_base writes it as
        superuser, so an agent who may not edit contacts still records it)."""
        self.commercial_partner_id.filtered(lambda p: not p.scrm_role)._scrm_add_role(
            "customer"
        )

    def _scrm_subscribe_customer(self):
        for ticket in self:
            if ticket.partner_id not in ticket.message_partner_ids:
                ticket.message_subscribe(partner_ids=ticket.partner_id.ids)

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new email to a team alias: the sender becomes the customer (found
        by address or created) and the mail joins the customer's open ticket on
        the same subject when there is one."""
        # Callable over RPC and it looks for the ticket to join with sudo: only
        # who may open a ticket (the gateway's user) may add to one this way,
        # and a user only in the companies they work in.
        self.check_access("create")
        self._scrm_check_gateway_company(custom_values)
        gateway = self.env.context.get("scrm_gateway")
        tickets = self.with_context(
            default_user_id=False,
            scrm_ticket_channel="email",
            # The gateway's own post of the email subscribes its author, the
            # customer: the ticket need not subscribe them a first time.
            scrm_skip_customer_subscribe=gateway,
        )
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        email_from = msg_dict.get("email_from")
        new_partner = False
        if not partner and email_normalize(email_from):
            partner = self._scrm_gateway_author(email_from)
            new_partner = bool(partner)
            msg_dict["author_id"] = partner.id
        # An email is never refused for its headers' length: an endless subject
        # is shortened, a sender's display name dropped when too long.
        # The follow-up search reads the whole subject: a second email on the
        # same endless subject ("Re: " and all) joins the ticket it opened.
        values.setdefault("name", msg_dict.get("subject") or self.env._("No Subject"))
        subject = values["name"]
        if len(subject) > TICKET_SIZES["name"]:
            values["name"] = subject[: TICKET_SIZES["name"] - 1] + "\u2026"
        values["partner_id"] = partner.id
        if len(email_from or "") > TICKET_SIZES["partner_email"]:
            email_from = email_normalize(email_from) or False
            if len(email_from or "") > TICKET_SIZES["partner_email"]:
                email_from = False
        values["partner_email"] = email_from
        # A contact created just now has no ticket to follow up.
        existing = not new_partner and self._scrm_find_open_followup(
            partner,
            subject,
            values.get("product_id"),
            extra_domain=self._scrm_followup_company_domain(values),
        )
        if (
            existing
            and not self.env.su
            and not existing.with_env(self.env).has_access("write")
        ):
            existing = self.browse()
        if existing:
            existing._scrm_register_followup("email")
            return existing
        values.setdefault(
            "channel_id", self.env["scrm.channel"].sudo()._get_by_code("email").id
        )
        values["ack_pending"] = True
        ticket = super(ScrmTicket, tickets).message_new(msg_dict, custom_values=values)
        IrModelData = self.env["ir.model.data"]
        self.env["ir.cron"].browse(
            IrModelData._xmlid_to_res_id("scrm_service.ir_cron_scrm_ticket_ack")
        )._trigger()
        return ticket

    @api.model
    def _scrm_gateway_author(self, email_from):
        """The contact of an email's sender, created when unknown (never for
        one of our own aliases). The gateway has just searched the sender
        among users and contacts (``scrm_gateway_author_unknown``): then only
        the alias check remains before creating the contact."""
        if not self.env.context.get("scrm_gateway_author_unknown"):
            partners = self._mail_find_partner_from_emails(
                [email_from], force_create=True
            )
            return partners[0]
        Partner = self.env["res.partner"]
        normalized = email_normalize(email_from, strict=False)
        Alias = self.env["mail.alias"].sudo()
        if Alias.search_count([("alias_full_name", "=", normalized)], limit=1):
            return Partner
        partner = Partner.browse(Partner.name_create(email_from)[0])
        # Its computed fields written at once, not one search's worth at a time.
        partner.flush_recordset()
        return partner

    @api.model
    def _scrm_check_gateway_company(self, custom_values):
        """A user calling the gateway's entry points over RPC (the gateway
        itself runs as superuser) may name only a company they work in."""
        if self.env.su:
            return
        company_id = (custom_values or {}).get("company_id")
        if company_id and company_id not in self.env.companies.ids:
            raise AccessError(
                self.env._("You cannot open a ticket in a company you do not work in.")
            )

    def message_update(self, msg_dict, update_vals=None):
        if not self.env.su:
            # Over RPC: only the tickets the user may change.
            self.check_access("write")
        # A customer answering a ticket that waits for them restarts its clock;
        # answering a ticket closed within its reopen window reopens it (an
        # automatic reply does not).
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        human = not self.env.context.get("scrm_automatic_email")
        for ticket in self:
            if not ticket._scrm_is_customer(author):
                continue
            if ticket.is_waiting:
                ticket.stage_id = ticket._scrm_stage_after_customer_answer()
            elif (
                ticket.is_closed
                and human
                and ticket._scrm_closed_answer_action() == "reopen"
            ):
                ticket._scrm_reopen_by_customer("email")
        return super().message_update(msg_dict, update_vals=update_vals)

    def _detect_loop_sender_domain(self, email_from_normalized):
        return [("partner_email", "ilike", email_from_normalized)]

    @api.model
    def _cron_send_acknowledgements(self, batch_size=500):
        """Tell customers who emailed a team their ticket's reference.

        New tickets from email are only flagged by the gateway; this cron (run
        at once when flagged) renders and queues the acknowledgements in batches:
        an email then costs the gateway no rendering. Automatic emails open no
        ticket, so an auto-reply is never answered and cannot loop."""
        template = self.env.ref(
            "scrm_service.mail_template_ticket_received", raise_if_not_found=False
        )
        tickets = self.sudo().search([("ack_pending", "=", True)], limit=batch_size)
        to_ack = tickets.filtered("partner_id")
        if template and to_ack:
            template.send_mail_batch(
                to_ack.ids, email_layout_xmlid="mail.mail_notification_light"
            )
        tickets.write({"ack_pending": False})
        if len(tickets) == batch_size:
            self.env.ref("scrm_service.ir_cron_scrm_ticket_ack")._trigger()

    # ------------------------------------------------------------------
    # Customers answering closed tickets
    # ------------------------------------------------------------------

    def _scrm_is_customer(self, partner):
        """Whether ``partner`` is on the customer's side of this ticket."""
        self.ensure_one()
        return bool(partner) and (
            partner.commercial_partner_id == self.commercial_partner_id
        )

    def _scrm_closed_answer_action(self):
        """What a customer's answer does to this closed ticket: ``reopen``
        within the team's reopen window after closing, else ``followup`` (a
        new ticket linked to this one, as a contact about a closed ticket)."""
        self.ensure_one()
        days = self.team_id.reopen_days if self.team_id else REOPEN_DAYS
        if days and (
            not self.date_closed
            or fields.Datetime.now() <= self.date_closed + timedelta(days=days)
        ):
            return "reopen"
        return "followup"

    def _scrm_reopen_by_customer(self, channel_code):
        """The customer answered these closed tickets in time: they are worked
        on again and their assignee (else the team leader) is notified."""
        channel = self.env["scrm.channel"].sudo()._get_by_code(channel_code)
        stage = self._scrm_first_open_stage()
        for ticket in self.sudo():
            closed_on = ticket.date_closed
            ticket.stage_id = stage
            recipient = ticket.user_id.partner_id or ticket.team_id.leader_id.partner_id
            ticket.message_post(
                body=self.env._(
                    "Reopened: the customer answered by %(channel)s after the "
                    "ticket was closed on %(date)s.",
                    channel=channel.name,
                    date=format_date(self.env, closed_on) if closed_on else "-",
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=recipient.ids,
            )

    def _scrm_followup_values(self):
        """Values of the ticket that continues this closed one."""
        self.ensure_one()
        return {
            "name": self.name,
            "previous_ticket_id": self.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "product_id": self.product_id.id,
            "category_id": self.category_id.id,
            "referrer_partner_id": self.referrer_partner_id.id,
        }

    def _scrm_answer_route(self, route, message_dict):
        """The gateway's route for an email answering this ticket: a customer
        answering it after its reopen window opens a follow-up ticket
        instead (or joins their open ticket on the same subject)."""
        self.ensure_one()
        model, _thread_id, _custom_values, user_id, alias = route
        ticket = self.sudo()
        author = self.env["res.partner"].browse(message_dict.get("author_id"))
        if (
            ticket.is_closed
            and ticket._scrm_is_customer(author)
            and ticket._scrm_closed_answer_action() == "followup"
        ):
            return (model, False, ticket._scrm_followup_values(), user_id, alias)
        return route

    def _scrm_customer_answer(self, body, author, attachments=None):
        """A customer's message on this ticket from the portal, posted on it
        (a waiting ticket restarts, a closed one reopens within its window)
        or, after the reopen window, on the follow-up ticket (their open ticket
        on the same subject, else a new one linked to this one). Returns the
        ticket the message was posted on."""
        self.ensure_one()
        ticket = self.sudo()
        target = ticket
        if ticket.is_closed and ticket._scrm_closed_answer_action() == "followup":
            customer_side = ticket._scrm_is_customer(author)
            target, _is_new = ticket._scrm_open_or_follow(
                {
                    **ticket._scrm_followup_values(),
                    "partner_id": (author if customer_side else ticket.partner_id).id,
                },
                "portal",
                author=author,
                # A referrer joins only the tickets they referred.
                followup_domain=None
                if customer_side
                else [("referrer_partner_id", "=", author.commercial_partner_id.id)],
                log_contact=False,
            )
            if not customer_side:
                target.message_subscribe(partner_ids=author.ids)
        guarded_post(
            target.with_context(mail_create_nosubscribe=True),
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=attachments or [],
        )
        if target.is_waiting:
            target.stage_id = target._scrm_stage_after_customer_answer()
        elif target.is_closed:
            target._scrm_reopen_by_customer("portal")
        return target

    def _scrm_stage_after_customer_answer(self):
        self.ensure_one()
        return self._scrm_first_open_stage()

    @api.model
    def _scrm_first_open_stage(self):
        """Where a ticket goes when it is worked on again: the first stage that
        neither closes it nor waits for the customer."""
        Stage = self.env["scrm.ticket.stage"]
        return Stage.browse(Stage._scrm_first_stage_ids()[1])

    # ------------------------------------------------------------------
    # Follow-ups across channels
    # ------------------------------------------------------------------

    @api.model
    def _scrm_find_open_followup(
        self, partner, subject, product_id=False, extra_domain=None
    ):
        """The customer's open ticket this contact is about, else an empty set:
        same commercial partner, opened within the team's follow-up window, with
        the same subject (reply prefixes ignored) or the same product.

        :param extra_domain: further conditions on the candidates (a referrer
            may only add to the tickets they referred)
        """
        if not partner:
            return self.browse()
        window = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("scrm_service.followup_days", 14)
        )
        candidates = self.sudo().search(
            [
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("is_closed", "=", False),
                ("merged_into_id", "=", False),
                ("date_open", ">=", fields.Datetime.now() - timedelta(days=window)),
                # Searched as superuser, but for a user only in their companies.
                *(
                    []
                    if self.env.su
                    else [("company_id", "in", self.env.companies.ids)]
                ),
                *(extra_domain or []),
            ],
            order="date_open desc",
            limit=50,
        )
        wanted = normalize_subject(subject)
        for ticket in candidates:
            name = normalize_subject(ticket.name)
            if wanted and name == wanted:
                return ticket
            # A subject the gateway shortened: the rest of it was cut, not
            # different.
            if (
                wanted
                and len(ticket.name) == TICKET_SIZES["name"]
                and name.endswith("\u2026")
                and wanted.startswith(name[:-1])
            ):
                return ticket
            if product_id and ticket.product_id.id == product_id:
                return ticket
        return self.browse()

    @api.model
    def _scrm_followup_company_domain(self, values):
        """A contact joins only a ticket of the company it would open one in:
        a team alias or form of one company never adds to another's ticket."""
        return [("company_id", "=", values.get("company_id") or self.env.company.id)]

    def _scrm_register_followup(self, channel_code):
        self.ensure_one()
        channel = self.env["scrm.channel"].sudo()._get_by_code(channel_code)
        self.sudo().followup_count += 1
        self.sudo().message_post(
            body=self.env._(
                "The customer contacted us again about this ticket by %(channel)s.",
                channel=channel.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _scrm_open_or_follow(
        self,
        values,
        channel_code,
        body=None,
        author=None,
        followup_domain=None,
        log_contact=True,
    ):
        """Open a ticket from a portal, web form or phone contact, or add the
        contact to the customer's matching open ticket. Returns (ticket, is_new).

        :param values: ticket values (name, partner_id, description, ...)
        :param followup_domain: restricts the open tickets the contact may join
        :param log_contact: put a follow-up on the customer's timeline, on the
            channel it came by (False when the caller logs the contact itself,
            as a call log does)
        """
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        existing = self._scrm_find_open_followup(
            partner,
            values.get("name"),
            values.get("product_id"),
            extra_domain=[
                *self._scrm_followup_company_domain(values),
                *(followup_domain or []),
            ],
        )
        if existing:
            existing._scrm_register_followup(channel_code)
            if log_contact:
                existing._scrm_log_interaction(
                    channel_code,
                    self.env._("Contacted us again about this ticket"),
                    direction="in",
                    body=body or False,
                    user_id=False,
                )
            if body:
                # Logged above on its own channel, not as a portal message.
                existing.sudo().with_context(scrm_skip_timeline=True).message_post(
                    body=body,
                    author_id=(author or partner).id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            return existing, False
        channel = self.env["scrm.channel"].sudo()._get_by_code(channel_code)
        ticket = self.create({**values, "channel_id": channel.id})
        return ticket, True

    # ------------------------------------------------------------------
    # Replies, first response, held replies
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            message.message_type == "comment"
            and not message.is_internal
            and not message.subtype_id.internal
            and author
            and author.user_ids.filtered(lambda u: not u.share)
        ):
            self.filtered(lambda t: not t.date_first_response).sudo().write(
                {"date_first_response": message.date}
            )
        return result

    def _scrm_reply_held(self, partner, reason):
        """A reply was held back by the customer's preferences: say so on the
        ticket and plan a contact on the channel they prefer."""
        preferred = self.env["scrm.contact.preference"]._get_preferred_channels(
            partner.ids, "service"
        )[partner.id]
        activity_type = self._scrm_callback_activity_type(preferred)
        for ticket in self.sudo():
            ticket.write({"reply_held": True, "reply_held_reason": reason})
            summary = (
                self.env._("Call back %(partner)s", partner=partner.name)
                if not preferred or preferred.code == "phone"
                else self.env._(
                    "Contact %(partner)s by %(channel)s",
                    partner=partner.name,
                    channel=preferred.name,
                )
            )
            ticket.message_post(
                body=self.env._(
                    "Not emailed to %(partner)s: %(reason)s An activity was planned "
                    "to reach them by %(channel)s.",
                    partner=partner.name,
                    reason=reason,
                    channel=preferred.name or self.env._("phone"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            ticket.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=reason,
                user_id=(ticket.user_id or self.env.user).id,
            )

    @api.model
    def _scrm_callback_activity_type(self, channel):
        if channel and channel.code not in ("phone", "email"):
            return self.env.ref("mail.mail_activity_data_todo")
        return self.env.ref("mail.mail_activity_data_call")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_close(self):
        stage = self.env["scrm.ticket.stage"].search(
            [("is_closed", "=", True)], limit=1
        )
        if not stage:
            raise UserError(self.env._("No closing stage is configured."))
        self.write({"stage_id": stage.id})

    def action_reopen(self):
        self.write({"stage_id": self._scrm_first_open_stage().id})

    def action_assign_to_me(self):
        self.write({"user_id": self.env.user.id})

    def action_open_customer_timeline(self):
        """Every contact with the customer, on every channel and document."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("This ticket has no customer yet."))
        return self.partner_id.action_scrm_open_interactions()

    def action_open_call_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_service.scrm_call_log_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_open_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("scrm_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_merge(self):
        """Merge the selected tickets into the oldest one."""
        if len(self) < 2:
            raise UserError(self.env._("Select at least two tickets to merge."))
        target = self.sorted(lambda t: (t.date_open, t.id))[0]
        (self - target)._scrm_merge_into(target)
        return {
            "type": "ir.actions.act_window",
            "res_model": "scrm.ticket",
            "res_id": target.id,
            "views": [(False, "form")],
        }

    def _scrm_merge_into(self, target):
        """Move every message, attachment, follower, call and timeline entry of
        these duplicates to ``target``, then archive them pointing to it."""
        target.ensure_one()
        if target in self:
            raise UserError(self.env._("A ticket cannot be merged into itself."))
        if self.filtered(
            lambda t: t.commercial_partner_id != target.commercial_partner_id
        ):
            raise UserError(
                self.env._("Only tickets of the same customer can be merged.")
            )
        if self.filtered(lambda t: t.company_id != target.company_id):
            raise UserError(
                self.env._("Only tickets of the same company can be merged.")
            )
        self.check_access("write")
        target.check_access("write")
        ids = self.ids
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        self.env["scrm.interaction"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", ids)]
        ).write({"res_id": target.id})
        self.env["scrm.call.log"].sudo().search([("ticket_id", "in", ids)]).write(
            {"ticket_id": target.id}
        )
        self.env["crm.lead"].sudo().with_context(active_test=False).search(
            [("scrm_ticket_id", "in", ids)]
        ).write({"scrm_ticket_id": target.id})
        target.message_subscribe(partner_ids=self.message_partner_ids.ids)
        self.sudo().write({"merged_into_id": target.id, "active": False})
        target.message_post(
            body=self.env._(
                "Merged from %(tickets)s.",
                tickets=", ".join(self.mapped("number")),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _scrm_rating_on_close(self):
        template = self.env.ref(
            "scrm_service.mail_template_ticket_rating", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self.filtered(lambda t: t.is_closed and t.partner_id):
            if ticket.team_id and not ticket.team_id.rating_on_close:
                continue
            ticket.rating_send_request(template, force_send=False)

    # ------------------------------------------------------------------
    # Portal and timeline
    # ------------------------------------------------------------------

    def _scrm_rating_of_closing(self, partner):
        """The rating ``partner`` gave since the ticket was last closed, if any
        (a rating given before a reopening belongs to an earlier closing)."""
        self.ensure_one()
        return (
            self.rating_ids.sudo()
            .filtered(
                lambda r: (
                    r.consumed
                    and r.partner_id == partner
                    and self.date_closed
                    and (r.scrm_rated_date or r.write_date) >= self.date_closed
                )
            )
            .sorted("id", reverse=True)[:1]
        )

    def _scrm_rating_locked(self, rating):
        """Whether a given rating can no longer be changed: the ticket was
        reopened since, or the rating is older than RATING_CHANGE_DAYS."""
        self.ensure_one()
        if not rating.consumed:
            return False
        rated = rating.scrm_rated_date or rating.write_date
        return (
            not self.is_closed
            or not self.date_closed
            or rated < self.date_closed
            or fields.Datetime.now() > rated + timedelta(days=RATING_CHANGE_DAYS)
        )

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """Refuse changing a rating after the window (mail link and portal)."""
        if token:
            rating = (
                self.env["rating.rating"]
                .sudo()
                .search([("access_token", "=", token)], limit=1)
            )
        if rating and self._scrm_rating_locked(rating):
            raise UserError(
                self.env._(
                    "This rating can no longer be changed: ratings can be changed "
                    "for %(days)s days, until the request is reopened.",
                    days=RATING_CHANGE_DAYS,
                )
            )
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if not rating.scrm_rated_date:
            rating.sudo().scrm_rated_date = fields.Datetime.now()
        return rating

    def _get_portal_return_action(self):
        return self.env.ref("scrm_service.scrm_ticket_action")

    def _scrm_get_interaction_contacts(self):
        return {ticket.id: ticket.partner_id for ticket in self}

    def _rating_get_parent_field_name(self):
        return "team_id"

    @api.model
    def _scrm_get_interaction_side(self):
        return "customer"

    # ------------------------------------------------------------------
    # SLA fields and clocks (arithmetic in engine.sla_clock)
    # ------------------------------------------------------------------

    sla_policy_id = fields.Many2one(
        "scrm.sla.policy", string="SLA Policy", readonly=True, index="btree_not_null"
    )
    sla_response_deadline = fields.Datetime(
        string="First Response Deadline", readonly=True, index="btree_not_null"
    )
    sla_resolve_deadline = fields.Datetime(
        string="Resolution Deadline", readonly=True, index="btree_not_null"
    )
    sla_response_breached = fields.Boolean(
        string="First Response Late", readonly=True, index=True
    )
    sla_resolve_breached = fields.Boolean(
        string="Resolution Late", readonly=True, index=True
    )
    sla_breached = fields.Boolean(
        string="SLA Breached",
        compute="_compute_sla_breached",
        store=True,
        index=True,
    )
    sla_escalated = fields.Boolean(readonly=True, copy=False)
    pause_ids = fields.One2many("scrm.ticket.pause", "ticket_id", string="SLA Pauses")

    @api.depends("sla_response_breached", "sla_resolve_breached")
    def _compute_sla_breached(self):
        for ticket in self:
            ticket.sla_breached = (
                ticket.sla_response_breached or ticket.sla_resolve_breached
            )

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------

    def _scrm_auto_assign(self):
        for team, tickets in self.grouped("team_id").items():
            if not team:
                continue
            picks = team._scrm_pick_assignees(len(tickets))
            for ticket, user_id in zip(tickets, picks, strict=True):
                if user_id:
                    ticket.user_id = user_id

    # ------------------------------------------------------------------
    # SLA clocks
    # ------------------------------------------------------------------

    def _scrm_sla_track_pause(self, new_stage):
        """Open a pause when tickets start waiting for the customer, close it
        when they stop."""
        now = fields.Datetime.now()
        Pause = self.env["scrm.ticket.pause"].sudo()
        starting = self.filtered(lambda t: new_stage.is_waiting and not t.is_waiting)
        Pause.create([{"ticket_id": t.id, "date_start": now} for t in starting])
        ending = self.filtered(lambda t: t.is_waiting and not new_stage.is_waiting)
        if ending:
            Pause.search(
                [("ticket_id", "in", ending.ids), ("date_end", "=", False)]
            ).write({"date_end": now})

    @api.model
    def _scrm_working_intervals(self, calendar, start, end):
        """Working intervals of a calendar as naive UTC (start, end) pairs."""
        if not calendar:
            return [(start, end)]
        start_aware = pytz.utc.localize(start)
        end_aware = pytz.utc.localize(end)
        intervals = calendar._work_intervals_batch(start_aware, end_aware)[False]
        return [
            (
                s.astimezone(pytz.utc).replace(tzinfo=None),
                e.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for s, e, _records in intervals
        ]

    def _scrm_sla_apply(self):
        """Match the SLA policy and (re)compute deadlines and breach flags."""
        if not self:
            return
        policies = self.env["scrm.sla.policy"]._scrm_match(self)
        now = fields.Datetime.now()
        by_calendar = {}
        for ticket in self:
            if not policies[ticket.id] and not ticket.sla_policy_id:
                continue  # nothing to compute, nothing to clear
            calendar = (
                ticket.team_id.resource_calendar_id
                or ticket.company_id.resource_calendar_id
            )
            by_calendar.setdefault(calendar, self.browse())
            by_calendar[calendar] |= ticket
        pauses = {}
        if by_calendar:
            for pause in (
                self.env["scrm.ticket.pause"]
                .sudo()
                .search([("ticket_id", "in", self.ids)])
            ):
                pauses.setdefault(pause.ticket_id.id, []).append(
                    (pause.date_start, pause.date_end)
                )
        for calendar, tickets in by_calendar.items():
            start = min(tickets.mapped("date_open"))
            end = max(tickets.mapped("date_open")) + timedelta(days=HORIZON_DAYS)
            intervals = self._scrm_working_intervals(calendar, start, end)
            for ticket in tickets:
                policy = policies[ticket.id]
                vals = {"sla_policy_id": policy.id}
                if not policy:
                    vals.update(
                        sla_response_deadline=False,
                        sla_resolve_deadline=False,
                        sla_response_breached=False,
                        sla_resolve_breached=False,
                    )
                    ticket.sudo().write(vals)
                    continue
                ticket_pauses = pauses.get(ticket.id, [])
                paused = any(end is None for _start, end in ticket_pauses)
                working = sla_clock.subtract_pauses(intervals, ticket_pauses)
                if paused:
                    # A deadline that fell before the pause began stays (and
                    # stays breached); one the pause holds back is unknown
                    # until the customer answers.
                    response, resolve = (
                        sla_clock.add_working_hours(working, ticket.date_open, hours)
                        or False
                        for hours in (policy.response_hours, policy.resolve_hours)
                    )
                else:
                    response = ticket._scrm_deadline(
                        calendar, working, policy.response_hours, ticket_pauses
                    )
                    resolve = ticket._scrm_deadline(
                        calendar, working, policy.resolve_hours, ticket_pauses
                    )
                vals.update(
                    sla_response_deadline=response,
                    sla_resolve_deadline=resolve,
                )
                ticket.sudo().write(vals)
        self._scrm_sla_update_breaches(now)

    def _scrm_deadline(self, calendar, working, hours, pauses):
        self.ensure_one()
        deadline = sla_clock.add_working_hours(working, self.date_open, hours)
        if deadline is None:  # beyond the horizon: look further once
            end = self.date_open + timedelta(days=HORIZON_DAYS * 20)
            longer = self._scrm_working_intervals(calendar, self.date_open, end)
            deadline = sla_clock.add_working_hours(
                sla_clock.subtract_pauses(longer, pauses), self.date_open, hours
            )
        return deadline or False

    def _scrm_sla_update_breaches(self, now=None):
        now = now or fields.Datetime.now()
        for ticket in self.sudo():
            response_at = ticket.date_first_response or now
            resolved_at = ticket.date_closed or now
            vals = {
                "sla_response_breached": bool(
                    ticket.sla_response_deadline
                    and response_at > ticket.sla_response_deadline
                ),
                "sla_resolve_breached": bool(
                    ticket.sla_resolve_deadline
                    and resolved_at > ticket.sla_resolve_deadline
                ),
            }
            if any(ticket[key] != value for key, value in vals.items()):
                ticket.write(vals)

    @api.model
    def _cron_sla_check(self):
        """Flag breaches of open tickets and plan an escalation activity for the
        team leader (else the assignee) shortly before a deadline."""
        now = fields.Datetime.now()
        open_tickets = self.sudo().search(
            [
                ("is_closed", "=", False),
                ("sla_policy_id", "!=", False),
                "|",
                ("sla_response_deadline", "!=", False),
                ("sla_resolve_deadline", "!=", False),
            ]
        )
        open_tickets._scrm_sla_update_breaches(now)
        for ticket in open_tickets.filtered(lambda t: not t.sla_escalated):
            margin = timedelta(hours=ticket.sla_policy_id.escalate_before_hours)
            deadlines = [
                d
                for d in (
                    not ticket.date_first_response and ticket.sla_response_deadline,
                    ticket.sla_resolve_deadline,
                )
                if d
            ]
            soonest = min(deadlines) if deadlines else None
            if soonest is None or soonest - margin > now:
                continue
            user = ticket.team_id.leader_id or ticket.user_id or self.env.user
            # The activity is due on the deadline's day where its user works
            # (their time zone, else the company's), not on UTC's day.
            zone = record_zone(ticket.company_id, user=user)
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=local_day(soonest, zone),
                summary=self.env._(
                    "SLA at risk: %(ticket)s", ticket=ticket.display_name
                ),
                note=self.env._(
                    "Deadline %(deadline)s (UTC) of policy %(policy)s.",
                    deadline=fields.Datetime.to_string(soonest),
                    policy=ticket.sla_policy_id.name,
                ),
                user_id=user.id,
            )
            ticket.sla_escalated = True

    # ------------------------------------------------------------------
    # Upsell and cross-sell from service
    # ------------------------------------------------------------------

    def _scrm_suggested_products(self):
        """What to offer the customer: the optional and accessory products of
        the ticket's product, and its renewal when the warranty expires soon or
        expired; saleable ones of the ticket's company, each once."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        products = template._scrm_suggested_products()
        if self._scrm_suggests_renewal():
            products |= template.scrm_renewal_product_id
        return products.filtered(
            lambda p: (
                p.sale_ok and (not p.company_id or p.company_id == self.company_id)
            )
        )

    def _scrm_suggests_renewal(self):
        self.ensure_one()
        renewal = self.product_id.scrm_renewal_product_id
        return bool(renewal) and self.warranty_status in ("expiring", "expired")

    def _scrm_opportunity_description(self):
        self.ensure_one()
        lines = [
            self.env._(
                "Raised by %(agent)s from ticket %(ticket)s.",
                agent=self.env.user.name,
                ticket=self.display_name,
            )
        ]
        if self._scrm_suggests_renewal():
            lines.append(
                self.env._(
                    "The warranty of %(product)s ends on %(date)s: offer %(renewal)s.",
                    product=self.product_id.display_name,
                    date=format_date(self.env, self.warranty_end),
                    renewal=self.product_id.scrm_renewal_product_id.display_name,
                )
            )
        return "\n".join(lines)

    def action_create_opportunity(self):
        self.ensure_one()
        # The opportunity is created with sudo (agents need not be salespeople):
        # only who may edit the ticket may raise one (not a portal customer).
        self.check_access("write")
        source = self.env.ref("scrm_service.utm_source_service")
        products = self._scrm_suggested_products()
        lead = (
            self.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Opportunity from %(ticket)s", ticket=self.display_name
                    ),
                    "type": "opportunity",
                    "partner_id": self.commercial_partner_id.id or self.partner_id.id,
                    "source_id": source.id,
                    "scrm_ticket_id": self.id,
                    "scrm_suggested_product_ids": [fields.Command.set(products.ids)],
                    "expected_revenue": sum(products.mapped("lst_price")),
                    "company_id": self.company_id.id,
                    "scrm_agent_id": self.env.user.id,
                    "description": plaintext2html(self._scrm_opportunity_description()),
                }
            )
        )
        self.message_post(
            body=self.env._("Opportunity %s created.", lead.name),
            subtype_xmlid="mail.mt_note",
        )
        if not lead.with_env(self.env).has_access("read"):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self.env._(
                        "Opportunity %s created for the sales team.", lead.name
                    ),
                    "type": "success",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "views": [(False, "form")],
        }

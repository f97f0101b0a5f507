import ast
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.scrm_base.models.scrm_contact_preference import PURPOSES

CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("voicemail", "Voicemail"),
    ("no_answer", "No Answer"),
    ("callback", "Call Back Later"),
    ("not_interested", "Not Interested"),
    ("wrong_number", "Wrong Number"),
]
LINE_STATES = [
    ("pending", "To Call"),
    ("done", "Called"),
    ("skipped", "Skipped"),
    ("held", "Held Back"),
]
MAX_LINES = 5000


def _format_hour(value):
    hours = int(value)
    minutes = round((value - hours) * 60)
    if minutes == 60:
        hours, minutes = hours + 1, 0
    return f"{hours:02d}:{minutes:02d}"


class ScrmContactPreference(models.Model):
    """Call windows: the hours a contact accepts calls, on their phone
    preference (a contact without their own falls back to their company's)."""

    _inherit = "scrm.contact.preference"

    call_window_start = fields.Float(
        string="Calls From",
        help="Local time (the contact's time zone) from which calls are accepted; "
        "leave both hours empty to accept calls at any time.",
    )
    call_window_end = fields.Float(string="Calls Until")
    call_weekdays_only = fields.Boolean(
        string="Weekdays Only", help="No calls on Saturdays and Sundays."
    )

    @api.constrains("call_window_start", "call_window_end")
    def _check_call_window(self):
        for preference in self:
            start, end = preference.call_window_start, preference.call_window_end
            if not (start or end):
                continue
            if not (0 <= start < end <= 24):
                raise ValidationError(
                    self.env._(
                        "A call window runs from one hour to a later hour of the "
                        "same day, between 00:00 and 24:00."
                    )
                )

    def _scrm_call_window_reason(self, partner, now):
        """Why ``partner`` may not be called at ``now`` (UTC) by this
        preference's window, or False when the call is allowed."""
        self.ensure_one()
        start, end = self.call_window_start, self.call_window_end
        if not (start or end or self.call_weekdays_only):
            return False
        tz_name = partner.tz or self.env.user.tz or "UTC"
        local = pytz.utc.localize(now).astimezone(pytz.timezone(tz_name))
        if self.call_weekdays_only and local.weekday() >= 5:
            return self.env._(
                "%(partner)s accepts calls on weekdays only.",
                partner=partner.display_name,
            )
        hour = local.hour + local.minute / 60.0
        if (start or end) and not (start <= hour < end):
            return self.env._(
                "Outside %(partner)s's call window (%(start)s-%(end)s, %(tz)s): "
                "it is %(now)s there.",
                partner=partner.display_name,
                start=_format_hour(start),
                end=_format_hour(end),
                tz=tz_name,
                now=local.strftime("%H:%M"),
            )
        return False


class ScrmCallList(models.Model):
    """A list of people to call, built from a domain on opportunities, worked
    one by one from the call console."""

    _name = "scrm.call.list"
    _description = "Call List"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    purpose = fields.Selection(
        PURPOSES,
        required=True,
        default="marketing",
        help="What the calls are for: the contacts' phone consent for this purpose "
        "is obeyed.",
    )
    stage_id = fields.Many2one("crm.stage")
    stale_days = fields.Integer(
        string="Without Activity For (days)",
        help="Only opportunities with no planned activity whose stage has not "
        "changed for this many days.",
    )
    domain = fields.Char(
        string="Other Conditions",
        default="[]",
        help="A domain on opportunities, e.g. [('priority', '=', '3')].",
    )
    line_ids = fields.One2many("scrm.call.list.line", "list_id", string="Calls")
    pending_count = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids.state")
    def _compute_counts(self):
        counts = {
            (call_list.id, state): count
            for call_list, state, count in self.env["scrm.call.list.line"]._read_group(
                [("list_id", "in", self.ids)], ["list_id", "state"], ["__count"]
            )
        }
        for call_list in self:
            call_list.pending_count = counts.get((call_list.id, "pending"), 0)
            call_list.done_count = counts.get((call_list.id, "done"), 0)
            call_list.skipped_count = counts.get(
                (call_list.id, "skipped"), 0
            ) + counts.get((call_list.id, "held"), 0)

    @api.constrains("stale_days")
    def _check_stale_days(self):
        for call_list in self:
            if not 0 <= call_list.stale_days <= 3660:
                raise ValidationError(
                    self.env._("Without activity for 0 to 3,660 days.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_text_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_text_input(vals)
        return super().write(vals)

    @api.model
    def _check_text_input(self, vals):
        """Refuse, before the database does, text it cannot store."""
        for fname in ("name", "domain"):
            value = vals.get(fname)
            if isinstance(value, str) and ("\x00" in value or len(value) > 4000):
                raise UserError(
                    self.env._(
                        "The call list's %(field)s holds a NUL character or is "
                        "longer than 4,000 characters.",
                        field=self._fields[fname].string,
                    )
                )

    def _parse_domain(self):
        self.ensure_one()
        text = (self.domain or "[]").strip()
        error = self.env._(
            "The conditions of %(list)s are not a valid domain on opportunities.",
            list=self.name,
        )
        if "\x00" in text or len(text) > 4000:
            raise UserError(error)
        try:
            domain = ast.literal_eval(text)
            domain = expression.normalize_domain(domain) if domain else []
            self.env["crm.lead"]._where_calc(domain)
        except Exception:  # any bad domain gets the one message
            raise UserError(error) from None
        return domain

    def _lead_domain(self):
        self.ensure_one()
        domain = [
            ("type", "=", "opportunity"),
            ("company_id", "in", self.company_id.ids),
        ]
        if self.stage_id:
            domain.append(("stage_id", "=", self.stage_id.id))
        if self.stale_days:
            limit = fields.Datetime.now() - timedelta(days=self.stale_days)
            domain += [
                ("activity_ids", "=", False),
                ("date_last_stage_update", "<", limit),
            ]
        return expression.AND([domain, self._parse_domain()])

    def action_build(self):
        """Add the opportunities the conditions select (read as the list's
        salesperson, so only what they may see), once each."""
        for call_list in self:
            leads = (
                self.env["crm.lead"]
                .with_user(call_list.user_id)
                .search(call_list._lead_domain(), limit=MAX_LINES + 1, order="id")
            )
            if len(leads) > MAX_LINES:
                raise UserError(
                    self.env._(
                        "These conditions select more than %(max)s opportunities: "
                        "narrow them.",
                        max=MAX_LINES,
                    )
                )
            known = set(call_list.line_ids.lead_id.ids)
            sequence = max(call_list.line_ids.mapped("sequence"), default=0)
            vals_list = []
            for lead in leads.sudo():
                if lead.id in known:
                    continue
                sequence += 1
                vals_list.append(
                    {
                        "list_id": call_list.id,
                        "sequence": sequence,
                        "lead_id": lead.id,
                        "partner_id": lead.partner_id.id,
                    }
                )
            self.env["scrm.call.list.line"].create(vals_list)
        return True

    def action_retry_skipped(self):
        """Put back in the queue the calls skipped for their window or by hand
        (not those held back by a refused consent)."""
        self.line_ids.filtered(lambda line: line.state == "skipped").write(
            {"state": "pending", "skip_reason": False}
        )
        return True

    def _next_line(self, now=None):
        """The next line that may be called now. Lines in the way are set
        aside with the reason: held back (consent refused) or skipped (outside
        the call window)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        pending = self.line_ids.filtered(lambda line: line.state == "pending").sorted(
            "sequence"
        )
        if not pending:
            return pending
        Preference = self.env["scrm.contact.preference"]
        partners = pending.partner_id
        decisions = Preference._get_contact_decisions(
            partners.ids, "phone", self.purpose
        )
        phone = self.env["scrm.channel"]._get_by_code("phone")
        consents = Preference._effective_consents(
            partners.ids, self.purpose, channel_ids=phone.ids
        )
        preferences = Preference.sudo().with_context(active_test=False)
        for line in pending:
            partner = line.partner_id
            if not partner:
                line.write(
                    {
                        "state": "held",
                        "skip_reason": self.env._(
                            "The opportunity has no contact to call."
                        ),
                    }
                )
                continue
            decision = decisions.get(partner.id)
            if decision and not decision.allowed:
                line.write(
                    {
                        "state": "held",
                        "skip_reason": decision.reason(
                            self.env, partner, phone, self.purpose
                        ),
                    }
                )
                continue
            if not (partner.phone or partner.mobile or line.lead_id.phone):
                line.write(
                    {
                        "state": "held",
                        "skip_reason": self.env._(
                            "%(partner)s has no phone number.",
                            partner=partner.display_name,
                        ),
                    }
                )
                continue
            answer = consents.get(partner.id, {}).get(phone.id)
            if answer:
                reason = preferences.browse(answer[1])._scrm_call_window_reason(
                    partner, now
                )
                if reason:
                    line.write({"state": "skipped", "skip_reason": reason})
                    continue
            return line
        return self.env["scrm.call.list.line"]

    def action_open_console(self):
        """The call console on the next contact that may be called now."""
        self.ensure_one()
        line = self._next_line()
        if not line:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Nothing left to call"),
                    "message": self.env._(
                        "Every call of %(list)s is made, skipped or held back: see "
                        "the reasons on the list.",
                        list=self.name,
                    ),
                    "type": "info",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return line._console_action()


class ScrmCallListLine(models.Model):
    _name = "scrm.call.list.line"
    _description = "Call List Entry"
    _order = "list_id, sequence, id"
    _inherit = ["scrm.interaction.mixin"]

    list_id = fields.Many2one(
        "scrm.call.list", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(related="list_id.user_id", store=True, index=True)
    company_id = fields.Many2one(related="list_id.company_id", store=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True)
    territory_id = fields.Many2one(
        related="lead_id.scrm_territory_id", store=True, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Contact")
    account_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Account"
    )
    phone = fields.Char(compute="_compute_phone")
    state = fields.Selection(LINE_STATES, required=True, default="pending", index=True)
    skip_reason = fields.Char(string="Reason", readonly=True)
    outcome = fields.Selection(CALL_OUTCOMES)
    note = fields.Text()
    call_date = fields.Datetime(readonly=True)
    next_step = fields.Char()
    next_step_date = fields.Date()
    interaction_id = fields.Many2one(
        "scrm.interaction", string="Timeline Entry", readonly=True
    )
    timeline_ids = fields.Many2many(
        "scrm.interaction",
        compute="_compute_timeline_ids",
    )

    @api.depends("partner_id.phone", "partner_id.mobile", "lead_id.phone")
    def _compute_phone(self):
        for line in self:
            line.phone = (
                line.partner_id.phone or line.partner_id.mobile or line.lead_id.phone
            )

    @api.depends("account_id")
    def _compute_timeline_ids(self):
        Interaction = self.env["scrm.interaction"]
        for line in self:
            line.timeline_ids = (
                Interaction.search([("partner_id", "=", line.account_id.id)], limit=20)
                if line.account_id
                else Interaction
            )

    def _scrm_get_interaction_contacts(self):
        return {line.id: line.partner_id for line in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "customer"

    def _console_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call Console"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [
                (
                    self.env.ref(
                        "scrm_sales_marketing.scrm_call_list_line_view_form_console"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }

    def _check_caller(self):
        if self.env.su or self.env.user.has_group(
            "scrm_sales_marketing.group_sales_manager"
        ):
            return
        if any(line.user_id != self.env.user for line in self):
            raise UserError(self.env._("Only the salesperson of a call list calls it."))

    def action_log_call(self):
        """Log the call on the timeline, schedule the next step and go on to
        the next call of the list."""
        self.ensure_one()
        self._check_caller()
        if self.state != "pending":
            raise UserError(self.env._("This call is already made or set aside."))
        if not self.outcome:
            raise UserError(self.env._("Choose the outcome of the call."))
        today = fields.Date.context_today(self)
        if self.next_step_date and not (
            today <= self.next_step_date <= today + timedelta(days=366)
        ):
            raise UserError(
                self.env._("The next step's date must lie within the coming year.")
            )
        outcome = dict(self._fields["outcome"]._description_selection(self.env))[
            self.outcome
        ]
        summary = self.env._(
            "Call to %(contact)s: %(outcome)s",
            contact=self.partner_id.display_name,
            outcome=outcome,
        )
        interaction = self._scrm_log_interaction(
            "phone", summary, body=self.note or False, user_id=self.env.uid
        )
        self.write(
            {
                "state": "done",
                "call_date": fields.Datetime.now(),
                "interaction_id": interaction[:1].id,
            }
        )
        if self.next_step_date and self.lead_id:
            self.lead_id.sudo().activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.next_step_date,
                summary=self.next_step or summary,
                user_id=self.user_id.id,
            )
        return self.list_id.action_open_console()

    def action_skip(self):
        self.ensure_one()
        self._check_caller()
        if self.state == "pending":
            self.write(
                {
                    "state": "skipped",
                    "skip_reason": self.env._(
                        "Skipped by %(user)s on %(date)s.",
                        user=self.env.user.name,
                        date=fields.Date.to_string(fields.Date.context_today(self)),
                    ),
                }
            )
        return self.list_id.action_open_console()

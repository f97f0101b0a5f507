from datetime import datetime, time, timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.scrm_base.models.scrm_contact_preference import PURPOSES

STEP_KINDS = [
    ("call", "Call"),
    ("email", "Email"),
    ("sms", "SMS"),
    ("visit", "Visit"),
    ("task", "Task"),
]
# The activity a step becomes for its owner.
STEP_ACTIVITY = {
    "call": "mail.mail_activity_data_call",
    "visit": "mail.mail_activity_data_meeting",
    "task": "mail.mail_activity_data_todo",
}
ENROLMENT_STATES = [
    ("active", "Running"),
    ("done", "Completed"),
    ("stopped", "Stopped"),
]
STOP_REASONS = [
    ("reply", "Replied"),
    ("meeting", "Meeting Booked"),
    ("won", "Won"),
    ("manual", "Stopped by Hand"),
]
MAX_DELAY_DAYS = 365
MAX_ENROL = 10000


class ScrmCadence(models.Model):
    """A cadence: an ordered list of steps (call, email, SMS, visit, task)
    with delays in working days, run for each enrolled lead or contact.

    Other addons enrol records with :meth:`_scrm_enrol`."""

    _name = "scrm.cadence"
    _description = "Sales Cadence"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    purpose = fields.Selection(
        [p for p in PURPOSES if p[0] in ("marketing", "transactional")],
        required=True,
        default="marketing",
        help="The consent an email or SMS step needs: marketing, or transactional "
        "for cadences about an order in progress.",
    )
    step_ids = fields.One2many("scrm.cadence.step", "cadence_id", string="Steps")
    enrolment_ids = fields.One2many("scrm.cadence.enrolment", "cadence_id")
    running_count = fields.Integer(compute="_compute_running_count")

    def _compute_running_count(self):
        counts = dict(
            self.env["scrm.cadence.enrolment"]._read_group(
                [("cadence_id", "in", self.ids), ("state", "=", "active")],
                ["cadence_id"],
                ["__count"],
            )
        )
        for cadence in self:
            cadence.running_count = counts.get(cadence, 0)

    def _scrm_enrol(self, records, user=None):
        """Enrol leads (crm.lead) or contacts (res.partner) in this cadence.

        The public entry point for other addons (marketing campaigns, lead
        routing): one call per batch. A record already running in this cadence
        is left as it is. The first step starts at once when its delay is zero,
        else it is planned on the owner's working days.

        :param records: a crm.lead or res.partner recordset (any size up to
            10,000), read with the caller's rights
        :param user: the owner of the steps when a record has no salesperson
            (default: the current user)
        :return: the new scrm.cadence.enrolment records
        """
        self.ensure_one()
        if not self.active or not self.step_ids:
            raise UserError(
                self.env._(
                    "The cadence %(cadence)s has no step or is archived.",
                    cadence=self.name,
                )
            )
        if records._name not in ("crm.lead", "res.partner"):
            raise UserError(self.env._("Only leads and contacts can be enrolled."))
        if len(records) > MAX_ENROL:
            raise UserError(
                self.env._("Enrol at most %(max)s records at once.", max=MAX_ENROL)
            )
        records.check_access("read")
        field = "lead_id" if records._name == "crm.lead" else "partner_id"
        running = (
            self.env["scrm.cadence.enrolment"]
            .sudo()
            .search(
                [
                    ("cadence_id", "=", self.id),
                    ("state", "=", "active"),
                    (field, "in", records.ids),
                ]
            )
        )
        already = set(running.mapped(f"{field}.id"))
        user = user or self.env.user
        first = self.step_ids.sorted(lambda s: (s.sequence, s.id))[:1]
        now = fields.Datetime.now()
        vals_list = []
        for record in records:
            if record.id in already:
                continue
            if field == "lead_id":
                partner, owner = record.partner_id, record.user_id
            else:
                partner, owner = record, record.user_id
            vals_list.append(
                {
                    "cadence_id": self.id,
                    "lead_id": record.id if field == "lead_id" else False,
                    "partner_id": partner.id,
                    "user_id": (owner or user).id,
                    "step_id": first.id,
                    "next_date": self._scrm_plan(now, first.delay_days),
                }
            )
        enrolments = self.env["scrm.cadence.enrolment"].sudo().create(vals_list)
        enrolments.filtered(lambda e: e.next_date <= now)._scrm_run_due_steps()
        return enrolments.sudo(False)

    def _scrm_plan(self, start, days):
        """``days`` working days of the company's calendar after ``start``
        (at the same time of day); ``start`` itself when ``days`` is 0."""
        if not days:
            return start
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            return start + timedelta(days=days)
        # plan_days counts the first working day: start the count tomorrow.
        tomorrow = datetime.combine(start.date() + timedelta(days=1), time.min)
        end = calendar.plan_days(days, tomorrow)
        if not end:
            return start + timedelta(days=days)
        return datetime.combine(end.date(), start.time())

    def action_view_enrolments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_sales_marketing.scrm_cadence_enrolment_action"
        )
        action["domain"] = [("cadence_id", "=", self.id)]
        action["context"] = {"default_cadence_id": self.id}
        return action


class ScrmCadenceStep(models.Model):
    _name = "scrm.cadence.step"
    _description = "Cadence Step"
    _order = "cadence_id, sequence, id"

    cadence_id = fields.Many2one(
        "scrm.cadence", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(STEP_KINDS, required=True, default="call")
    name = fields.Char(
        string="Summary", required=True, translate=True, help="What the owner does."
    )
    delay_days = fields.Integer(
        string="After (working days)",
        help="Working days after the previous step (after the enrolment for the "
        "first one).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', 'in', ('crm.lead', 'res.partner'))]",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', 'in', ('crm.lead', 'res.partner'))]",
    )

    @api.constrains("kind", "mail_template_id", "sms_template_id", "delay_days")
    def _check_step(self):
        for step in self:
            if not 0 <= step.delay_days <= MAX_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "A step comes 0 to %(max)s working days after the "
                        "previous one.",
                        max=MAX_DELAY_DAYS,
                    )
                )
            if step.kind == "email" and not step.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "The email step %(step)s needs an email template.",
                        step=step.name,
                    )
                )
            if step.kind == "sms" and not step.sms_template_id:
                raise ValidationError(
                    self.env._(
                        "The SMS step %(step)s needs an SMS template.", step=step.name
                    )
                )


class ScrmCadenceEnrolment(models.Model):
    _name = "scrm.cadence.enrolment"
    _description = "Cadence Enrolment"
    _order = "next_date, id"
    _inherit = ["scrm.interaction.mixin"]

    cadence_id = fields.Many2one(
        "scrm.cadence", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cadence_id.company_id", store=True)
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", index="btree_not_null", ondelete="cascade"
    )
    territory_id = fields.Many2one(
        related="lead_id.scrm_territory_id", store=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Owner", required=True, index=True)
    state = fields.Selection(
        ENROLMENT_STATES, required=True, default="active", index=True
    )
    stop_reason = fields.Selection(STOP_REASONS)
    step_id = fields.Many2one(
        "scrm.cadence.step", string="Next Step", ondelete="set null"
    )
    next_date = fields.Datetime(index=True)
    done_step_count = fields.Integer(string="Steps Done", readonly=True)
    last_note = fields.Char(string="Last Step", readonly=True)

    @api.depends("cadence_id", "lead_id", "partner_id")
    def _compute_display_name(self):
        for enrolment in self:
            record = enrolment.lead_id or enrolment.partner_id
            enrolment.display_name = (
                f"{enrolment.cadence_id.name}: {record.display_name}"
            )

    def _scrm_get_interaction_contacts(self):
        return {e.id: e.partner_id or e.lead_id.partner_id for e in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "customer"

    def _scrm_document(self):
        self.ensure_one()
        return self.lead_id or self.partner_id

    # ------------------------------------------------------------------
    # Running the steps
    # ------------------------------------------------------------------

    @api.model
    def _cron_run_due(self):
        self.search(
            [("state", "=", "active"), ("next_date", "<=", fields.Datetime.now())],
            limit=1000,
        )._scrm_run_due_steps()

    def _scrm_run_due_steps(self):
        """Run the current step of each enrolment, then every following step
        whose delay is zero, and plan the next one."""
        now = fields.Datetime.now()
        for enrolment in self.sudo():
            while (
                enrolment.state == "active"
                and enrolment.step_id
                and enrolment.next_date <= now
            ):
                step = enrolment.step_id
                enrolment._scrm_run_step(step)
                following = enrolment.cadence_id.step_ids.sorted(
                    lambda s: (s.sequence, s.id)
                ).filtered(
                    lambda s, cur=step: (s.sequence, s.id) > (cur.sequence, cur.id)
                )[:1]
                vals = {"done_step_count": enrolment.done_step_count + 1}
                if following:
                    vals["step_id"] = following.id
                    vals["next_date"] = enrolment.cadence_id._scrm_plan(
                        now, following.delay_days
                    )
                else:
                    vals.update({"step_id": False, "next_date": False, "state": "done"})
                enrolment.write(vals)

    def _scrm_run_step(self, step):
        self.ensure_one()
        cadence = self.cadence_id
        partner = self.partner_id or self.lead_id.partner_id
        summary = self.env._(
            "%(cadence)s, step %(number)s: %(step)s",
            cadence=cadence.name,
            number=self.done_step_count + 1,
            step=step.name,
        )
        if step.kind in ("email", "sms"):
            reason = self._scrm_message_refused(step, partner)
            if not reason:
                self._scrm_send(step)
                self.last_note = summary
                self._scrm_log_interaction(
                    step.kind,
                    summary,
                    user_id=self.user_id.id,
                    contact_id=partner.id if partner else False,
                )
                return
            # Refused: the owner calls instead, on the channel the contact
            # prefers when they said one, with the reason.
            preferred = (
                self.env["scrm.contact.preference"]
                ._get_preferred_channels(partner.ids, cadence.purpose)
                .get(partner.id)
                if partner
                else False
            )
            note = reason
            if preferred:
                note = self.env._(
                    "%(reason)s Preferred channel: %(channel)s.",
                    reason=reason,
                    channel=preferred.name,
                )
            self._scrm_schedule_activity(
                "mail.mail_activity_data_call",
                self.env._("Call instead: %(step)s", step=step.name),
                note,
            )
            self.last_note = note
            self._scrm_log_interaction(
                step.kind,
                self.env._("%(summary)s (held back)", summary=summary),
                user_id=self.user_id.id,
                state="held",
                hold_reason=reason,
                contact_id=partner.id if partner else False,
            )
            return
        self._scrm_schedule_activity(STEP_ACTIVITY[step.kind], step.name, summary)
        self.last_note = summary
        self._scrm_log_interaction(
            "cadence",
            summary,
            user_id=self.user_id.id,
            contact_id=partner.id if partner else False,
        )

    def _scrm_message_refused(self, step, partner):
        """Why this step's message may not go out (translated), or False."""
        channel_code = step.kind
        document = self._scrm_document()
        template = (
            step.mail_template_id if channel_code == "email" else (step.sms_template_id)
        )
        if template.model != document._name:
            return self.env._(
                "The template %(template)s is not for this kind of record.",
                template=template.display_name,
            )
        if channel_code == "email" and not (
            partner.email if partner else self.lead_id.email_from
        ):
            return self.env._("There is no email address to write to.")
        if channel_code == "sms" and not (
            (partner.mobile or partner.phone) if partner else self.lead_id.phone
        ):
            return self.env._("There is no phone number to text.")
        if not partner:
            return False
        purpose = self.cadence_id.purpose
        decision = self.env["scrm.contact.preference"]._get_contact_decisions(
            partner.ids, channel_code, purpose
        )[partner.id]
        if decision.allowed:
            return False
        channel = self.env["scrm.channel"]._get_by_code(channel_code)
        return decision.reason(self.env, partner, channel, purpose)

    def _scrm_send(self, step):
        document = self._scrm_document().with_context(
            scrm_mail_purpose=self.cadence_id.purpose
        )
        if step.kind == "email":
            step.mail_template_id.with_context(
                scrm_mail_purpose=self.cadence_id.purpose
            ).send_mail(document.id)
        else:
            document._message_sms_with_template(
                template=step.sms_template_id,
                partner_ids=(self.partner_id or self.lead_id.partner_id).ids,
            )

    def _scrm_schedule_activity(self, activity_xmlid, summary, note):
        self._scrm_document().activity_schedule(
            activity_xmlid,
            date_deadline=fields.Date.context_today(self),
            summary=summary,
            note=escape(note),
            user_id=self.user_id.id,
        )

    # ------------------------------------------------------------------
    # Ending
    # ------------------------------------------------------------------

    def _scrm_stop(self, reason):
        running = self.filtered(lambda e: e.state == "active")
        running.sudo().write(
            {"state": "stopped", "stop_reason": reason, "next_date": False}
        )
        label = dict(self._fields["stop_reason"]._description_selection(self.env))[
            reason
        ]
        for enrolment in running.sudo():
            enrolment._scrm_log_interaction(
                "cadence",
                self.env._(
                    "%(cadence)s ended: %(reason)s",
                    cadence=enrolment.cadence_id.name,
                    reason=label,
                ),
                user_id=enrolment.user_id.id,
            )
        return running

    @api.model
    def _scrm_stop_for(self, reason, leads=None, partners=None):
        domain = [("state", "=", "active")]
        branches = []
        if leads:
            branches.append([("lead_id", "in", leads.ids)])
        if partners:
            branches.append([("partner_id", "in", partners.ids)])
        if not branches:
            return self.browse()
        return (
            self.sudo()
            .search(expression.AND([domain, expression.OR(branches)]))
            ._scrm_stop(reason)
        )

    def action_stop(self):
        return self._scrm_stop("manual")

    @api.model
    def _scrm_demo_advance(self, lead_id):
        """Demo data: run the next step of a lead's enrolments now."""
        enrolments = self.sudo().search(
            [("lead_id", "=", lead_id), ("state", "=", "active")]
        )
        enrolments.write({"next_date": fields.Datetime.now()})
        enrolments._scrm_run_due_steps()


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        leads = events.opportunity_id
        internal = events.partner_ids.filtered(
            lambda p: p.user_ids.filtered(lambda u: not u.share)
        )
        partners = events.partner_ids - internal
        if leads or partners:
            self.env["scrm.cadence.enrolment"]._scrm_stop_for(
                "meeting", leads=leads, partners=partners
            )
        return events

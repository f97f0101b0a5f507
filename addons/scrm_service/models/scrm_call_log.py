from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger, plaintext2html

KINDS = [("call", "Phone Call"), ("visit", "Visit")]
OUTCOMES = [
    ("solved", "Solved"),
    ("follow_up", "Follow-up Needed"),
    ("ticket", "Ticket Opened"),
    ("no_answer", "No Answer"),
    ("voicemail", "Voicemail"),
    ("escalated", "Escalated"),
]
CHANNEL_OF_KIND = {"call": "phone", "visit": "face_to_face"}


class ScrmCallLog(models.Model):
    """A phone call or a face-to-face visit with a customer, logged by an agent
    or by the phone system (PBX/CTI) through the integration endpoint."""

    _name = "scrm.call.log"
    _description = "Call and Visit Log"
    _inherit = ["scrm.interaction.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    kind = fields.Selection(KINDS, required=True, default="call")
    partner_id = fields.Many2one(
        "res.partner", string="Caller", index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    phone_number = fields.Char(string="Number")
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")], required=True, default="in"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    duration = fields.Float(string="Duration (minutes)")
    notes = fields.Text()
    outcome = fields.Selection(OUTCOMES)
    user_id = fields.Many2one(
        "res.users", string="Agent", default=lambda self: self.env.user, index=True
    )
    ticket_id = fields.Many2one(
        "scrm.ticket", index="btree_not_null", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    integration_id = fields.Many2one(
        "scrm.service.integration", readonly=True, index="btree_not_null"
    )
    external_call_id = fields.Char(
        string="Call ID",
        readonly=True,
        help="Identifier the phone system gave the call: a call is logged once.",
    )

    _sql_constraints = [
        (
            "external_call_uniq",
            "unique(integration_id, external_call_id)",
            "This call was already logged.",
        ),
    ]

    @api.depends("kind", "partner_id", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for log in self:
            log.display_name = self.env._(
                "%(kind)s with %(partner)s",
                kind=kinds.get(log.kind, ""),
                partner=log.partner_id.display_name or log.phone_number or "?",
            )

    @api.constrains("duration")
    def _check_duration(self):
        for log in self:
            if log.duration < 0:
                raise ValidationError(self.env._("A duration cannot be negative."))
            if log.duration > 24 * 60:
                raise ValidationError(
                    self.env._("A call or visit cannot last more than a day.")
                )

    @api.constrains("phone_number")
    def _check_phone_number(self):
        for log in self:
            self.env["res.partner"]._scrm_check_phone_length(log.phone_number)

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        for log in logs:
            log._scrm_log_interaction(
                CHANNEL_OF_KIND[log.kind],
                log._scrm_timeline_summary(),
                direction=log.direction,
                body=plaintext2html(log.notes) if log.notes else False,
                date=log.date,
                user_id=log.user_id.id or False,
            )
            if log.ticket_id:
                log.ticket_id.sudo().message_post(
                    body=self.env._(
                        "%(log)s logged: %(notes)s",
                        log=log.display_name,
                        notes=log.notes or "-",
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return logs

    @api.model
    def _scrm_log_external_call(self, integration, vals):
        """Log a call the phone system reports, once: ``(log, created)``.

        The same call ended twice at once (a PBX that retries) reaches here in
        two transactions: the unique index on (integration, call id) makes the
        second INSERT wait for the first and fail; its savepoint is rolled back,
        so the call, its timeline entry and its ticket note exist once."""
        domain = [
            ("integration_id", "=", integration.id),
            ("external_call_id", "=", vals["external_call_id"]),
        ]
        existing = self.search(domain, limit=1)
        if existing:
            return existing, False
        try:
            # The race is expected: no "bad query" ERROR in the log for it.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                log = self.create({**vals, "integration_id": integration.id})
        except IntegrityError:
            # The other request logged it; its row may be invisible to this
            # transaction's snapshot, so the log may be empty.
            return self.search(domain, limit=1), False
        return log, True

    def _scrm_timeline_summary(self):
        self.ensure_one()
        summary = self.display_name
        if self.duration:
            summary = self.env._(
                "%(summary)s (%(minutes)s min)",
                summary=summary,
                minutes=round(self.duration, 1),
            )
        return summary

    def _scrm_get_interaction_contacts(self):
        return {log.id: log.partner_id for log in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "customer"

    def action_open_ticket(self):
        """Open (or create from this call) the ticket of the call."""
        self.ensure_one()
        if not self.ticket_id:
            ticket, _new = self.env["scrm.ticket"]._scrm_open_or_follow(
                {
                    "name": (self.notes or self.display_name).splitlines()[0][:120],
                    "partner_id": self.partner_id.id,
                    "description": self.notes,
                    "company_id": self.company_id.id,
                },
                CHANNEL_OF_KIND[self.kind],
                log_contact=False,  # this log is on the timeline already
            )
            self.ticket_id = ticket
        return {
            "type": "ir.actions.act_window",
            "res_model": "scrm.ticket",
            "res_id": self.ticket_id.id,
            "views": [(False, "form")],
        }

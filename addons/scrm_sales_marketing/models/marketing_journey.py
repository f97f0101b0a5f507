from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

STEP_TYPES = [
    ("email", "Send an email"),
    ("sms", "Send an SMS"),
    ("wait", "Wait"),
    ("branch", "Branch"),
    ("activity", "Activity for sales"),
    ("tag", "Add a tag"),
    ("segment", "Move to a segment"),
]
CONDITIONS = [
    ("opened", "Opened the previous email"),
    ("clicked", "Clicked in the previous email"),
    ("replied", "Replied to the previous email"),
    ("score", "Score above"),
    ("event", "Registered to the event"),
]
OUTCOMES = [("any", "Always"), ("yes", "If yes"), ("no", "If no")]
# Participants advanced per batch of the scheduled job.
BATCH_SIZE = 10000


class ScrmMarketingJourney(models.Model):
    """A nurture journey: a tree of steps each participant follows on one
    path, advanced by a scheduled job."""

    _name = "scrm.marketing.journey"
    _description = "Nurture Journey"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, translate=True)
    campaign_id = fields.Many2one("utm.campaign", string="Marketing Campaign")
    mailing_id = fields.Many2one(
        "mailing.mailing",
        string="Tracking Mailing",
        readonly=True,
        help="The mailing record its emails are traced under (opens, clicks, replies).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("stopped", "Stopped")],
        default="draft",
        required=True,
        tracking=True,
    )
    step_ids = fields.One2many("scrm.marketing.journey.step", "journey_id")
    participant_ids = fields.One2many(
        "scrm.marketing.journey.participant", "journey_id"
    )
    participant_count = fields.Integer(compute="_compute_participant_count")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    segment_id = fields.Many2one(
        "scrm.marketing.segment",
        string="Audience Segment",
        help="Add Segment enrols its contacts (those already running are skipped).",
    )

    def _compute_participant_count(self):
        rows = self.env["scrm.marketing.journey.participant"]._read_group(
            [("journey_id", "in", self.ids)], ["journey_id"], ["__count"]
        )
        counts = {journey.id: count for journey, count in rows}
        for journey in self:
            journey.participant_count = counts.get(journey.id, 0)

    def _first_steps(self):
        return self.step_ids.filtered(lambda s: not s.parent_id).sorted("sequence")[:1]

    def action_start(self):
        for journey in self:
            if not journey._first_steps():
                raise UserError(
                    self.env._("The journey “%(name)s” has no step.", name=journey.name)
                )
            if not journey.mailing_id:
                journey.mailing_id = (
                    self.env["mailing.mailing"]
                    .sudo()
                    .create(
                        {
                            "subject": journey.name,
                            "mailing_model_id": self.env["ir.model"]._get_id(
                                "res.partner"
                            ),
                            "campaign_id": journey.campaign_id.id,
                            "state": "done",
                            "body_html": "<p></p>",
                        }
                    )
                )
        self.state = "running"

    def action_stop(self):
        """Stop the journey and every participant at once."""
        self.state = "stopped"
        self.env["scrm.marketing.journey.participant"].search(
            [("journey_id", "in", self.ids), ("state", "=", "running")]
        ).write({"state": "stopped", "next_date": False})

    def _add_participants(self, partners, leads=None):
        """Enrol partners at the first step, each with its lead among
        ``leads`` (matched by contact); those already running in the journey
        are skipped."""
        self.ensure_one()
        first = self._first_steps()
        running = set(
            self.participant_ids.filtered(lambda p: p.state == "running").partner_id.ids
        )
        lead_of = {}
        for lead in (leads or self.env["crm.lead"]).sorted("id", reverse=True):
            lead_of[lead.partner_id.id] = lead.id
        now = fields.Datetime.now()
        return self.env["scrm.marketing.journey.participant"].create(
            [
                {
                    "journey_id": self.id,
                    "partner_id": partner.id,
                    "lead_id": lead_of.get(partner.id, False),
                    "step_id": first.id,
                    "next_date": now + timedelta(days=first.wait_days),
                }
                for partner in partners
                if partner.id not in running
            ]
        )

    def action_add_segment(self):
        """Enrol the contacts of the journey's segment (with their leads for
        a segment of leads)."""
        self.ensure_one()
        segment = self.segment_id
        if not segment:
            raise UserError(self.env._("Choose the segment to enrol first."))
        leads = self.env["crm.lead"]
        if segment.model_name == "crm.lead":
            leads = leads.search([("id", "in", segment._records_query())])
        return self._add_participants(segment._partners(), leads)

    def action_view_participants(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Participants"),
            "res_model": "scrm.marketing.journey.participant",
            "view_mode": "list,form",
            "domain": [("journey_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # The scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_advance(self, limit=BATCH_SIZE):
        """Run the due step of up to ``limit`` participants of running
        journeys, step by step (one set of queries per step)."""
        Participant = self.env["scrm.marketing.journey.participant"].sudo()
        due = Participant.search(
            [
                ("state", "=", "running"),
                ("journey_id.state", "=", "running"),
                ("next_date", "<=", fields.Datetime.now()),
            ],
            order="next_date, id",
            limit=limit,
        )
        for step, participants in due.grouped("step_id").items():
            step._run(participants)
        return len(due)


class ScrmMarketingJourneyStep(models.Model):
    _name = "scrm.marketing.journey.step"
    _description = "Journey Step"
    _order = "sequence, id"
    _parent_store = True

    name = fields.Char(required=True, translate=True)
    journey_id = fields.Many2one(
        "scrm.marketing.journey", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one(
        "scrm.marketing.journey.step",
        string="After",
        index=True,
        ondelete="cascade",
        domain="[('journey_id', '=', journey_id)]",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("scrm.marketing.journey.step", "parent_id")
    parent_outcome = fields.Selection(
        OUTCOMES,
        string="When",
        default="any",
        required=True,
        help="After a branch: the path of the participants for whom its "
        "condition holds (yes) or not (no).",
    )
    wait_days = fields.Integer(
        string="Wait (days)", help="Days between the previous step and this one."
    )
    step_type = fields.Selection(STEP_TYPES, string="Type", required=True)
    subject = fields.Char(translate=True)
    body = fields.Text(string="Message", translate=True)
    condition = fields.Selection(CONDITIONS)
    score_min = fields.Float(string="Score Above")
    event_id = fields.Many2one("event.event")
    activity_type_id = fields.Many2one("mail.activity.type")
    tag_id = fields.Many2one("res.partner.category")
    segment_id = fields.Many2one(
        "scrm.marketing.segment",
        ondelete="restrict",
        help="The segment the participants' contacts are added to or removed "
        "from, whatever its conditions.",
    )
    segment_action = fields.Selection(
        [("add", "Add to the segment"), ("remove", "Remove from the segment")],
        string="Move",
        default="add",
    )

    _sql_constraints = [
        ("wait_positive", "CHECK(wait_days >= 0)", "A wait cannot be negative."),
    ]

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise UserError(self.env._("A step cannot follow itself."))

    def _next_step(self, outcome):
        self.ensure_one()
        for child in self.child_ids.sorted("sequence"):
            if child.parent_outcome in ("any", outcome):
                return child
        return self.browse()

    def _run(self, participants):
        """Run this step for ``participants`` and move them on: the step's
        own work, then one INSERT of the log lines and one UPDATE per next
        step, whatever the number of participants."""
        self.ensure_one()
        outcomes = getattr(self, f"_run_{self.step_type}")(participants)
        now = fields.Datetime.now()
        by_outcome = defaultdict(list)
        for participant_id in participants.ids:
            by_outcome[outcomes.get(participant_id, "any")].append(participant_id)
        moves = defaultdict(list)
        for outcome, ids in by_outcome.items():
            moves[self._next_step(outcome)].extend(ids)
        participants.flush_recordset()
        cr, uid = self.env.cr, self.env.uid
        log_outcomes = [
            outcomes.get(pid, "any") if self.step_type == "branch" else "any"
            for pid in participants.ids
        ]
        cr.execute(
            SQL(
                """
                INSERT INTO scrm_marketing_journey_log
                       (participant_id, step_id, date, outcome,
                        create_uid, create_date, write_uid, write_date)
                SELECT p.id, %(step)s, %(now)s, p.outcome,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(outcomes)s::varchar[])
                       AS p(id, outcome)
                """,
                step=self.id,
                now=now,
                uid=uid,
                ids=participants.ids,
                outcomes=log_outcomes,
            )
        )
        for step, ids in moves.items():
            if step:
                values = SQL(
                    "step_id = %s, next_date = %s",
                    step.id,
                    now + timedelta(days=step.wait_days),
                )
            else:
                values = SQL("state = 'done', next_date = NULL, step_id = NULL")
            cr.execute(
                SQL(
                    "UPDATE scrm_marketing_journey_participant "
                    "SET %s, write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                    values,
                    uid,
                    now,
                    ids,
                )
            )
        participants.invalidate_recordset(
            ["step_id", "next_date", "state", "log_ids", "write_uid", "write_date"]
        )

    def _timeline(self, participants, channel, summary, held=None):
        """One timeline entry per participant (``held``: {participant id:
        reason} of those whose message consent held back)."""
        held = held or {}
        channel = self.env["scrm.channel"]._get_by_code(channel)
        self.env["scrm.interaction"].sudo().create(
            [
                {
                    "contact_id": participant.partner_id.id,
                    "channel_id": channel.id,
                    "direction": "out",
                    "summary": summary,
                    "state": "held" if participant.id in held else "done",
                    "hold_reason": held.get(participant.id, False),
                    "res_model": "scrm.marketing.journey",
                    "res_id": self.journey_id.id,
                }
                for participant in participants
            ]
        )

    def _consent(self, participants, channel_code):
        decisions = self.env["scrm.contact.preference"]._get_contact_decisions(
            participants.partner_id.ids, channel_code, "marketing"
        )
        channel = self.env["scrm.channel"]._get_by_code(channel_code)
        held = {}
        for participant in participants:
            decision = decisions[participant.partner_id.id]
            if not decision.allowed:
                held[participant.id] = decision.reason(
                    self.env, participant.partner_id, channel, "marketing"
                )
        return held

    def _run_email(self, participants):
        journey = self.journey_id
        held = self._consent(participants, "email")
        allowed = participants.filtered(
            lambda p: p.id not in held and p.partner_id.email
        )
        no_address = participants - allowed - participants.browse(list(held))
        for participant in no_address:
            held[participant.id] = self.env._("No email address.")
        body = plaintext2html(self.body or "")
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {
                        "subject": self.subject or self.name,
                        "body_html": body,
                        "recipient_ids": [(4, participant.partner_id.id)],
                        "model": "res.partner",
                        "res_id": participant.partner_id.id,
                        "mailing_id": journey.mailing_id.id,
                        "scrm_purpose": "marketing",
                        "auto_delete": False,
                    }
                    for participant in allowed
                ]
            )
        )
        self.env["mailing.trace"].sudo().create(
            [
                {
                    "model": "res.partner",
                    "res_id": participant.partner_id.id,
                    "email": participant.partner_id.email_normalized,
                    "mass_mailing_id": journey.mailing_id.id,
                    "mail_mail_id": mail.id,
                    "trace_status": "outgoing",
                }
                for participant, mail in zip(allowed, mails, strict=True)
            ]
        )
        if allowed:
            allowed.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "UPDATE scrm_marketing_journey_participant p "
                    "SET last_mail_id = m.mail_id "
                    "FROM unnest(%s::int[], %s::int[]) AS m(id, mail_id) "
                    "WHERE p.id = m.id",
                    allowed.ids,
                    mails.ids,
                )
            )
            allowed.invalidate_recordset(["last_mail_id"])
        self._timeline(
            participants,
            "email",
            self.env._("Journey email: %(subject)s", subject=self.subject or self.name),
            held,
        )
        return {}

    def _run_sms(self, participants):
        held = self._consent(participants, "sms")
        allowed = participants.filtered(
            lambda p: p.id not in held and (p.partner_id.mobile or p.partner_id.phone)
        )
        for participant in participants - allowed:
            held.setdefault(participant.id, self.env._("No phone number."))
        self.env["sms.sms"].sudo().create(
            [
                {
                    "number": participant.partner_id.mobile
                    or participant.partner_id.phone,
                    "partner_id": participant.partner_id.id,
                    "body": self.body or "",
                    "scrm_purpose": "marketing",
                }
                for participant in allowed
            ]
        )
        self._timeline(
            participants,
            "sms",
            self.env._("Journey SMS: %(name)s", name=self.name),
            held,
        )
        return {}

    def _run_wait(self, participants):
        return {}

    def _run_branch(self, participants):
        yes = set()
        if self.condition in ("opened", "clicked", "replied"):
            column = {
                "opened": "open_datetime",
                "clicked": "links_click_datetime",
                "replied": "reply_datetime",
            }[self.condition]
            traces = (
                self.env["mailing.trace"]
                .sudo()
                .search_fetch(
                    [
                        (
                            "mail_mail_id_int",
                            "in",
                            participants.filtered("last_mail_id").mapped(
                                "last_mail_id"
                            ),
                        ),
                        (column, "!=", False),
                    ],
                    ["mail_mail_id_int"],
                )
            )
            mails = set(traces.mapped("mail_mail_id_int")) - {0}
            yes = {p.id for p in participants if p.last_mail_id in mails}
        elif self.condition == "score":
            with_lead = participants.filtered("lead_id")
            yes = {
                p.id for p in with_lead.sudo() if p.lead_id.scrm_score > self.score_min
            }
        elif self.condition == "event":
            registered = set(
                self.env["event.registration"]
                .sudo()
                .search(
                    [
                        ("event_id", "=", self.event_id.id),
                        ("partner_id", "in", participants.partner_id.ids),
                        ("state", "!=", "cancel"),
                    ]
                )
                .partner_id.ids
            )
            yes = {p.id for p in participants if p.partner_id.id in registered}
        return {p.id: "yes" if p.id in yes else "no" for p in participants}

    def _run_activity(self, participants):
        activity_type = self.activity_type_id or self.env.ref(
            "mail.mail_activity_data_todo"
        )
        model_id = self.env["ir.model"]._get_id("crm.lead")
        with_lead = participants.filtered("lead_id").sudo()
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": participant.lead_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.subject or self.name,
                    "user_id": participant.lead_id.user_id.id
                    or self.journey_id.create_uid.id,
                }
                for participant in with_lead
            ]
        )
        return {}

    def _run_segment(self, participants):
        if self.segment_id:
            self.segment_id._move_partners(
                participants.partner_id, remove=self.segment_action == "remove"
            )
        return {}

    def _run_tag(self, participants):
        if self.tag_id:
            participants.partner_id.sudo().write({"category_id": [(4, self.tag_id.id)]})
        return {}


class ScrmMarketingJourneyParticipant(models.Model):
    _name = "scrm.marketing.journey.participant"
    _description = "Journey Participant"
    _order = "id desc"
    _rec_name = "partner_id"

    journey_id = fields.Many2one(
        "scrm.marketing.journey", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="set null")
    step_id = fields.Many2one(
        "scrm.marketing.journey.step", string="Next Step", ondelete="set null"
    )
    next_date = fields.Datetime(string="Due On", index=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("stopped", "Stopped")],
        default="running",
        required=True,
        index=True,
    )
    last_mail_id = fields.Integer(string="Last Email", readonly=True)
    log_ids = fields.One2many("scrm.marketing.journey.log", "participant_id")


class ScrmMarketingJourneyLog(models.Model):
    _name = "scrm.marketing.journey.log"
    _description = "Journey Step Done"
    _order = "date, id"

    participant_id = fields.Many2one(
        "scrm.marketing.journey.participant",
        required=True,
        index=True,
        ondelete="cascade",
    )
    step_id = fields.Many2one("scrm.marketing.journey.step", ondelete="cascade")
    date = fields.Datetime(required=True)
    outcome = fields.Selection(OUTCOMES)

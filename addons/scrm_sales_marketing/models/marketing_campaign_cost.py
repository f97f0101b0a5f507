from odoo import api, fields, models
from odoo.tools import SQL

ACTIVITY_KINDS = [
    ("email", "Email mailing"),
    ("sms", "SMS mailing"),
    ("event", "Event or trade fair"),
    ("print", "Print and direct mail"),
    ("advertising", "Advertising"),
    ("telemarketing", "Telemarketing"),
    ("webinar", "Webinar"),
    ("other", "Other"),
]
# Result figures of an activity read from its linked records.
RESULT_FIGURES = (
    "sent_count",
    "opened_count",
    "registration_count",
    "attendee_count",
    "call_count",
    "lead_count",
)

# The models whose rows the result queries read.
FLUSHED_MODELS = (
    "mailing.mailing",
    "mailing.trace",
    "crm.lead",
    "event.event",
    "event.registration",
    "scrm.call.list",
    "scrm.call.list.line",
)


class ScrmMarketingCampaignCost(models.Model):
    """An activity of a campaign with its planned cost (the actual cost
    comes from the accounting) and the Odoo records that carry it out: email
    and SMS mailings, events and call lists, whose results (sent, opened,
    registrations, attendees, calls made, leads) are read from them."""

    _name = "scrm.marketing.campaign.cost"
    _description = "Campaign Activity"
    _order = "date_start, id"

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    kind = fields.Selection(ACTIVITY_KINDS, string="Activity", required=True)
    user_id = fields.Many2one("res.users", string="Responsible")
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    planned_amount = fields.Monetary(
        string="Planned Cost", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")],
        string="Status",
        default="todo",
        required=True,
    )
    mailing_ids = fields.One2many(
        "mailing.mailing", "scrm_activity_id", string="Mailings"
    )
    event_ids = fields.One2many("event.event", "scrm_activity_id", string="Events")
    call_list_ids = fields.One2many(
        "scrm.call.list", "scrm_activity_id", string="Call Lists"
    )
    mailing_count = fields.Integer(
        string="Number of Mailings", compute="_compute_link_counts"
    )
    event_count = fields.Integer(
        string="Number of Events", compute="_compute_link_counts"
    )
    call_list_count = fields.Integer(
        string="Number of Call Lists", compute="_compute_link_counts"
    )
    sent_count = fields.Integer(
        string="Sent",
        compute="_compute_results",
        help="Emails and SMS of the linked mailings that went out.",
    )
    opened_count = fields.Integer(
        string="Opened",
        compute="_compute_results",
        help="Emails of the linked mailings that were opened (or replied to).",
    )
    registration_count = fields.Integer(
        string="Registrations",
        compute="_compute_results",
        help="Confirmed registrations (attended or not) to the linked events.",
    )
    attendee_count = fields.Integer(
        string="Attendees",
        compute="_compute_results",
        help="Registrations to the linked events marked as attended.",
    )
    call_count = fields.Integer(
        string="Calls Made",
        compute="_compute_results",
        help="Lines of the linked call lists that were called.",
    )
    lead_count = fields.Integer(
        string="Leads",
        compute="_compute_results",
        help="Leads that came from the linked mailings (their source) and events, "
        "and the leads of the linked call lists that were reached.",
    )

    _sql_constraints = [
        (
            "planned_amount_positive",
            "CHECK(planned_amount >= 0)",
            "A planned cost cannot be negative.",
        ),
    ]

    def _compute_link_counts(self):
        ids = [activity_id for activity_id in self.ids if activity_id]
        for fname, model in (
            ("mailing_count", "mailing.mailing"),
            ("event_count", "event.event"),
            ("call_list_count", "scrm.call.list"),
        ):
            counts = dict(
                self.env[model]
                .sudo()
                ._read_group(
                    [("scrm_activity_id", "in", ids)],
                    ["scrm_activity_id"],
                    ["__count"],
                )
            )
            for activity in self:
                activity[fname] = counts.get(activity, 0)

    @api.depends("mailing_ids", "event_ids", "call_list_ids")
    def _compute_results(self):
        """The figures of the linked records: one query per kind of record
        (mailings, events, call lists), whatever the number of activities and
        records. Counted for the whole campaign team, as the campaign's own
        figures are, whoever looks."""
        results = {activity.id: dict.fromkeys(RESULT_FIGURES, 0) for activity in self}
        ids = [activity_id for activity_id in self.ids if activity_id]
        if ids:
            for model in FLUSHED_MODELS:
                self.env[model].flush_model()
            for query in self._results_queries(ids):
                self.env.cr.execute(query)
                columns = [desc[0] for desc in self.env.cr.description]
                for row in self.env.cr.fetchall():
                    figures = results[row[0]]
                    for column, value in zip(columns[1:], row[1:], strict=True):
                        figures[column] += value or 0
        for activity in self:
            for fname in RESULT_FIGURES:
                activity[fname] = results[activity.id][fname]

    @api.model
    def _results_queries(self, ids):
        mailings = SQL(
            """
            SELECT m.scrm_activity_id,
                   SUM(t.sent) AS sent_count, SUM(t.opened) AS opened_count,
                   SUM(l.leads) AS lead_count
              FROM mailing_mailing m
              LEFT JOIN LATERAL (
                   SELECT COUNT(sent_datetime) AS sent,
                          COUNT(*) FILTER (WHERE trace_status IN ('open', 'reply'))
                              AS opened
                     FROM mailing_trace WHERE mass_mailing_id = m.id
              ) t ON TRUE
              LEFT JOIN LATERAL (
                   SELECT COUNT(*) AS leads FROM crm_lead
                    WHERE m.source_id IS NOT NULL AND source_id = m.source_id
              ) l ON TRUE
             WHERE m.scrm_activity_id = ANY(%s)
             GROUP BY m.scrm_activity_id
            """,
            ids,
        )
        events = SQL(
            """
            SELECT e.scrm_activity_id,
                   SUM(r.registrations) AS registration_count,
                   SUM(r.attendees) AS attendee_count,
                   SUM(l.leads) AS lead_count
              FROM event_event e
              LEFT JOIN LATERAL (
                   SELECT COUNT(*) FILTER (WHERE state IN ('open', 'done'))
                              AS registrations,
                          COUNT(*) FILTER (WHERE state = 'done') AS attendees
                     FROM event_registration WHERE event_id = e.id
              ) r ON TRUE
              LEFT JOIN LATERAL (
                   SELECT COUNT(*) AS leads FROM crm_lead WHERE event_id = e.id
              ) l ON TRUE
             WHERE e.scrm_activity_id = ANY(%s)
             GROUP BY e.scrm_activity_id
            """,
            ids,
        )
        calls = SQL(
            """
            SELECT c.scrm_activity_id,
                   COUNT(line.id) FILTER (WHERE line.state = 'done') AS call_count,
                   COUNT(DISTINCT line.lead_id) FILTER (
                       WHERE line.state = 'done' AND line.outcome = 'reached'
                   ) AS lead_count
              FROM scrm_call_list c
              LEFT JOIN scrm_call_list_line line ON line.list_id = c.id
             WHERE c.scrm_activity_id = ANY(%s)
             GROUP BY c.scrm_activity_id
            """,
            ids,
        )
        return [mailings, events, calls]

    def _link_action(self, model, name, extra_context=None):
        self.ensure_one()
        context = {
            "default_scrm_activity_id": self.id,
            **(extra_context or {}),
        }
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("scrm_activity_id", "=", self.id)],
            "context": context,
        }

    def action_view_mailings(self):
        self.ensure_one()
        mailing_type = "sms" if self.kind == "sms" else "mail"
        return self._link_action(
            "mailing.mailing",
            self.env._("Mailings"),
            {
                "default_campaign_id": self.campaign_id.id,
                "default_mailing_type": mailing_type,
                "default_subject": self.name,
            },
        )

    def action_view_events(self):
        return self._link_action(
            "event.event",
            self.env._("Events"),
            {"default_name": self.name},
        )

    def action_view_call_lists(self):
        return self._link_action(
            "scrm.call.list",
            self.env._("Call Lists"),
            {"default_name": self.name},
        )

    def _new_action(self, action):
        """The form of a new linked record, pre-filled with the campaign."""
        action = dict(
            action, view_mode="form", views=[(False, "form")], target="current"
        )
        action.pop("domain")
        return action

    def action_new_mailing(self):
        return self._new_action(self.action_view_mailings())

    def action_new_event(self):
        return self._new_action(self.action_view_events())

    def action_new_call_list(self):
        return self._new_action(self.action_view_call_lists())

    def action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    scrm_activity_id = fields.Many2one(
        "scrm.marketing.campaign.cost",
        string="Campaign Activity",
        index="btree_not_null",
        ondelete="set null",
        groups="scrm_sales_marketing.group_marketing_user",
        help="The activity of the marketing campaign this mailing carries out; "
        "its figures count on the activity.",
    )

    @api.onchange("scrm_activity_id")
    def _onchange_scrm_activity_id(self):
        if self.scrm_activity_id:
            self.campaign_id = self.scrm_activity_id.campaign_id


class EventEvent(models.Model):
    _inherit = "event.event"

    scrm_activity_id = fields.Many2one(
        "scrm.marketing.campaign.cost",
        string="Campaign Activity",
        index="btree_not_null",
        ondelete="set null",
        groups="scrm_sales_marketing.group_marketing_user",
        help="The activity of the marketing campaign this event carries out; "
        "its registrations, attendees and leads count on the activity.",
    )
    scrm_campaign_id = fields.Many2one(
        related="scrm_activity_id.campaign_id",
        string="Marketing Campaign",
        groups="scrm_sales_marketing.group_marketing_user",
    )


class ScrmCallList(models.Model):
    _inherit = "scrm.call.list"

    scrm_activity_id = fields.Many2one(
        "scrm.marketing.campaign.cost",
        string="Campaign Activity",
        index="btree_not_null",
        ondelete="set null",
        groups="scrm_sales_marketing.group_marketing_user",
        help="The telemarketing activity of the marketing campaign this list "
        "carries out; its calls and reached leads count on the activity.",
    )

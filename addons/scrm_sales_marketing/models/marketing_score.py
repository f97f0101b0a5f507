# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.tools import SQL

from .marketing_capture import COMPANY_SIZES

# Behaviours come from Odoo's records (mailing traces, event registrations)
# and from the capture forms; attributes from the lead itself.
RULE_KINDS = [
    ("mail_opened", "Opened a mailing"),
    ("mail_clicked", "Clicked a mailing link"),
    ("form", "Filled in a lead form"),
    ("event_attended", "Attended an event"),
    ("link_clicked", "Clicked a tracked link"),
    ("company_size", "Company size"),
    ("territory", "Territory"),
]
BEHAVIOURS = {"mail_opened", "mail_clicked", "form", "event_attended", "link_clicked"}
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
# Lowest score of each grade; below the last one the lead is graded D.
GRADE_MINIMUMS = (("A", 80.0), ("B", 50.0), ("C", 20.0))
# Grades handed to sales.
ROUTED_GRADES = ("A", "B")


class ScrmMarketingScoreRule(models.Model):
    """Points for a behaviour (each occurrence, halved every ``half_life_days``)
    or an attribute of the lead."""

    _name = "scrm.marketing.score.rule"
    _description = "Lead Scoring Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(RULE_KINDS, required=True)
    points = fields.Float(required=True, default=10.0)
    half_life_days = fields.Integer(
        string="Half-life (days)",
        default=30,
        help="Behaviours lose half their points after this many days; 0 keeps "
        "them whole. Attributes do not decay.",
    )
    company_size = fields.Selection(COMPANY_SIZES)
    territory_id = fields.Many2one("scrm.territory", ondelete="cascade")

    _sql_constraints = [
        (
            "half_life_positive",
            "CHECK(half_life_days >= 0)",
            "The half-life cannot be negative.",
        ),
    ]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    scrm_score = fields.Float(
        string="Marketing Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="sales_team.group_sale_salesman,"
        "scrm_sales_marketing.group_marketing_user",
    )
    scrm_grade = fields.Selection(
        GRADES,
        string="Grade",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman,"
        "scrm_sales_marketing.group_marketing_user",
    )
    scrm_score_explanation = fields.Text(
        string="Score Explanation",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman,"
        "scrm_sales_marketing.group_marketing_user",
    )
    scrm_score_date = fields.Datetime(string="Scored On", readonly=True, copy=False)
    scrm_marketing_state = fields.Selection(
        [("marketing", "With Marketing"), ("sales", "Routed to Sales")],
        string="Prospect Stage",
        index="btree_not_null",
        copy=False,
        tracking=True,
    )
    scrm_routed_date = fields.Datetime(string="Routed On", readonly=True, copy=False)
    scrm_contact_deadline = fields.Datetime(
        string="First Contact Due", readonly=True, copy=False
    )
    scrm_first_contact_date = fields.Datetime(
        string="First Contacted On", readonly=True, copy=False
    )
    scrm_contact_miss_count = fields.Integer(
        string="Missed First Contacts", readonly=True, copy=False
    )

    # ------------------------------------------------------------------
    # Scoring: one statement for any number of leads
    # ------------------------------------------------------------------

    def _scrm_behaviour_sql(self):
        """(lead id, kind, date) of every scored behaviour."""
        registration = self._fields["registration_ids"]
        return SQL(
            """
            SELECT t.res_id AS lead_id, 'mail_opened' AS kind,
                   t.open_datetime AS at
              FROM mailing_trace t
             WHERE t.model = 'crm.lead' AND t.open_datetime IS NOT NULL
            UNION ALL
            SELECT t.res_id, 'mail_clicked', t.links_click_datetime
              FROM mailing_trace t
             WHERE t.model = 'crm.lead' AND t.links_click_datetime IS NOT NULL
            UNION ALL
            SELECT s.lead_id, 'form', s.create_date
              FROM scrm_marketing_submission s
             WHERE s.lead_id IS NOT NULL
            UNION ALL
            SELECT rel.%(lead_col)s, 'event_attended',
                   COALESCE(r.date_closed, r.create_date)
              FROM %(rel)s rel
              JOIN event_registration r ON r.id = rel.%(reg_col)s
             WHERE r.state = 'done'
            UNION ALL
            SELECT e.lead_id, 'link_clicked', e.date
              FROM scrm_marketing_score_event e
            """,
            rel=SQL.identifier(registration.relation),
            lead_col=SQL.identifier(registration.column1),
            reg_col=SQL.identifier(registration.column2),
        )

    @api.model
    def _scrm_recompute_scores(self, lead_ids=None, now=None):
        """Score, grade and explanation of the leads ``lead_ids`` (every open
        lead when None), as of ``now``, in one UPDATE; then route those that
        reached a routed grade. Returns the number of leads scored."""
        now = now or fields.Datetime.now()
        self.env["crm.lead"].flush_model()
        self.env["mailing.trace"].flush_model()
        self.env["event.registration"].flush_model()
        self.env["scrm.marketing.submission"].flush_model()
        self.env["scrm.marketing.score.event"].flush_model()
        self.env["scrm.marketing.score.rule"].flush_model()
        if lead_ids is None:
            targets = SQL(
                "SELECT id FROM crm_lead WHERE active AND type = 'lead' "
                "OR scrm_marketing_state IS NOT NULL"
            )
        else:
            targets = SQL("SELECT unnest(%s::int[]) AS id", list(lead_ids))
        lang = self.env.lang or "en_US"
        name = SQL("COALESCE(r.name->>%s, r.name->>'en_US')", lang)
        grade = SQL(
            "CASE "
            + " ".join("WHEN s.total >= %s THEN %s" for _g in GRADE_MINIMUMS)
            + " ELSE 'D' END",
            *[value for grade, minimum in GRADE_MINIMUMS for value in (minimum, grade)],
        )
        # Enough memory for the sorts and hashes of 100,000 leads to stay out
        # of temporary files (until the end of the transaction only).
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        self.env.cr.execute(
            SQL(
                """
            WITH target AS (%(targets)s),
            ev AS (%(behaviours)s),
            parts AS (
                SELECT ev.lead_id, r.sequence, r.id AS rule_id, %(name)s AS name,
                       r.points, count(*) AS n,
                       sum(r.points * CASE WHEN r.half_life_days > 0
                           THEN power(0.5, GREATEST(0, EXTRACT(EPOCH FROM
                                (%(now)s::timestamp - ev.at))) / 86400.0
                                / r.half_life_days)
                           ELSE 1 END) AS pts
                  FROM ev
                  JOIN target ON target.id = ev.lead_id
                  JOIN scrm_marketing_score_rule r ON r.kind = ev.kind AND r.active
                 GROUP BY ev.lead_id, r.id
                UNION ALL
                SELECT l.id, r.sequence, r.id, %(name)s, r.points, 1, r.points
                  FROM crm_lead l
                  JOIN target ON target.id = l.id
                  JOIN scrm_marketing_score_rule r ON r.active AND (
                       (r.kind = 'territory' AND r.territory_id = l.scrm_territory_id)
                    OR (r.kind = 'company_size'
                        AND r.company_size = l.scrm_company_size))
            ),
            s AS (
                SELECT target.id,
                       round(COALESCE(sum(parts.pts), 0)::numeric, 2) AS total,
                       string_agg(parts.name || ': ' || parts.n || ' x '
                           || round(parts.points::numeric, 2) || ' -> '
                           || round(parts.pts::numeric, 2),
                           E'\n' ORDER BY parts.sequence, parts.rule_id) AS why
                  FROM target
                  LEFT JOIN parts ON parts.lead_id = target.id
                 GROUP BY target.id
            )
            UPDATE crm_lead l
               SET scrm_score = s.total,
                   scrm_grade = %(grade)s,
                   scrm_score_explanation = s.why,
                   scrm_score_date = %(now)s
              FROM s
             WHERE l.id = s.id
            RETURNING l.id, l.scrm_grade
            """,
                targets=targets,
                behaviours=self._scrm_behaviour_sql(),
                name=name,
                now=now,
                grade=grade,
            )
        )
        rows = self.env.cr.fetchall()
        self.env["crm.lead"].invalidate_model(
            ["scrm_score", "scrm_grade", "scrm_score_explanation", "scrm_score_date"]
        )
        routed = [lead_id for lead_id, grade in rows if grade in ROUTED_GRADES]
        if routed:
            self.browse(routed).sudo()._scrm_route_to_sales()
        return len(rows)

    @api.model
    def _cron_scrm_score(self):
        self._scrm_recompute_scores()
        self._scrm_check_first_contacts()

    # ------------------------------------------------------------------
    # Routing and first contact
    # ------------------------------------------------------------------

    def _scrm_route_to_sales(self):
        """Hand the leads still with marketing (opt-in not pending) to sales
        through the territories (team, owner, first-contact activity), with
        the territory's first-contact deadline."""
        leads = self.filtered(
            lambda lead: (
                lead.scrm_marketing_state == "marketing"
                and lead.active
                and lead.scrm_optin_state != "pending"
            )
        )
        if not leads:
            return leads
        now = fields.Datetime.now()
        leads.write({"user_id": False})
        leads.with_context(scrm_route_to_sales=True)._scrm_assign_from_territory(
            [True] * len(leads)
        )
        for lead in leads:
            territory = lead.scrm_territory_id
            deadline = territory._first_contact_deadline(now) if territory else False
            lead.write(
                {
                    "scrm_marketing_state": "sales",
                    "scrm_routed_date": now,
                    "scrm_contact_deadline": deadline,
                    "scrm_first_contact_date": False,
                }
            )
        return leads

    def _scrm_assign_from_territory(self, needs_owner):
        """Leads with marketing keep their territory but get no salesperson
        until scoring routes them (context ``scrm_route_to_sales``)."""
        if not self.env.context.get("scrm_route_to_sales"):
            needs_owner = [
                flag and lead.scrm_marketing_state != "marketing"
                for lead, flag in zip(self, needs_owner, strict=True)
            ]
        return super()._scrm_assign_from_territory(needs_owner)

    def _scrm_mark_contacted(self):
        todo = self.filtered(
            lambda lead: (
                lead.scrm_marketing_state == "sales"
                and not lead.scrm_first_contact_date
            )
        )
        if todo:
            todo.sudo().write({"scrm_first_contact_date": fields.Datetime.now()})

    @api.model
    def _scrm_check_first_contacts(self):
        """Leads routed to sales and not contacted by their deadline: the miss
        is counted and the lead goes to the territory's next member, or back
        to marketing once every member missed it."""
        now = fields.Datetime.now()
        late = self.sudo().search(
            [
                ("scrm_marketing_state", "=", "sales"),
                ("scrm_first_contact_date", "=", False),
                ("scrm_contact_deadline", "<", now),
            ]
        )
        activity_type = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_first_contact",
            raise_if_not_found=False,
        )
        for lead in late:
            misses = lead.scrm_contact_miss_count + 1
            if activity_type:
                lead.activity_ids.filtered(
                    lambda a: a.activity_type_id == activity_type
                ).unlink()
            territory = lead.scrm_territory_id
            members = territory.member_ids.filtered("active").sorted("id")
            if territory and lead.user_id in members and misses < len(members):
                ids = members.ids
                nxt = members[(ids.index(lead.user_id.id) + 1) % len(ids)]
                deadline = territory._first_contact_deadline(now)
                lead.write(
                    {
                        "user_id": nxt.id,
                        "scrm_contact_miss_count": misses,
                        "scrm_contact_deadline": deadline,
                    }
                )
                if activity_type:
                    lead.activity_schedule(
                        activity_type_id=activity_type.id,
                        summary=self.env._("First contact"),
                        user_id=nxt.id,
                        date_deadline=fields.Date.to_date(deadline),
                    )
                body = self.env._(
                    "Not contacted by its deadline: passed to %(user)s.",
                    user=nxt.name,
                )
            else:
                lead.write(
                    {
                        "user_id": False,
                        "scrm_marketing_state": "marketing",
                        "scrm_contact_miss_count": misses,
                        "scrm_contact_deadline": False,
                    }
                )
                body = self.env._("Not contacted by its deadline: back to marketing.")
            lead.message_post(body=body, subtype_xmlid="mail.mt_note")
        return late

    def write(self, vals):
        res = super().write(vals)
        if vals.get("type") == "opportunity" or "stage_id" in vals:
            self._scrm_mark_contacted()
        return res


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        first = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_first_contact",
            raise_if_not_found=False,
        )
        lead_ids = [
            a.res_id
            for a in self
            if a.res_model == "crm.lead" and first and a.activity_type_id == first
        ]
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if lead_ids:
            self.env["crm.lead"].browse(lead_ids).exists()._scrm_mark_contacted()
        return res


class ScrmMarketingScoreEvent(models.Model):
    """A scored behaviour that Odoo does not record elsewhere: a click on a
    tracked collateral link."""

    _name = "scrm.marketing.score.event"
    _description = "Scored Behaviour"
    _order = "date desc, id desc"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    name = fields.Char(string="Description")

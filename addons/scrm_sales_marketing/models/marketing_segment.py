from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

SEGMENT_MODELS = [("res.partner", "Contacts"), ("crm.lead", "Leads")]
# Channels whose marketing consent a segment counts: channel code -> the
# address the channel needs (a column of res.partner).
SEGMENT_CHANNELS = {
    "email": SQL("NULLIF(p.email, '')"),
    "sms": SQL("COALESCE(NULLIF(p.mobile, ''), NULLIF(p.phone, ''))"),
    "phone": SQL("COALESCE(NULLIF(p.phone, ''), NULLIF(p.mobile, ''))"),
}


class ScrmMarketingSegment(models.Model):
    """A saved audience: contacts or leads chosen by a domain, with the live
    count and, per channel, how many of them marketing consent allows (and
    have the address the channel needs), shown before anything is sent."""

    _name = "scrm.marketing.segment"
    _description = "Marketing Segment"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    model_name = fields.Selection(
        SEGMENT_MODELS, string="Audience Of", required=True, default="res.partner"
    )
    domain = fields.Char(default="[]", required=True)
    campaign_ids = fields.Many2many(
        "utm.campaign",
        "scrm_marketing_segment_campaign_rel",
        "segment_id",
        "campaign_id",
        string="Marketing Campaigns",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    rfm_recency_days = fields.Integer(
        string="Last Purchase Within (days)",
        help="Only customers whose last confirmed order is at most this many "
        "days old (0: no condition).",
    )
    rfm_lapsed_days = fields.Integer(
        string="No Purchase For (days)",
        help="Only customers who bought before but whose last confirmed order is "
        "at least this many days old (0: no condition).",
    )
    rfm_frequency_min = fields.Integer(
        string="At Least (orders)",
        help="Only customers with at least this many confirmed orders in the "
        "period (0: no condition).",
    )
    rfm_monetary_min = fields.Monetary(
        string="Spent at Least",
        currency_field="currency_id",
        help="Only customers whose confirmed orders of the period add up to at "
        "least this amount, untaxed, in the company's currency (0: no "
        "condition).",
    )
    rfm_period_days = fields.Integer(
        string="Orders Counted Over (days)",
        default=365,
        help="The period whose orders count for the number of orders and the "
        "amount spent (0: all orders).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    added_partner_ids = fields.Many2many(
        "res.partner",
        "scrm_marketing_segment_added_rel",
        "segment_id",
        "partner_id",
        string="Added Contacts",
        help="Contacts in the segment whatever its conditions (added by hand or "
        "by a journey); for a segment of leads, their leads.",
    )
    removed_partner_ids = fields.Many2many(
        "res.partner",
        "scrm_marketing_segment_removed_rel",
        "segment_id",
        "partner_id",
        string="Removed Contacts",
        help="Contacts kept out of the segment whatever its conditions (removed "
        "by hand or by a journey); for a segment of leads, their leads.",
    )
    record_count = fields.Integer(string="Records", compute="_compute_counts")
    email_count = fields.Integer(string="Email Allowed", compute="_compute_counts")
    sms_count = fields.Integer(string="SMS Allowed", compute="_compute_counts")
    phone_count = fields.Integer(string="Phone Allowed", compute="_compute_counts")

    _sql_constraints = [
        (
            "rfm_positive",
            "CHECK(rfm_recency_days >= 0 AND rfm_lapsed_days >= 0 "
            "AND rfm_frequency_min >= 0 AND rfm_monetary_min >= 0 "
            "AND rfm_period_days >= 0)",
            "The purchase conditions of a segment cannot be negative.",
        ),
    ]

    @api.constrains("domain", "model_name")
    def _check_domain(self):
        for segment in self:
            try:
                segment._records_query()
            except (ValueError, SyntaxError, TypeError, NameError) as error:
                raise UserError(
                    self.env._(
                        "The condition of the segment “%(name)s” is not valid: "
                        "%(error)s",
                        name=segment.name,
                        error=error,
                    )
                ) from error

    def _records_query(self):
        """The records of the segment, read with the user's rights, as a
        query (nothing is fetched): the domain and the purchase conditions,
        plus the added contacts, minus the removed ones."""
        self.ensure_one()
        return self.env[self.model_name]._search(self._full_domain())

    def _full_domain(self):
        """The segment's domain with its purchase (RFM) conditions and its
        added and removed contacts as SQL sub-selects: one query whatever the
        number of contacts."""
        self.ensure_one()
        domain = safe_eval(self.domain or "[]")
        rfm = self._rfm_sql()
        if rfm is not None:
            domain = expression.AND([domain, [("id", "in", rfm)]])
        lead = self.model_name == "crm.lead"
        # Only the lists that hold someone: an OR with an empty list would
        # still keep PostgreSQL from joining the domain's sub-queries.
        for table, combine, operator, members in (
            (
                "scrm_marketing_segment_added_rel",
                expression.OR,
                "in",
                self.added_partner_ids,
            ),
            (
                "scrm_marketing_segment_removed_rel",
                expression.AND,
                "not in",
                self.removed_partner_ids,
            ),
        ):
            if not members:
                continue
            if lead:
                members = SQL(
                    "(SELECT l.id FROM crm_lead l JOIN %s m "
                    "ON m.partner_id = l.partner_id WHERE m.segment_id = %s)",
                    SQL.identifier(table),
                    self._origin.id or 0,
                )
            else:
                members = SQL(
                    "(SELECT m.partner_id FROM %s m WHERE m.segment_id = %s)",
                    SQL.identifier(table),
                    self._origin.id or 0,
                )
            domain = combine([domain, [("id", operator, members)]])
        return domain

    def _rfm_sql(self):
        """The ids (contacts or leads) whose customer (the commercial
        partner) meets the recency, frequency and monetary conditions, from
        the confirmed sale orders of the segment's company, or None without
        conditions."""
        self.ensure_one()
        having = []
        if self.rfm_recency_days:
            having.append(
                SQL(
                    "MAX(so.date_order) >= now() - make_interval(days => %s)",
                    self.rfm_recency_days,
                )
            )
        if self.rfm_lapsed_days:
            having.append(
                SQL(
                    "MAX(so.date_order) < now() - make_interval(days => %s)",
                    self.rfm_lapsed_days,
                )
            )
        in_period = (
            SQL(
                "so.date_order >= now() - make_interval(days => %s)",
                self.rfm_period_days,
            )
            if self.rfm_period_days
            else SQL("TRUE")
        )
        if self.rfm_frequency_min:
            having.append(
                SQL(
                    "COUNT(*) FILTER (WHERE %s) >= %s",
                    in_period,
                    self.rfm_frequency_min,
                )
            )
        if self.rfm_monetary_min:
            having.append(
                SQL(
                    "COALESCE(SUM(so.amount_untaxed / COALESCE(NULLIF("
                    "so.currency_rate, 0), 1)) FILTER (WHERE %s), 0) >= %s",
                    in_period,
                    self.rfm_monetary_min,
                )
            )
        if not having:
            return None
        customers = SQL(
            """
            SELECT c.commercial_partner_id AS customer_id
              FROM sale_order so
              JOIN res_partner c ON c.id = so.partner_id
             WHERE so.state = 'sale' AND so.company_id = %s
             GROUP BY c.commercial_partner_id
            HAVING %s
            """,
            self.company_id.id or self.env.company.id,
            SQL(" AND ").join(having),
        )
        if self.model_name == "crm.lead":
            return SQL(
                "(SELECT l.id FROM crm_lead l "
                "JOIN res_partner p ON p.id = l.partner_id "
                "JOIN (%s) r ON r.customer_id = p.commercial_partner_id)",
                customers,
            )
        return SQL(
            "(SELECT p.id FROM res_partner p "
            "JOIN (%s) r ON r.customer_id = p.commercial_partner_id)",
            customers,
        )

    def _move_partners(self, partners, remove=False):
        """Add ``partners`` to the segment (or remove them), whatever its
        conditions: one statement per list, for any number of contacts."""
        self.ensure_one()
        if remove:
            self.sudo().write(
                {
                    "added_partner_ids": [(3, pid) for pid in partners.ids],
                    "removed_partner_ids": [(4, pid) for pid in partners.ids],
                }
            )
        else:
            self.sudo().write(
                {
                    "removed_partner_ids": [(3, pid) for pid in partners.ids],
                    "added_partner_ids": [(4, pid) for pid in partners.ids],
                }
            )

    def _partner_sql(self):
        """(contacts query, their partner id column): the partners reached."""
        query = self._records_query()
        if self.model_name == "crm.lead":
            return query.subselect(SQL.identifier("crm_lead", "partner_id"))
        return query.subselect()

    @api.depends(
        "domain",
        "model_name",
        "rfm_recency_days",
        "rfm_lapsed_days",
        "rfm_frequency_min",
        "rfm_monetary_min",
        "rfm_period_days",
        "added_partner_ids",
        "removed_partner_ids",
    )
    def _compute_counts(self):
        for segment in self:
            try:
                counts = segment._consent_counts()
            except (ValueError, SyntaxError, TypeError, NameError):
                counts = {}  # a condition being edited: no count until valid
            segment.record_count = counts.get("records", 0)
            segment.email_count = counts.get("email", 0)
            segment.sms_count = counts.get("sms", 0)
            segment.phone_count = counts.get("phone", 0)

    def _consent_counts(self):
        """Records of the segment, and per channel the contacts marketing
        consent allows with an address for it, in one query whatever the size
        of the segment: one pass over the segment's contacts, each checked
        against the (few) marketing refusals held in hashed sub-plans, not
        joined to every answer. A contact's own answer wins over its
        company's."""
        self.ensure_one()
        Channel = self.env["scrm.channel"]
        columns = [SQL("COUNT(*)")]
        for code, address in SEGMENT_CHANNELS.items():
            channel_id = Channel._get_by_code(code).id
            answered = SQL(
                "SELECT partner_id FROM scrm_contact_preference WHERE active "
                "AND purpose = 'marketing' AND channel_id = %s",
                channel_id,
            )
            refused = SQL("%s AND consent = 'opt_out'", answered)
            columns.append(
                SQL(
                    "COUNT(*) FILTER (WHERE %(address)s IS NOT NULL AND NOT ("
                    "p.id IN (%(refused)s) OR (p.commercial_partner_id IN "
                    "(%(refused)s) AND p.id NOT IN (%(answered)s))))",
                    address=address,
                    refused=refused,
                    answered=answered,
                )
            )
        records = self._records_query()
        if self.model_name == "crm.lead":
            # Leads are counted, their contacts checked (each once).
            query = SQL(
                "SELECT (SELECT COUNT(*) FROM (%s) r), %s FROM res_partner p "
                "WHERE p.active AND p.id IN (%s)",
                records.subselect(),
                SQL(", ").join(columns[1:]),
                records.subselect(SQL.identifier(records.table, "partner_id")),
            )
        else:
            query = SQL(
                "SELECT %s FROM (%s) p",
                SQL(", ").join(columns),
                records.subselect(
                    *(
                        SQL.identifier(records.table, fname)
                        for fname in (
                            "id",
                            "commercial_partner_id",
                            "email",
                            "mobile",
                            "phone",
                        )
                    )
                ),
            )
        # JIT compiling would cost seconds for a one-pass count (its cost
        # estimate is high when the domain has an OR): off for this
        # transaction, in the same round trip.
        self.env.cr.execute(SQL("SET LOCAL jit = off; %s", query))
        return dict(
            zip(["records", *SEGMENT_CHANNELS], self.env.cr.fetchone(), strict=True)
        )

    def _partners(self):
        """The contacts of the segment (a lead's contact for lead segments)."""
        self.ensure_one()
        self.env.cr.execute(self._partner_sql())
        ids = [row[0] for row in self.env.cr.fetchall() if row[0]]
        return self.env["res.partner"].browse(ids)

    def action_view_records(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.model_name,
            "view_mode": "list,form",
            "domain": [("scrm_segment_id", "=", self.id)],
        }

    @api.model
    def _search_members(self, model_name, operator, value):
        """The records of ``model_name`` in the segment(s) ``value`` (ids), as
        a sub-query; segments of another model contribute nothing."""
        if operator not in ("=", "in") or not value:
            raise UserError(self.env._("Search a marketing segment by its id."))
        ids = [value] if isinstance(value, int) else list(value)
        segments = self.browse(ids).exists()
        segments = segments.filtered(lambda s: s.model_name == model_name)
        if not segments:
            return expression.FALSE_DOMAIN
        return expression.OR(
            [[("id", "in", segment._records_query())] for segment in segments]
        )

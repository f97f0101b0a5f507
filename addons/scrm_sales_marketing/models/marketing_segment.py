from odoo import api, fields, models
from odoo.exceptions import UserError
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
    record_count = fields.Integer(string="Records", compute="_compute_counts")
    email_count = fields.Integer(string="Email Allowed", compute="_compute_counts")
    sms_count = fields.Integer(string="SMS Allowed", compute="_compute_counts")
    phone_count = fields.Integer(string="Phone Allowed", compute="_compute_counts")

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
        query (nothing is fetched)."""
        self.ensure_one()
        domain = safe_eval(self.domain or "[]")
        return self.env[self.model_name]._search(domain)

    def _partner_sql(self):
        """(contacts query, their partner id column): the partners reached."""
        query = self._records_query()
        if self.model_name == "crm.lead":
            return query.subselect(SQL.identifier("crm_lead", "partner_id"))
        return query.subselect()

    @api.depends("domain", "model_name")
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
        consent allows with an address for it, in two queries whatever the
        size of the segment. A contact's own answer wins over its company's."""
        self.ensure_one()
        Channel = self.env["scrm.channel"]
        records = self._records_query()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) r", records.subselect()))
        result = {"records": self.env.cr.fetchone()[0]}
        # The current marketing answers, one row per partner and a column per
        # channel (one active answer per partner, channel and purpose), joined
        # twice: the contact's own, then its company's.
        pivots, columns = [], []
        channel_ids = []
        for code, address in SEGMENT_CHANNELS.items():
            channel_id = Channel._get_by_code(code).id
            channel_ids.append(channel_id)
            answer = SQL.identifier(f"c_{code}")
            pivots.append(
                SQL(
                    "MAX(consent) FILTER (WHERE channel_id = %s) AS %s",
                    channel_id,
                    answer,
                )
            )
            columns.append(
                SQL(
                    "COUNT(*) FILTER (WHERE %s IS NOT NULL "
                    "AND COALESCE(own.%s, com.%s, 'none') != 'opt_out')",
                    address,
                    answer,
                    answer,
                )
            )
        self.env.cr.execute(
            SQL(
                """
                WITH answers AS (
                    SELECT partner_id, %(pivots)s
                      FROM scrm_contact_preference
                     WHERE active AND purpose = 'marketing'
                       AND channel_id = ANY(%(channels)s)
                     GROUP BY partner_id
                )
                SELECT %(columns)s
                  FROM res_partner p
                  LEFT JOIN answers own ON own.partner_id = p.id
                  LEFT JOIN answers com ON com.partner_id = p.commercial_partner_id
                 WHERE p.id IN (%(partners)s) AND p.active
                """,
                pivots=SQL(", ").join(pivots),
                channels=channel_ids,
                columns=SQL(", ").join(columns),
                partners=self._partner_sql(),
            )
        )
        for code, count in zip(SEGMENT_CHANNELS, self.env.cr.fetchone(), strict=True):
            result[code] = count
        return result

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
            "domain": safe_eval(self.domain or "[]"),
        }

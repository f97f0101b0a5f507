from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from odoo.addons.scrm_base.tools.tz import company_zones_sql

# Receipts, proposals and commitments of a month, per supplier and company, in
# four set-based queries; the rates are derived in Python and written in bulk.
# A move's done quantity in the product's unit is ``quantity * product_qty /
# product_uom_qty``: a move validated for less than its demand without backorder
# keeps its demand, what arrived is ``quantity``. The list price is the one of the
# supplier's pricelist valid, for the order's company, on the day of the order.
# Months and days are those of the company's time zone (``z``: one row per
# company, see ``_scrm_zones``), never UTC's: a receipt at 03:00 on the 1st in
# Shanghai is the new month's, though it is still the last day in UTC. The
# datetimes are naive UTC: ``(x AT TIME ZONE 'UTC') AT TIME ZONE z.tz`` is the
# company's wall-clock time.
RECEIPTS_QUERY = """
    SELECT p.commercial_partner_id, po.company_id,
           date_trunc('month', (m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date
               AS month,
           COUNT(*),
           COUNT(*) FILTER (
               WHERE ((m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date
                     <= ((pol.date_planned AT TIME ZONE 'UTC')
                         AT TIME ZONE z.tz)::date),
           COUNT(DISTINCT pol.id),
           COUNT(DISTINCT pol.id) FILTER (
               WHERE pol.qty_received >= pol.product_qty - 0.0001),
           AVG(GREATEST(0, 1 - ABS(
               EXTRACT(EPOCH FROM (m.date - pol.date_planned)) / 86400)
               / GREATEST(EXTRACT(EPOCH FROM (pol.date_planned - po.date_approve))
                          / 86400, 1))),
           AVG(EXTRACT(EPOCH FROM (m.date - pol.date_planned)) / 86400),
           SUM((pol.price_unit - s.price)
               * m.quantity * m.product_qty / NULLIF(m.product_uom_qty, 0))
               FILTER (WHERE s.price > 0),
           SUM(s.price
               * m.quantity * m.product_qty / NULLIF(m.product_uom_qty, 0))
               FILTER (WHERE s.price > 0)
      FROM stock_move m
      JOIN stock_location dst ON dst.id = m.location_dest_id
      JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
      JOIN purchase_order po ON po.id = pol.order_id
      JOIN res_partner p ON p.id = po.partner_id
      JOIN product_product pp ON pp.id = m.product_id
      JOIN %(zones)s ON z.company_id = po.company_id
 LEFT JOIN LATERAL (
           SELECT si.price
             FROM product_supplierinfo si
            WHERE si.partner_id IN (po.partner_id, p.commercial_partner_id)
              AND si.product_tmpl_id = pp.product_tmpl_id
              AND (si.product_id IS NULL OR si.product_id = m.product_id)
              AND (si.company_id IS NULL OR si.company_id = po.company_id)
              AND (si.date_start IS NULL
                   OR si.date_start <= ((po.date_order AT TIME ZONE 'UTC')
                                        AT TIME ZONE z.tz)::date)
              AND (si.date_end IS NULL
                   OR si.date_end >= ((po.date_order AT TIME ZONE 'UTC')
                                      AT TIME ZONE z.tz)::date)
         ORDER BY si.sequence, si.id
            LIMIT 1) s ON TRUE
     WHERE m.state = 'done'
       AND dst.usage = 'internal'
       AND m.date >= %(since)s AND m.date < %(until)s
       AND (m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz >= %(start)s
       AND (m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz < %(end)s
  GROUP BY 1, 2, 3
"""
PROPOSALS_QUERY = """
    SELECT pr.partner_id, pr.company_id,
           date_trunc('month', (pr.date_submitted AT TIME ZONE 'UTC')
                               AT TIME ZONE z.tz)::date,
           COUNT(*) FILTER (WHERE pr.state IN ('approved', 'shipped', 'received')),
           COUNT(*) FILTER (WHERE pr.state IN ('approved', 'shipped', 'received',
                                               'rejected'))
      FROM scrm_replenishment_proposal pr
      JOIN %(zones)s ON z.company_id = pr.company_id
     WHERE pr.date_submitted >= %(since)s AND pr.date_submitted < %(until)s
       AND (pr.date_submitted AT TIME ZONE 'UTC') AT TIME ZONE z.tz >= %(start)s
       AND (pr.date_submitted AT TIME ZONE 'UTC') AT TIME ZONE z.tz < %(end)s
  GROUP BY 1, 2, 3
"""
COMMITS_QUERY = """
    SELECT c.partner_id, c.company_id, date_trunc('month', c.period_start)::date,
           SUM(c.committed_qty), SUM(LEAST(c.committed_qty, COALESCE(r.qty, 0)))
      FROM scrm_vmi_commit c
      JOIN %(zones)s ON z.company_id = c.company_id
 LEFT JOIN LATERAL (
           SELECT SUM(m.quantity * m.product_qty
                      / NULLIF(m.product_uom_qty, 0)) AS qty
             FROM stock_move m
             JOIN stock_location dst ON dst.id = m.location_dest_id
             JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
             JOIN purchase_order po ON po.id = pol.order_id
             JOIN res_partner p ON p.id = po.partner_id
            WHERE m.product_id = c.product_id
              AND m.state = 'done'
              AND dst.usage = 'internal'
              AND p.commercial_partner_id = c.partner_id
              AND (m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz >= c.period_start
              AND (m.date AT TIME ZONE 'UTC') AT TIME ZONE z.tz
                  < c.period_start + 7) r ON TRUE
     WHERE c.period_start >= %(start)s AND c.period_start < %(end)s
       AND c.period_start + 7 <= z.today
       AND c.committed_qty > 0
  GROUP BY 1, 2, 3
"""


class ScrmSupplierScorecard(models.Model):
    """How a supplier delivered in one month: computed in batch from receipts,
    purchase lines, proposals and commitments."""

    _name = "scrm.supplier.scorecard"
    _description = "Supplier Scorecard"
    _order = "period_start desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Supplier", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    period_start = fields.Date(string="Month", required=True, index=True, readonly=True)
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    line_count = fields.Integer(string="Order Lines", readonly=True)
    on_time_rate = fields.Float(
        string="On Time (%)",
        digits=(16, 1),
        readonly=True,
        help="Receipts done on or before the promised date of their order line.",
    )
    in_full_rate = fields.Float(
        string="In Full (%)",
        digits=(16, 1),
        readonly=True,
        help="Order lines received that are received completely.",
    )
    lead_time_accuracy = fields.Float(
        string="Lead Time Accuracy (%)",
        digits=(16, 1),
        readonly=True,
        help="100% when goods arrive on the promised date; less as the gap "
        "between actual and promised arrival grows against the promised lead time.",
    )
    lead_time_deviation = fields.Float(
        string="Average Delay (days)",
        digits=(16, 1),
        readonly=True,
        help="Actual minus promised arrival, on average (negative: early).",
    )
    proposal_count = fields.Integer(string="Proposals Decided", readonly=True)
    approval_rate = fields.Float(
        string="Proposals Approved (%)", digits=(16, 1), readonly=True
    )
    committed_qty = fields.Float(
        string="Committed", digits="Product Unit of Measure", readonly=True
    )
    commit_reliability = fields.Float(
        string="Commit Reliability (%)",
        digits=(16, 1),
        readonly=True,
        help="Share of the committed quantities received in their week.",
    )
    price_variance = fields.Float(
        string="Price Variance (%)",
        digits=(16, 2),
        readonly=True,
        help="Paid prices against the vendor pricelist, weighted by quantity "
        "(positive: paid more).",
    )

    _sql_constraints = [
        (
            "partner_company_period_uniq",
            "UNIQUE(partner_id, company_id, period_start)",
            "One scorecard per supplier, company and month.",
        ),
    ]

    @api.model
    def _scrm_compute(self, date_from, date_to):
        """(Re)compute every supplier's scorecards of the months from
        ``date_from`` to ``date_to`` (both included), in a fixed number of
        queries whatever the number of suppliers and receipts.

        :return: number of scorecards written
        """
        start = date_from.replace(day=1)
        end = date_to.replace(day=1) + relativedelta(months=1)
        cr = self.env.cr
        self.env.flush_all()
        cards = {}
        params = {
            "zones": self._scrm_zones(),
            "start": start,
            "end": end,
            # the UTC instants of the months' bounds lie within a day of them
            "since": start - timedelta(days=1),
            "until": end + timedelta(days=1),
        }

        def card(partner_id, company_id, month):
            return cards.setdefault((partner_id, company_id, month), {})

        cr.execute(SQL(RECEIPTS_QUERY, **params))
        for row in cr.fetchall():
            (partner, company, month, moves, on_time, lines, full) = row[:7]
            accuracy, delay, variance, listed = row[7:]
            card(partner, company, month).update(
                receipt_count=moves,
                line_count=lines,
                on_time_rate=100.0 * on_time / moves,
                in_full_rate=100.0 * full / lines if lines else 0.0,
                lead_time_accuracy=100.0 * (accuracy or 0.0),
                lead_time_deviation=delay or 0.0,
                price_variance=100.0 * variance / listed if listed else 0.0,
            )
        cr.execute(SQL(PROPOSALS_QUERY, **params))
        for partner, company, month, approved, decided in cr.fetchall():
            if decided:
                card(partner, company, month).update(
                    proposal_count=decided, approval_rate=100.0 * approved / decided
                )
        cr.execute(SQL(COMMITS_QUERY, **params))
        for partner, company, month, committed, delivered in cr.fetchall():
            card(partner, company, month).update(
                committed_qty=committed,
                commit_reliability=100.0 * delivered / committed,
            )
        cr.execute(
            SQL(
                "DELETE FROM scrm_supplier_scorecard "
                "WHERE period_start >= %s AND period_start < %s",
                start,
                end,
            )
        )
        self.env.invalidate_all()
        names = [
            "receipt_count",
            "line_count",
            "on_time_rate",
            "in_full_rate",
            "lead_time_accuracy",
            "lead_time_deviation",
            "proposal_count",
            "approval_rate",
            "committed_qty",
            "commit_reliability",
            "price_variance",
        ]
        types = {
            "receipt_count": "int",
            "line_count": "int",
            "proposal_count": "int",
        }
        keys = list(cards)
        columns = {
            "partner_id": ("int", [key[0] for key in keys]),
            "company_id": ("int", [key[1] for key in keys]),
            "period_start": ("date", [key[2] for key in keys]),
        }
        for name in names:
            columns[name] = (
                types.get(name, "float8"),
                [cards[key].get(name, 0) for key in keys],
            )
        # scrm_mrp_ext's bulk writer: one INSERT of unnested arrays.
        self.env["scrm.mrp.run"]._bulk_insert(self._name, {}, columns)
        return len(keys)

    @api.model
    def _scrm_zones(self):
        """SQL relation ``z(company_id, tz, today)``: each company's time zone
        (its address's, else its working hours', else UTC; a name PostgreSQL
        does not know reads as UTC) and today's date there."""
        return company_zones_sql(self.env)

    @api.model
    def _cron_compute(self):
        """Every night: this month and the previous one (late receipts), in
        every company's zone: not the cron user's day, which may already be
        tomorrow's (a new month) while a company's is still today's. Every
        zone's today lies within a day of UTC's."""
        today = fields.Date.today()
        self._scrm_compute(
            today - timedelta(days=1) - relativedelta(months=1),
            today + timedelta(days=1),
        )

    @api.model
    def action_recompute(self):
        """Recompute the last twelve months (button of the list)."""
        self.check_access("create")
        today = fields.Date.context_today(self)
        self._scrm_compute(today - relativedelta(months=11), today)
        return {"type": "ir.actions.client", "tag": "reload"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    scrm_scorecard_ids = fields.One2many(
        "scrm.supplier.scorecard", "partner_id", string="Supplier Scorecards"
    )

    def _scrm_panel_figures(self):
        """Open purchase orders, VMI agreements and alerts, and the last
        scorecard's on-time rate on the relationship panel."""
        figures = super()._scrm_panel_figures()
        env = self.env
        for partner in self:
            is_supplier = partner.scrm_role in ("supplier", "both")
            if env["purchase.order"].has_access("read"):
                domain = [
                    ("partner_id", "child_of", partner.id),
                    ("state", "in", ["draft", "sent", "to approve", "purchase"]),
                    ("receipt_status", "!=", "full"),
                ]
                count = env["purchase.order"].search_count(domain)
                figures[partner.id].append(
                    {
                        "key": "supplier_open_purchase_orders",
                        "sequence": 50,
                        "label": env._("Open Purchase Orders"),
                        "icon": "fa-truck",
                        "value": count,
                        "display": str(count),
                        "always": is_supplier,
                        "model": "purchase.order",
                        "domain": domain,
                    }
                )
            if env["scrm.vmi.agreement"].has_access("read"):
                domain = [
                    ("partner_id", "child_of", partner.id),
                    ("state", "=", "active"),
                ]
                count = env["scrm.vmi.agreement"].search_count(domain)
                alert_domain = [
                    ("agreement_id.partner_id", "child_of", partner.id),
                    ("agreement_id.state", "=", "active"),
                    ("alert_key", "!=", False),
                ]
                alerts = env["scrm.vmi.agreement.line"].search_count(alert_domain)
                figures[partner.id] += [
                    {
                        "key": "supplier_vmi_agreements",
                        "sequence": 60,
                        "label": env._("VMI Agreements"),
                        "icon": "fa-handshake-o",
                        "value": count,
                        "display": str(count),
                        "always": False,
                        "model": "scrm.vmi.agreement",
                        "domain": domain,
                    },
                    {
                        "key": "supplier_vmi_alerts",
                        "sequence": 61,
                        "label": env._("VMI Stock Alerts"),
                        "icon": "fa-exclamation-triangle",
                        "value": alerts,
                        "display": str(alerts),
                        "always": False,
                        "model": "scrm.vmi.agreement.line",
                        "domain": alert_domain,
                    },
                ]
            if env["scrm.supplier.scorecard"].has_access("read"):
                domain = [("partner_id", "=", partner.id)]
                last = env["scrm.supplier.scorecard"].search(
                    [*domain, ("receipt_count", ">", 0)], limit=1
                )
                if last:
                    figures[partner.id].append(
                        {
                            "key": "supplier_on_time",
                            "sequence": 70,
                            "label": env._("On Time, Last Scorecard"),
                            "icon": "fa-clock-o",
                            "value": last.on_time_rate,
                            "display": f"{last.on_time_rate:.0f} %",
                            "hint": format_date(
                                env, last.period_start, date_format="MMMM y"
                            ),
                            "always": True,
                            "model": "scrm.supplier.scorecard",
                            "domain": domain,
                        }
                    )
        return figures

from odoo import fields, models, tools
from odoo.tools import SQL

from .sales_tz import ZONES_CTE, local_date_sql


class ScrmProposalStats(models.Model):
    """One row per proposal (its last revision) that left the draft stage: its
    outcome, how many revisions it took, the discount given and the days from
    the first version to the customer's acceptance. Pivot and graph by
    salesperson, team or quotation template; the win rate is accepted over
    decided (accepted or declined) proposals."""

    _name = "scrm.proposal.stats"
    _description = "Proposal Statistics"
    _auto = False
    _order = "date desc, id desc"
    # What the view reads: flushed before any search on it.
    _depends = {
        "sale.order": [
            "name",
            "create_date",
            "date_order",
            "user_id",
            "team_id",
            "sale_order_template_id",
            "partner_id",
            "company_id",
            "state",
            "scrm_expired",
            "scrm_decline_reason",
            "scrm_revision",
            "scrm_revision_root_id",
            "scrm_superseded_by_id",
            "amount_untaxed",
        ],
        "res.company": ["partner_id", "resource_calendar_id"],
        "res.partner": ["tz"],
        "sale.order.line": [
            "order_id",
            "price_unit",
            "product_uom_qty",
            "discount",
            "display_type",
        ],
    }

    name = fields.Char(string="Proposal", readonly=True)
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    date = fields.Date(string="First Version On", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    template_id = fields.Many2one(
        "sale.order.template", string="Quotation Template", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    outcome = fields.Selection(
        [
            ("open", "Open"),
            ("expired", "Expired"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        readonly=True,
    )
    decline_reason = fields.Selection(
        selection=lambda self: (
            self.env["sale.order"]._fields["scrm_decline_reason"].selection
        ),
        readonly=True,
    )
    sent_count = fields.Integer(string="Sent", readonly=True, aggregator="sum")
    accepted_count = fields.Integer(string="Accepted", readonly=True, aggregator="sum")
    declined_count = fields.Integer(string="Declined", readonly=True, aggregator="sum")
    win_rate = fields.Float(
        string="Win Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Accepted proposals out of those the customer decided on.",
    )
    revision_count = fields.Float(
        string="Revisions", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_accept = fields.Float(
        string="Days to Acceptance", readonly=True, aggregator="avg", digits=(16, 1)
    )
    discount_percent = fields.Float(
        string="Discount Given (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )
    amount_untaxed = fields.Float(string="Untaxed Amount", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                WITH %s
                SELECT so.id, so.id AS order_id, so.name,
                       %s AS date,
                       so.user_id, so.team_id,
                       so.sale_order_template_id AS template_id,
                       so.partner_id, so.company_id,
                       CASE WHEN so.state = 'sale' THEN 'accepted'
                            WHEN so.state = 'cancel' THEN 'declined'
                            WHEN so.scrm_expired THEN 'expired'
                            ELSE 'open' END AS outcome,
                       so.scrm_decline_reason AS decline_reason,
                       1 AS sent_count,
                       (so.state = 'sale')::int AS accepted_count,
                       (so.state = 'cancel')::int AS declined_count,
                       CASE WHEN so.state = 'sale' THEN 100.0
                            WHEN so.state = 'cancel' THEN 0.0 END AS win_rate,
                       so.scrm_revision AS revision_count,
                       -- date_order is stored to the second, create_date
                       -- to the microsecond: a same-second acceptance
                       -- must read as zero days, not a hair below.
                       CASE WHEN so.state = 'sale' THEN GREATEST(0.0,
                            EXTRACT(EPOCH FROM so.date_order - root.create_date)
                            / 86400.0) END AS days_to_accept,
                       COALESCE(lines.discount_percent, 0.0) AS discount_percent,
                       so.amount_untaxed
                  FROM sale_order so
                  JOIN sale_order root
                    ON root.id = COALESCE(so.scrm_revision_root_id, so.id)
             LEFT JOIN scrm_company_zone cz ON cz.company_id = so.company_id
             LEFT JOIN LATERAL (
                    SELECT 100.0 * SUM(l.price_unit * l.product_uom_qty
                                       * l.discount / 100.0)
                           / NULLIF(SUM(l.price_unit * l.product_uom_qty), 0)
                           AS discount_percent
                      FROM sale_order_line l
                     WHERE l.order_id = so.id AND l.display_type IS NULL
                   ) lines ON TRUE
                 WHERE so.scrm_superseded_by_id IS NULL
                   AND so.state != 'draft'
            )
            """,
                SQL.identifier(self._table),
                SQL(ZONES_CTE),
                # The first version's day in the company's time zone.
                SQL(local_date_sql("root.create_date", "cz.tz")),
            )
        )

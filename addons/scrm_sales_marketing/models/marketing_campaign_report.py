from odoo import fields, models, tools
from odoo.tools import SQL


class ScrmMarketingCampaignReport(models.Model):
    """One row per campaign: budget, planned and actual cost, leads,
    opportunities, won customers and revenue, cost per lead and ROI. The
    campaign form reads its figures from here, so both always agree.

    - actual cost: posted journal items (vendor bills, expenses) whose
      analytic distribution carries the campaign's analytic account, at its
      percentage, in the company currency;
    - leads and opportunities: every lead of the campaign (lost ones too);
    - won revenue: untaxed amount of the confirmed orders of the campaign
      (Odoo carries the UTM fields from the lead to the order), in the
      company currency; won customers: their distinct customers;
    - first- and last-touch attribution: of every campaign a lead met (its
      own, a mailing sent to the lead, a lead form it came through), the
      first and the last get the lead and the confirmed orders of its
      opportunity.
    """

    _name = "scrm.marketing.campaign.report"
    _description = "Campaign Dashboard"
    _auto = False
    _order = "revenue desc, campaign_id"
    _rec_name = "campaign_id"

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(
        selection=lambda self: (
            self.env["utm.campaign"]
            ._fields["scrm_kind"]
            ._description_selection(self.env)
        ),
        string="Campaign Type",
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: (
            self.env["utm.campaign"]
            ._fields["scrm_state"]
            ._description_selection(self.env)
        ),
        string="Status",
        readonly=True,
    )
    budget_id = fields.Many2one(
        "scrm.marketing.budget", string="Marketing Budget", readonly=True
    )
    date_start = fields.Date(string="Start Date", readonly=True)
    budget_amount = fields.Monetary(string="Allocated Budget", readonly=True)
    planned_cost = fields.Monetary(readonly=True)
    actual_cost = fields.Monetary(readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True)
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    won_count = fields.Integer(string="Won Customers", readonly=True)
    revenue = fields.Monetary(string="Won Revenue", readonly=True)
    cost_per_lead = fields.Monetary(
        string="Cost per Lead", readonly=True, aggregator="avg"
    )
    roi = fields.Float(string="ROI (%)", readonly=True, aggregator="avg")
    first_touch_count = fields.Integer(string="First-Touch Leads", readonly=True)
    first_touch_revenue = fields.Monetary(string="First-Touch Revenue", readonly=True)
    last_touch_count = fields.Integer(string="Last-Touch Leads", readonly=True)
    last_touch_revenue = fields.Monetary(string="Last-Touch Revenue", readonly=True)
    sent_count = fields.Integer(string="Reached", readonly=True)
    held_count = fields.Integer(string="Held Back by Consent", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS (
    WITH costs AS (
        SELECT c.id AS campaign_id,
               SUM(aml.balance * d.value::numeric / 100.0) AS amount
          FROM utm_campaign c
          JOIN account_move_line aml
            ON aml.analytic_distribution IS NOT NULL
           AND aml.parent_state = 'posted'
           AND %(accounts)s @> ARRAY[c.scrm_analytic_account_id::text]
         CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) d
         WHERE c.scrm_analytic_account_id IS NOT NULL
           AND c.scrm_analytic_account_id::text = ANY(string_to_array(d.key, ','))
           AND aml.display_type = 'product'
         GROUP BY c.id
    ), planned AS (
        SELECT campaign_id, SUM(planned_amount) AS amount
          FROM scrm_marketing_campaign_cost
         WHERE state != 'cancel'
         GROUP BY campaign_id
    ), leads AS (
        SELECT campaign_id,
               COUNT(*) AS lead_count,
               COUNT(*) FILTER (WHERE type = 'opportunity') AS opportunity_count
          FROM crm_lead
         WHERE campaign_id IS NOT NULL
         GROUP BY campaign_id
    ), traces AS (
        SELECT m.campaign_id,
               COUNT(*) FILTER (WHERE t.trace_status IN ('sent', 'open', 'reply'))
                   AS sent_count,
               COUNT(*) FILTER (WHERE t.failure_type = 'scrm_held') AS held_count
          FROM mailing_trace t
          JOIN mailing_mailing m ON m.id = t.mass_mailing_id
         WHERE m.campaign_id IS NOT NULL
         GROUP BY m.campaign_id
    ), touches AS (
        -- Every campaign a lead met: its own, a mailing sent to it, a form it
        -- came through; the first and the last one get the lead and its orders.
        SELECT id AS lead_id, campaign_id, create_date AS date
          FROM crm_lead WHERE campaign_id IS NOT NULL
        UNION ALL
        SELECT t.res_id, m.campaign_id, t.create_date
          FROM mailing_trace t
          JOIN mailing_mailing m ON m.id = t.mass_mailing_id
         WHERE t.model = 'crm.lead' AND m.campaign_id IS NOT NULL
        UNION ALL
        SELECT s.lead_id, f.campaign_id, s.create_date
          FROM scrm_marketing_submission s
          JOIN scrm_marketing_form f ON f.id = s.form_id
         WHERE s.lead_id IS NOT NULL AND f.campaign_id IS NOT NULL
    ), first_touch AS (
        SELECT DISTINCT ON (lead_id) lead_id, campaign_id
          FROM touches ORDER BY lead_id, date, campaign_id
    ), last_touch AS (
        SELECT DISTINCT ON (lead_id) lead_id, campaign_id
          FROM touches ORDER BY lead_id, date DESC, campaign_id DESC
    ), lead_revenue AS (
        SELECT opportunity_id AS lead_id,
               SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
                   AS revenue
          FROM sale_order
         WHERE opportunity_id IS NOT NULL AND state = 'sale'
         GROUP BY opportunity_id
    ), first_attribution AS (
        SELECT ft.campaign_id, COUNT(*) AS lead_count,
               SUM(COALESCE(lr.revenue, 0)) AS revenue
          FROM first_touch ft LEFT JOIN lead_revenue lr USING (lead_id)
         GROUP BY ft.campaign_id
    ), last_attribution AS (
        SELECT lt.campaign_id, COUNT(*) AS lead_count,
               SUM(COALESCE(lr.revenue, 0)) AS revenue
          FROM last_touch lt LEFT JOIN lead_revenue lr USING (lead_id)
         GROUP BY lt.campaign_id
    ), orders AS (
        SELECT campaign_id,
               COUNT(DISTINCT partner_id) AS won_count,
               SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
                   AS revenue
          FROM sale_order
         WHERE campaign_id IS NOT NULL AND state = 'sale'
         GROUP BY campaign_id
    )
    SELECT c.id AS id,
           c.id AS campaign_id,
           c.user_id,
           c.company_id AS company_id,
           co.currency_id,
           c.scrm_kind AS kind,
           c.scrm_state AS state,
           c.scrm_budget_id AS budget_id,
           c.scrm_date_start AS date_start,
           COALESCE(c.scrm_budget_amount, 0) AS budget_amount,
           COALESCE(planned.amount, 0) AS planned_cost,
           COALESCE(costs.amount, 0) AS actual_cost,
           COALESCE(leads.lead_count, 0) AS lead_count,
           COALESCE(leads.opportunity_count, 0) AS opportunity_count,
           COALESCE(orders.won_count, 0) AS won_count,
           COALESCE(orders.revenue, 0) AS revenue,
           CASE WHEN COALESCE(leads.lead_count, 0) > 0
                THEN COALESCE(costs.amount, 0) / leads.lead_count
                ELSE 0 END AS cost_per_lead,
           CASE WHEN COALESCE(costs.amount, 0) > 0
                THEN ROUND(100.0 * (COALESCE(orders.revenue, 0) - costs.amount)
                           / costs.amount, 2)
                ELSE 0 END AS roi,
           COALESCE(fa.lead_count, 0) AS first_touch_count,
           COALESCE(fa.revenue, 0) AS first_touch_revenue,
           COALESCE(la.lead_count, 0) AS last_touch_count,
           COALESCE(la.revenue, 0) AS last_touch_revenue,
           COALESCE(traces.sent_count, 0) AS sent_count,
           COALESCE(traces.held_count, 0) AS held_count
      FROM utm_campaign c
      LEFT JOIN res_company co ON co.id = c.company_id
      LEFT JOIN costs ON costs.campaign_id = c.id
      LEFT JOIN planned ON planned.campaign_id = c.id
      LEFT JOIN leads ON leads.campaign_id = c.id
      LEFT JOIN orders ON orders.campaign_id = c.id
      LEFT JOIN traces ON traces.campaign_id = c.id
      LEFT JOIN first_attribution fa ON fa.campaign_id = c.id
      LEFT JOIN last_attribution la ON la.campaign_id = c.id
     WHERE c.active
)
                """,
                table=SQL.identifier(self._table),
                accounts=self.env["account.move.line"]._query_analytic_accounts("aml"),
            )
        )


class ScrmMarketingCampaignBudgetReport(models.Model):
    """Budget, planned cost and actual cost of each campaign as rows (one
    per figure), so that a bar chart shows them side by side per campaign:
    Odoo's graph draws one measure, grouped by campaign and by figure. Read
    from the campaign dashboard, so both agree."""

    _name = "scrm.marketing.campaign.budget.report"
    _description = "Campaign Budget vs Actual"
    _auto = False
    _order = "campaign_id, figure"
    _rec_name = "campaign_id"

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(
        selection=lambda self: (
            self.env["utm.campaign"]
            ._fields["scrm_kind"]
            ._description_selection(self.env)
        ),
        string="Campaign Type",
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: (
            self.env["utm.campaign"]
            ._fields["scrm_state"]
            ._description_selection(self.env)
        ),
        string="Status",
        readonly=True,
    )
    budget_id = fields.Many2one(
        "scrm.marketing.budget", string="Marketing Budget", readonly=True
    )
    figure = fields.Selection(
        [
            ("1_budget", "Allocated Budget"),
            ("2_planned", "Planned Cost"),
            ("3_actual", "Actual Cost"),
        ],
        readonly=True,
    )
    amount = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS (
    SELECT r.campaign_id * 3 + f.n AS id, r.campaign_id, r.user_id,
           r.company_id, r.currency_id, r.kind, r.state, r.budget_id,
           f.figure, f.amount
      FROM scrm_marketing_campaign_report r
     CROSS JOIN LATERAL (VALUES
           (0, '1_budget', r.budget_amount),
           (1, '2_planned', r.planned_cost),
           (2, '3_actual', r.actual_cost)
     ) AS f(n, figure, amount)
)
                """,
                table=SQL.identifier(self._table),
            )
        )

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError

CAMPAIGN_KINDS = [("web", "Web"), ("traditional", "Traditional")]
CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("planned", "Planned"),
    ("running", "Running"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
# Share of its budget a campaign may spend before its owner is warned.
BUDGET_ALERT_RATIO = 0.9
# Fields only a marketing manager writes: the money a campaign is given.
BUDGET_FIELDS = {"scrm_budget_id", "scrm_budget_amount"}
# Figures read from the campaign report (one source for the form and the
# dashboard): campaign field -> report field.
REPORT_FIGURES = {
    "scrm_actual_cost": "actual_cost",
    "scrm_lead_count": "lead_count",
    "scrm_opportunity_count": "opportunity_count",
    "scrm_won_count": "won_count",
    "scrm_revenue": "revenue",
    "scrm_roi": "roi",
    "scrm_cost_per_lead": "cost_per_lead",
    "scrm_sent_count": "sent_count",
    "scrm_held_count": "held_count",
}


class UtmCampaign(models.Model):
    """A marketing campaign planned, run and measured: objective, dates,
    status, budget, planned costs per activity, actual cost from the
    accounting (the analytic account on bills and expenses) and what it
    earned (leads, opportunities, confirmed orders through the UTM fields)."""

    _inherit = "utm.campaign"

    scrm_objective = fields.Text(string="Objective")
    scrm_kind = fields.Selection(
        CAMPAIGN_KINDS, string="Campaign Type", default="web", required=True
    )
    scrm_state = fields.Selection(
        CAMPAIGN_STATES, string="Status", default="draft", required=True, index=True
    )
    scrm_date_start = fields.Date(string="Start Date")
    scrm_date_end = fields.Date(string="End Date")
    # company_id and currency_id: sale's, on every campaign.
    scrm_budget_id = fields.Many2one(
        "scrm.marketing.budget",
        string="Marketing Budget",
        index="btree_not_null",
        ondelete="restrict",
    )
    scrm_budget_amount = fields.Monetary(
        string="Allocated Budget", currency_field="currency_id"
    )
    scrm_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        index="btree_not_null",
        help="Vendor bills and expenses that carry this analytic account are the "
        "campaign's actual cost.",
    )
    scrm_cost_ids = fields.One2many(
        "scrm.marketing.campaign.cost", "campaign_id", string="Activities"
    )
    scrm_planned_cost = fields.Monetary(
        string="Planned Cost",
        currency_field="currency_id",
        compute="_compute_scrm_planned_cost",
    )
    scrm_actual_cost = fields.Monetary(
        string="Actual Cost",
        currency_field="currency_id",
        compute="_compute_scrm_figures",
    )
    scrm_lead_count = fields.Integer(string="Leads", compute="_compute_scrm_figures")
    scrm_opportunity_count = fields.Integer(
        string="Opportunities", compute="_compute_scrm_figures"
    )
    scrm_won_count = fields.Integer(
        string="Won Customers", compute="_compute_scrm_figures"
    )
    scrm_revenue = fields.Monetary(
        string="Won Revenue",
        currency_field="currency_id",
        compute="_compute_scrm_figures",
    )
    scrm_roi = fields.Float(
        string="ROI (%)",
        compute="_compute_scrm_figures",
        help="(Won revenue - actual cost) / actual cost.",
    )
    scrm_cost_per_lead = fields.Monetary(
        string="Cost per Lead",
        currency_field="currency_id",
        compute="_compute_scrm_figures",
    )
    scrm_sent_count = fields.Integer(
        string="Reached",
        compute="_compute_scrm_figures",
        help="Emails and SMS of the campaign's mailings that went out.",
    )
    scrm_held_count = fields.Integer(
        string="Held Back by Consent",
        compute="_compute_scrm_figures",
        help="Emails and SMS of the campaign's mailings that the recipients' "
        "contact preferences held back.",
    )
    scrm_forecast_leads = fields.Float(
        string="Expected Leads",
        compute="_compute_scrm_forecast",
        digits=(16, 1),
        help="Planned cost x leads per unit of cost of the closed campaigns of "
        "the same type.",
    )
    scrm_forecast_opportunities = fields.Float(
        string="Expected Opportunities",
        compute="_compute_scrm_forecast",
        digits=(16, 1),
        help="Expected leads x the share of leads that became opportunities in "
        "the closed campaigns of the same type.",
    )
    scrm_forecast_revenue = fields.Monetary(
        string="Expected Revenue",
        currency_field="currency_id",
        compute="_compute_scrm_forecast",
        help="Expected opportunities x the won revenue per opportunity of the "
        "closed campaigns of the same type.",
    )
    scrm_budget_alerted = fields.Boolean(readonly=True, copy=False)
    scrm_segment_ids = fields.Many2many(
        "scrm.marketing.segment",
        "scrm_marketing_segment_campaign_rel",
        "campaign_id",
        "segment_id",
        string="Audience",
    )

    @api.depends("scrm_cost_ids.planned_amount")
    def _compute_scrm_planned_cost(self):
        for campaign in self:
            campaign.scrm_planned_cost = sum(
                campaign.scrm_cost_ids.mapped("planned_amount")
            )

    def _compute_scrm_figures(self):
        Report = self.env["scrm.marketing.campaign.report"].sudo()
        # The view's rows change with the accounting and the leads: never read
        # them from the cache of an earlier read.
        Report.invalidate_model()
        rows = {
            row["campaign_id"][0]: row
            for row in Report.search_read(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", *REPORT_FIGURES.values()],
            )
        }
        for campaign in self:
            row = rows.get(campaign.id, {})
            for fname, report_fname in REPORT_FIGURES.items():
                campaign[fname] = row.get(report_fname, 0)

    @api.depends("scrm_kind", "scrm_cost_ids.planned_amount")
    def _compute_scrm_forecast(self):
        """Conversion rates of the closed campaigns of each type (one grouped
        read of the dashboard), applied to each campaign's planned cost."""
        rates = {}
        for kind, cost, leads, opportunities, revenue in (
            self.env["scrm.marketing.campaign.report"]
            .sudo()
            ._read_group(
                [("state", "=", "done"), ("kind", "in", self.mapped("scrm_kind"))],
                ["kind"],
                [
                    "actual_cost:sum",
                    "lead_count:sum",
                    "opportunity_count:sum",
                    "revenue:sum",
                ],
            )
        ):
            rates[kind] = (
                leads / cost if cost else 0.0,
                opportunities / leads if leads else 0.0,
                revenue / opportunities if opportunities else 0.0,
            )
        for campaign in self:
            per_cost, to_opportunity, per_opportunity = rates.get(
                campaign.scrm_kind, (0.0, 0.0, 0.0)
            )
            leads = campaign.scrm_planned_cost * per_cost
            opportunities = leads * to_opportunity
            campaign.scrm_forecast_leads = leads
            campaign.scrm_forecast_opportunities = opportunities
            campaign.scrm_forecast_revenue = opportunities * per_opportunity

    @api.model_create_multi
    def create(self, vals_list):
        if any(BUDGET_FIELDS.intersection(vals) for vals in vals_list):
            self._scrm_check_budget_manager()
        return super().create(vals_list)

    def write(self, vals):
        if BUDGET_FIELDS.intersection(vals):
            self._scrm_check_budget_manager()
            vals = dict(vals, scrm_budget_alerted=False)
        return super().write(vals)

    def _scrm_check_budget_manager(self):
        if self.env.su:
            return
        if not self.env.user.has_group("scrm_sales_marketing.group_marketing_manager"):
            raise AccessError(
                self.env._("Only a marketing manager sets a campaign's budget.")
            )

    def action_scrm_plan(self):
        self.scrm_state = "planned"

    def action_scrm_run(self):
        self.scrm_state = "running"

    def action_scrm_done(self):
        self.scrm_state = "done"

    def action_scrm_cancel(self):
        self.scrm_state = "cancel"

    def action_scrm_view_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Leads"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("campaign_id", "=", self.id)],
            "context": {"active_test": False},
        }

    @api.model
    def _scrm_load_campaign_bills_demo(self):
        """Demo vendor bills (called once by the demo data), posted, whose
        lines carry the demo campaigns' analytic accounts: the campaigns'
        actual cost, read from the accounting as in real use."""
        env = self.env
        company = env.company
        if not company.chart_template:
            return False
        expense = (
            env["account.account"]
            .with_company(company)
            .search(
                [("account_type", "=", "expense"), ("company_ids", "in", company.ids)],
                limit=1,
            )
        )
        today = fields.Date.context_today(self)
        bills = []
        for vendor, campaign, lines, days in (
            (
                "scrm_sales_marketing.marketing_vendor_demo_stand",
                "scrm_sales_marketing.marketing_campaign_demo_fair",
                [("Booth and stand building, hall 11", 9800.0)],
                20,
            ),
            (
                "scrm_sales_marketing.marketing_vendor_demo_print",
                "scrm_sales_marketing.marketing_campaign_demo_fair",
                [("Invitation letters, 2,000 copies", 1650.0), ("Postage", 500.0)],
                12,
            ),
            (
                "scrm_sales_marketing.marketing_vendor_demo_ads",
                "utm.utm_campaign_fall_drive",
                [("Search advertising, first month", 3200.0)],
                8,
            ),
            (
                "scrm_sales_marketing.marketing_vendor_demo_sms",
                "utm.utm_campaign_fall_drive",
                [("SMS credits", 380.0)],
                5,
            ),
        ):
            analytic = env.ref(campaign).scrm_analytic_account_id
            bills.append(
                {
                    "move_type": "in_invoice",
                    "partner_id": env.ref(vendor).id,
                    "invoice_date": today - timedelta(days=days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": name,
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": expense.id,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": {str(analytic.id): 100},
                            }
                        )
                        for name, amount in lines
                    ],
                }
            )
        moves = (
            env["account.move"]
            .with_company(company)
            .with_context(mail_notrack=True)
            .create(bills)
        )
        moves.action_post()
        return moves

    @api.model
    def _cron_scrm_budget_alerts(self):
        """Warn the owner (a To-Do activity on the campaign's budget, once) of
        each planned or running campaign whose actual cost reached 90 % of its
        allocated budget."""
        campaigns = self.search(
            [
                ("scrm_state", "in", ("planned", "running")),
                ("scrm_budget_id", "!=", False),
                ("scrm_budget_amount", ">", 0),
                ("scrm_budget_alerted", "=", False),
            ]
        )
        # The figures come from the accounting as it stands now.
        self.env.flush_all()
        campaigns.invalidate_recordset(list(REPORT_FIGURES))
        over = campaigns.filtered(
            lambda c: c.scrm_actual_cost >= c.scrm_budget_amount * BUDGET_ALERT_RATIO
        )
        model_id = self.env["ir.model"]._get_id("scrm.marketing.budget")
        todo = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": campaign.scrm_budget_id.id,
                    "activity_type_id": todo.id,
                    "date_deadline": today + timedelta(days=1),
                    "summary": self.env._("Campaign budget nearly spent"),
                    "note": self.env._(
                        "%(campaign)s has spent %(actual).2f of its budget of "
                        "%(budget).2f.",
                        campaign=campaign.title,
                        actual=campaign.scrm_actual_cost,
                        budget=campaign.scrm_budget_amount,
                    ),
                    "user_id": (campaign.user_id or self.env.user).id,
                }
                for campaign in over
            ]
        )
        over.sudo().write({"scrm_budget_alerted": True})
        return over

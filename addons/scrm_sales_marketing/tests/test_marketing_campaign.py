from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_marketing_campaign")
class TestMarketingCampaign(AccountTestInvoicingCommon):
    """Issue 14, budget and analysis: a small campaign's actual cost comes
    from an analytic vendor bill, its ROI and cost per lead computed by hand
    match the campaign form and the dashboard; budgets are a marketing
    manager's; portal users read none of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # The accountant of the invoicing tests also manages marketing budgets.
        env.user.groups_id |= env.ref("scrm_sales_marketing.group_marketing_manager")
        cls.marketer = mail_new_test_user(
            env,
            login="scrm_marketer",
            name="Mia Marketer",
            groups="base.group_user,scrm_sales_marketing.group_marketing_user",
            company_id=env.company.id,
            company_ids=[Command.set(env.company.ids)],
        )
        cls.salesperson = mail_new_test_user(
            env,
            login="scrm_campaign_seller",
            name="Sid Seller",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
            company_id=env.company.id,
            company_ids=[Command.set(env.company.ids)],
        )
        cls.portal = mail_new_test_user(
            env,
            login="scrm_campaign_portal",
            name="Pat Portal",
            groups="base.group_portal",
        )
        plan = env["account.analytic.plan"].create({"name": "Marketing campaigns"})
        cls.analytic = env["account.analytic.account"].create(
            {"name": "Spring fair", "plan_id": plan.id}
        )
        cls.budget = env["scrm.marketing.budget"].create(
            {"name": "Fairs 2026", "year": 2026, "period": "q2", "amount": 10000}
        )
        cls.campaign = env["utm.campaign"].create(
            {
                "title": "Spring fair",
                "user_id": cls.marketer.id,
                "scrm_kind": "traditional",
                "scrm_analytic_account_id": cls.analytic.id,
                "scrm_budget_id": cls.budget.id,
                "scrm_budget_amount": 2000,
                "scrm_cost_ids": [
                    Command.create(
                        {"name": "Booth", "kind": "event", "planned_amount": 1200}
                    ),
                    Command.create(
                        {"name": "Flyers", "kind": "print", "planned_amount": 300}
                    ),
                ],
            }
        )
        cls.other_campaign = env["utm.campaign"].create({"title": "Other"})
        cls.vendor = env["res.partner"].create({"name": "Fair organiser"})
        cls.customer = env["res.partner"].create({"name": "Pump buyer"})

    def post_bill(self, lines):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2026-04-10",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": distribution,
                        }
                    )
                    for name, amount, distribution in lines
                ],
            }
        )
        bill.action_post()
        return bill

    def test_roi_of_a_small_campaign_by_hand(self):
        account = str(self.analytic.id)
        # 1,000 wholly for the fair, 500 shared half and half, 700 elsewhere.
        self.post_bill(
            [
                ("Booth rent", 1000, {account: 100}),
                ("Shared print run", 500, {account: 50}),
                ("Office chairs", 700, False),
            ]
        )
        draft = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2026-04-11",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Not posted",
                            "price_unit": 9999,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {account: 100},
                        }
                    )
                ],
            }
        )
        self.assertEqual(draft.state, "draft")
        Lead = self.env["crm.lead"]
        Lead.create(
            [
                {"name": "Visitor 1", "type": "lead", "campaign_id": self.campaign.id},
                {"name": "Visitor 2", "type": "lead", "campaign_id": self.campaign.id},
                {
                    "name": "Buyer",
                    "type": "opportunity",
                    "campaign_id": self.campaign.id,
                    "partner_id": self.customer.id,
                },
                {"name": "Elsewhere", "campaign_id": self.other_campaign.id},
            ]
        )
        Lead.search([("name", "=", "Visitor 2")]).action_archive()  # lost leads count
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "campaign_id": self.campaign.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": 1,
                            "price_unit": 5000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "campaign_id": self.campaign.id,
                "order_line": [
                    Command.create({"product_id": self.product_a.id, "price_unit": 800})
                ],
            }
        )  # a quotation: no revenue yet
        self.env.flush_all()
        campaign = self.campaign.with_user(self.marketer)
        cost = 1000 + 500 * 0.5
        self.assertAlmostEqual(campaign.scrm_actual_cost, cost)
        self.assertEqual(campaign.scrm_planned_cost, 1500)
        self.assertEqual(campaign.scrm_lead_count, 3)
        self.assertEqual(campaign.scrm_opportunity_count, 1)
        self.assertEqual(campaign.scrm_won_count, 1)
        self.assertAlmostEqual(campaign.scrm_revenue, 5000)
        self.assertAlmostEqual(campaign.scrm_cost_per_lead, cost / 3, places=2)
        self.assertAlmostEqual(campaign.scrm_roi, 100 * (5000 - cost) / cost)  # 300 %
        # The dashboard shows the same figures, as the marketer reads them.
        row = (
            self.env["scrm.marketing.campaign.report"]
            .with_user(self.marketer)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(
            (row.actual_cost, row.lead_count, row.revenue, row.roi, row.budget_amount),
            (
                campaign.scrm_actual_cost,
                campaign.scrm_lead_count,
                campaign.scrm_revenue,
                campaign.scrm_roi,
                2000,
            ),
        )
        # The budget adds up its campaigns.
        budget = self.budget.with_user(self.marketer)
        self.assertEqual(budget.allocated_amount, 2000)
        self.assertEqual(budget.committed_amount, 1500)
        self.assertAlmostEqual(budget.actual_amount, cost)
        self.assertAlmostEqual(budget.remaining_amount, 10000 - 1500)

    def test_forecast_from_closed_campaigns_of_the_same_type(self):
        past_account = self.env["account.analytic.account"].create(
            {"name": "Autumn fair", "plan_id": self.analytic.plan_id.id}
        )
        past = self.env["utm.campaign"].create(
            {
                "title": "Autumn fair",
                "scrm_kind": "traditional",
                "scrm_state": "done",
                "scrm_analytic_account_id": past_account.id,
            }
        )
        web = self.env["utm.campaign"].create(
            {"title": "Web drive", "scrm_kind": "web", "scrm_state": "done"}
        )
        self.post_bill([("Autumn booth", 1000, {str(past_account.id): 100})])
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Autumn {i}",
                    "type": "opportunity" if i < 4 else "lead",
                    "campaign_id": past.id,
                }
                for i in range(10)
            ]
            + [{"name": f"Web {i}", "campaign_id": web.id} for i in range(50)]
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "campaign_id": past.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "price_unit": 8000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.env.flush_all()
        # 10 leads per 1,000 spent, 4 of 10 became opportunities, 2,000 won
        # per opportunity; the spring fair plans 1,500 of costs. The web
        # campaign (another type) does not count.
        campaign = self.campaign.with_user(self.marketer)
        self.assertAlmostEqual(campaign.scrm_forecast_leads, 15)
        self.assertAlmostEqual(campaign.scrm_forecast_opportunities, 6)
        self.assertAlmostEqual(campaign.scrm_forecast_revenue, 12000)

    def test_first_and_last_touch_attribution(self):
        webinar = self.env["utm.campaign"].create({"title": "Webinar"})
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Join the webinar",
                "body_html": "<p>Join</p>",
                "campaign_id": webinar.id,
                "mailing_model_id": self.env["ir.model"]._get_id("crm.lead"),
            }
        )
        # Met the webinar's mailing first, then came to the fair (its own
        # campaign); a second lead only met the fair.
        lead = self.env["crm.lead"].create(
            {
                "name": "Pumps for Hangzhou",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "campaign_id": self.campaign.id,
            }
        )
        self.env["crm.lead"].create(
            {"name": "Fair only", "campaign_id": self.campaign.id}
        )
        trace = self.env["mailing.trace"].create(
            {
                "model": "crm.lead",
                "res_id": lead.id,
                "mass_mailing_id": mailing.id,
                "trace_status": "sent",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mailing_trace SET create_date = %s WHERE id = %s",
            (lead.create_date.replace(year=lead.create_date.year - 1), trace.id),
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "price_unit": 3000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.env.flush_all()
        Report = self.env["scrm.marketing.campaign.report"].with_user(self.marketer)
        rows = {
            row.campaign_id: row
            for row in Report.search(
                [("campaign_id", "in", (webinar | self.campaign).ids)]
            )
        }
        self.assertEqual(rows[webinar].first_touch_count, 1)
        self.assertEqual(rows[webinar].first_touch_revenue, 3000)
        self.assertEqual(rows[webinar].last_touch_count, 0)
        self.assertEqual(rows[self.campaign].first_touch_count, 1)  # "Fair only"
        self.assertEqual(rows[self.campaign].first_touch_revenue, 0)
        self.assertEqual(rows[self.campaign].last_touch_count, 2)
        self.assertEqual(rows[self.campaign].last_touch_revenue, 3000)

    def test_budget_vs_actual_side_by_side(self):
        """The Budget vs Actual chart: per campaign, its allocated budget,
        planned cost and actual cost as three bars of one measure."""
        self.post_bill([("Booth rent", 1700, {str(self.analytic.id): 100})])
        self.env.flush_all()
        rows = (
            self.env["scrm.marketing.campaign.budget.report"]
            .with_user(self.marketer)
            ._read_group(
                [("campaign_id", "=", self.campaign.id)],
                ["figure"],
                ["amount:sum"],
            )
        )
        self.assertEqual(
            dict(rows), {"1_budget": 2000, "2_planned": 1500, "3_actual": 1700}
        )
        with self.assertRaises(AccessError):
            self.env["scrm.marketing.campaign.budget.report"].with_user(
                self.portal
            ).search([])

    def test_budget_alert_before_it_is_exceeded(self):
        account = str(self.analytic.id)
        Campaign = self.env["utm.campaign"]
        self.campaign.scrm_state = "running"
        self.post_bill([("Booth rent", 1700, {account: 100})])
        self.assertFalse(Campaign._cron_scrm_budget_alerts(), "85 %: no alert yet")
        self.post_bill([("Extra chairs", 150, {account: 100})])
        self.assertEqual(Campaign._cron_scrm_budget_alerts(), self.campaign)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "scrm.marketing.budget"),
                ("res_id", "=", self.budget.id),
            ]
        )
        self.assertEqual(activity.user_id, self.marketer)
        self.assertIn("1850.00", str(activity.note))
        self.assertFalse(Campaign._cron_scrm_budget_alerts(), "warned once")

    def test_salesperson_cannot_edit_budgets(self):
        campaign = self.campaign.with_user(self.salesperson)
        campaign.title = "Spring fair 2026"  # Odoo lets employees edit campaigns
        with self.assertRaises(AccessError):
            campaign.scrm_budget_amount = 50000
        with self.assertRaises(AccessError):
            self.budget.with_user(self.salesperson).amount = 50000
        with self.assertRaises(AccessError):
            self.budget.with_user(self.marketer).amount = 50000
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.marketer).scrm_budget_amount = 50000
        self.assertEqual(self.campaign.scrm_budget_amount, 2000)
        self.assertEqual(self.budget.amount, 10000)

    def test_portal_user_reads_no_campaign_figures(self):
        for model, record in (
            ("utm.campaign", self.campaign),
            ("scrm.marketing.budget", self.budget),
            ("scrm.marketing.campaign.cost", self.campaign.scrm_cost_ids[:1]),
        ):
            with self.assertRaises(AccessError, msg=model):
                record.with_user(self.portal).read(["display_name"])
        with self.assertRaises(AccessError):
            self.env["scrm.marketing.campaign.report"].with_user(self.portal).search([])

    def test_marketer_reads_one_status_on_the_campaign_form(self):
        # SCRM's status is the form's status bar for a marketer; Odoo's stage, which
        # said "New" beside "Running", is left to those outside marketing.
        def statusbars(user):
            arch = self.env["utm.campaign"].with_user(user).get_view(view_type="form")
            header = etree.fromstring(arch["arch"]).find(".//header")
            return [
                field.get("name")
                for field in header.iter("field")
                if field.get("widget") == "statusbar"
            ]

        self.assertEqual(statusbars(self.marketer), ["scrm_state"])
        self.assertEqual(statusbars(self.salesperson), ["stage_id"])

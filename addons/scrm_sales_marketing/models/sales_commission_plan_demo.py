# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class ScrmCommissionPlan(models.Model):
    _inherit = "scrm.commission.plan"

    @api.model
    def _scrm_load_commission_demo(self):
        """Demo commissions, made through the same methods as the screens
        (called once by the demo data): a plan tiered on quota for the demo
        salesperson and a service agent (service share: an upsell the agent
        found is split) with confirmed statements of last quarter, on a
        commission expense account of its own, and a plan for
        an external agent whose statement of the quarter before is settled by
        a vendor bill, posted and paid."""
        company = self.env.company
        if not company.chart_template:
            return False
        env = self.env
        manager = env.ref("base.user_admin")
        salesperson = env.ref("base.user_demo")
        salesperson.groups_id |= env.ref("scrm_sales_marketing.group_sales_user")
        agent = env.ref("scrm_sales_marketing.demo_commission_agent")
        customer = env.ref("scrm_sales_marketing.demo_commission_customer")
        pump = env.ref("scrm_sales_marketing.demo_proposal_pump")
        service_agent = env.ref("scrm_sales_marketing.demo_commission_service_agent")
        Account = env["account.account"].with_company(company)
        # The plans' own accounts, not whatever expense account comes first.
        expense = Account.create(
            {
                "name": "Sales commissions",
                "code": "SCRMCE1",
                "account_type": "expense",
            }
        )
        accrual = Account.create(
            {
                "name": "Accrued commissions",
                "code": "SCRMAC1",
                "account_type": "liability_current",
            }
        )
        journal = env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", company.id)], limit=1
        )
        Plan = self.with_user(manager).with_context(mail_notrack=True)
        tiered = Plan.create(
            {
                "name": "Field sales, tiered on quota",
                "clawback_days": 90,
                # An upsell found by a service agent: 30 % of it is theirs.
                "service_share": 30,
                "expense_account_id": expense.id,
                "accrual_account_id": accrual.id,
                "journal_id": journal.id,
                "rule_ids": [
                    Command.create(
                        {
                            "compute_type": "tiered",
                            "cap_amount": 2500,
                            "tier_ids": [
                                Command.create(
                                    {"from_percent": 0, "to_percent": 100, "rate": 3}
                                ),
                                Command.create({"from_percent": 100, "rate": 5}),
                            ],
                        }
                    )
                ],
                "assignment_ids": [
                    Command.create({"user_id": salesperson.id, "quota_amount": 20000}),
                    Command.create({"user_id": service_agent.id, "quota_amount": 5000}),
                ],
            }
        )
        agents = Plan.create(
            {
                "name": "External agents, 8 %",
                "expense_account_id": expense.id,
                "rule_ids": [Command.create({"compute_type": "percent", "rate": 8})],
                "assignment_ids": [Command.create({"partner_id": agent.id})],
            }
        )

        today = fields.Date.context_today(self)
        this_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        last = this_quarter - relativedelta(months=3)
        before = this_quarter - relativedelta(months=6)

        def invoice(day, quantity, user=salesperson, agent_id=False, found_by=False):
            return {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": day,
                "invoice_user_id": user.id,
                "scrm_agent_id": agent_id,
                "scrm_found_by_id": found_by,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": pump.id,
                            "quantity": quantity,
                            "price_unit": 1450.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }

        invoices = env["account.move"].create(
            [
                invoice(last + timedelta(days=10), 6),
                invoice(last + timedelta(days=40), 5),
                invoice(last + timedelta(days=70), 4),
                # An upsell the service agent found: shared with the salesperson.
                invoice(last + timedelta(days=75), 2, found_by=service_agent.id),
                invoice(before + timedelta(days=20), 3, manager, agent.id),
                invoice(before + timedelta(days=50), 2, manager, agent.id),
            ]
        )
        invoices.action_post()
        for move in invoices:
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create(
                {"payment_date": move.invoice_date + timedelta(days=30)}
            )._create_payments()

        Statement = env["scrm.commission.statement"].with_user(manager)
        confirmed = Statement._scrm_generate(
            tiered, last, this_quarter - timedelta(days=1)
        )
        confirmed.action_confirm()
        settled = Statement._scrm_generate(agents, before, last - timedelta(days=1))
        settled.action_confirm()
        settled.action_settle()
        bill = settled.move_id
        bill.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({"payment_date": last + timedelta(days=15)})._create_payments()
        return True

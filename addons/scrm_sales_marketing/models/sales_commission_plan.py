from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmCommissionPlan(models.Model):
    """How salespeople or external agents earn commissions: rules that match
    invoice lines (by product, category, customer tag or sales team) and a rate
    for each, over statement periods."""

    _name = "scrm.commission.plan"
    _description = "Commission Plan"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    rule_ids = fields.One2many("scrm.commission.rule", "plan_id", string="Rules")
    assignment_ids = fields.One2many(
        "scrm.commission.assignment", "plan_id", string="Beneficiaries"
    )
    base_type = fields.Selection(
        [("invoiced", "Invoiced amount"), ("paid", "Paid amount")],
        string="Commission Base",
        required=True,
        default="invoiced",
        help="Invoiced: posted customer invoices count on their date (refunds "
        "negative). Paid: what the customer paid, on the payment's date, in "
        "proportion to each invoice's lines.",
    )
    clawback_days = fields.Integer(
        string="Claw-back After (days)",
        help="An invoice still unpaid this many days after its date takes its "
        "commission back, on the statement of the period where that day falls. "
        "0: no claw-back.",
    )
    expense_account_id = fields.Many2one(
        "account.account",
        string="Commission Expense Account",
        check_company=True,
        help="Debited when a statement is settled.",
    )
    accrual_account_id = fields.Many2one(
        "account.account",
        string="Accrued Commissions Account",
        check_company=True,
        help="Credited for employees when a statement is settled; payroll pays it.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Settlement Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the accrual entries of employees' statements.",
    )
    service_share = fields.Float(
        string="Service Share (%)",
        help="Part of a sale credited to the service agent who found it (Found By "
        "on the opportunity, the quotation and the invoice) when that agent is a "
        "beneficiary of this plan; the salesperson keeps the rest. 0: none.",
    )

    @api.constrains("service_share")
    def _check_service_share(self):
        for plan in self:
            if not 0.0 <= plan.service_share <= 100.0:
                raise ValidationError(
                    self.env._("A service share is a percentage from 0 to 100.")
                )

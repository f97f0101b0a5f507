from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmCommissionAssignment(models.Model):
    """Who earns under a plan: a salesperson (an employee, paid through payroll)
    or an external agent (a partner, paid by vendor bill), with a quota per
    statement period for tiered rules."""

    _name = "scrm.commission.assignment"
    _description = "Commission Beneficiary"

    plan_id = fields.Many2one(
        "scrm.commission.plan", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", index="btree_not_null")
    partner_id = fields.Many2one(
        "res.partner", string="External Agent", index="btree_not_null"
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index="btree_not_null",
        help="A team plan: the team's leader earns on every invoice of the team.",
    )
    quota_amount = fields.Float(
        string="Quota per Period",
        help="Sales expected in one statement period; tiered rules pay by its "
        "achievement. Kept here until quotas of the sales forecasts exist.",
    )

    @api.depends("user_id", "partner_id", "team_id")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = (
                assignment.user_id or assignment.partner_id or assignment.team_id
            ).display_name or ""

    @api.constrains("user_id", "partner_id", "team_id", "quota_amount")
    def _check_beneficiary(self):
        for assignment in self:
            kinds = [assignment.user_id, assignment.partner_id, assignment.team_id]
            if len([kind for kind in kinds if kind]) != 1:
                raise ValidationError(
                    self.env._(
                        "A plan is assigned to a salesperson, a sales team or an agent."
                    )
                )
            if assignment.team_id and not assignment.team_id.user_id:
                raise ValidationError(
                    self.env._(
                        "The sales team %(team)s has no leader to earn its "
                        "commissions.",
                        team=assignment.team_id.name,
                    )
                )
            if assignment.quota_amount < 0:
                raise ValidationError(self.env._("A quota cannot be negative."))

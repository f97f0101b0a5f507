from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter")]


def period_end(date_start, period_type):
    """The first day after a month or quarter starting on ``date_start``."""
    return date_start + relativedelta(months=3 if period_type == "quarter" else 1)


class ScrmSalesQuota(models.Model):
    """What a salesperson or a sales team is expected to sell in a period."""

    _name = "scrm.sales.quota"
    _description = "Sales Quota"
    _order = "date_start desc, team_id, user_id"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, domain="[('share', '=', False)]"
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, check_company=True
    )
    period_type = fields.Selection(PERIOD_TYPES, required=True, default="quarter")
    date_start = fields.Date(string="Period Start", required=True, index=True)
    date_end = fields.Date(string="Period End", compute="_compute_date_end", store=True)
    amount = fields.Monetary(string="Revenue Quota", currency_field="currency_id")
    margin_amount = fields.Monetary(string="Margin Quota", currency_field="currency_id")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    members_amount = fields.Monetary(
        string="Members' Quotas",
        currency_field="currency_id",
        compute="_compute_members_amount",
        help="Sum of the quotas of the team's members for the same period.",
    )
    members_gap = fields.Monetary(
        string="Unallocated",
        currency_field="currency_id",
        compute="_compute_members_amount",
        help="Team quota minus the members' quotas: what nobody carries yet "
        "(negative when the members carry more than the team).",
    )

    _sql_constraints = [
        (
            "user_or_team",
            "CHECK((user_id IS NULL) != (team_id IS NULL))",
            "A quota is either a salesperson's or a team's.",
        ),
        (
            "amounts_positive",
            "CHECK(amount >= 0 AND coalesce(margin_amount, 0) >= 0)",
            "A quota cannot be negative.",
        ),
    ]

    @api.depends("date_start", "period_type")
    def _compute_date_end(self):
        for quota in self:
            quota.date_end = (
                period_end(quota.date_start, quota.period_type) - relativedelta(days=1)
                if quota.date_start
                else False
            )

    @api.depends("team_id", "date_start", "period_type", "amount")
    def _compute_members_amount(self):
        team_quotas = self.filtered("team_id")
        (self - team_quotas).members_amount = 0.0
        (self - team_quotas).members_gap = 0.0
        if not team_quotas:
            return
        members = team_quotas.team_id.crm_team_member_ids
        rows = self._read_group(
            [
                ("user_id", "in", members.user_id.ids),
                ("date_start", "in", team_quotas.mapped("date_start")),
            ],
            ["user_id", "date_start:day", "period_type"],
            ["amount:sum"],
        )
        sums = {(user.id, day, ptype): total for user, day, ptype, total in rows}
        for quota in team_quotas:
            users = quota.team_id.crm_team_member_ids.user_id
            total = sum(
                sums.get((user.id, quota.date_start, quota.period_type), 0.0)
                for user in users
            )
            quota.members_amount = total
            quota.members_gap = quota.amount - total

    @api.constrains("date_start", "period_type")
    def _check_period_start(self):
        for quota in self:
            start = quota.date_start
            if start.day != 1 or (
                quota.period_type == "quarter" and (start.month - 1) % 3
            ):
                raise ValidationError(
                    self.env._(
                        "A quota starts on the first day of a month, or of a "
                        "quarter (January, April, July, October)."
                    )
                )

    @api.constrains("user_id", "team_id", "date_start", "period_type")
    def _check_unique(self):
        for quota in self:
            clash = self.search_count(
                [
                    ("id", "!=", quota.id),
                    ("user_id", "=", quota.user_id.id),
                    ("team_id", "=", quota.team_id.id),
                    ("date_start", "=", quota.date_start),
                    ("period_type", "=", quota.period_type),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._("There is already a quota for this period.")
                )

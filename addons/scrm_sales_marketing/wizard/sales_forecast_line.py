from odoo import api, fields, models

from ..models.sales_quota import PERIOD_TYPES, period_end


class ScrmForecastLine(models.TransientModel):
    """One row of the forecast screen: a salesperson's figures for a period."""

    _name = "scrm.forecast.line"
    _description = "Sales Forecast Line"
    _order = "team_id, user_id"

    date_start = fields.Date(string="Period Start", readonly=True)
    period_type = fields.Selection(PERIOD_TYPES, readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    quota = fields.Monetary(currency_field="currency_id", readonly=True)
    closed = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Untaxed amount of the sales orders confirmed in the period.",
    )
    commit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Expected revenue of the open opportunities in Commit closing in "
        "the period.",
    )
    best_case = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Commit plus the open opportunities in Best Case.",
    )
    pipeline = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Every open opportunity closing in the period but the omitted ones.",
    )
    weighted_pipeline = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="The pipeline weighted by each opportunity's probability.",
    )
    submitted_commit = fields.Monetary(currency_field="currency_id", readonly=True)
    submitted_best_case = fields.Monetary(currency_field="currency_id", readonly=True)
    adjusted_commit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="The manager's figure, or the submitted one when not adjusted.",
    )
    adjusted_best_case = fields.Monetary(currency_field="currency_id", readonly=True)
    remaining_quota = fields.Monetary(currency_field="currency_id", readonly=True)
    coverage = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Pipeline divided by the quota not closed yet.",
    )

    @api.model
    def _compute_lines(self, date_start, period_type, user_ids=None):
        """Rows for every salesperson who has a quota, an opportunity, an order
        or a forecast in the period, in a fixed number of queries."""
        end = period_end(date_start, period_type)
        Lead = self.env["crm.lead"]
        lead_domain = [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("stage_id.is_won", "=", False),
            ("date_deadline", ">=", date_start),
            ("date_deadline", "<", end),
            ("user_id", "!=", False),
        ]
        if user_ids is not None:
            lead_domain.append(("user_id", "in", user_ids))
        figures = {}

        def row(user):
            return figures.setdefault(
                user.id,
                {
                    "user": user,
                    "team": False,
                    "quota": 0.0,
                    "closed": 0.0,
                    "commit": 0.0,
                    "best_case": 0.0,
                    "pipeline": 0.0,
                    "weighted": 0.0,
                },
            )

        for user, team, category, revenue, prorated in Lead._read_group(
            lead_domain,
            ["user_id", "team_id", "scrm_forecast_category"],
            ["expected_revenue:sum", "prorated_revenue:sum"],
        ):
            values = row(user)
            values["team"] = values["team"] or team
            if category == "omitted":
                continue
            values["pipeline"] += revenue
            values["weighted"] += prorated
            if category in ("commit", "best_case"):
                values["best_case"] += revenue
            if category == "commit":
                values["commit"] += revenue
        order_domain = [
            ("state", "=", "sale"),
            ("date_order", ">=", fields.Datetime.to_datetime(date_start)),
            ("date_order", "<", fields.Datetime.to_datetime(end)),
            ("user_id", "!=", False),
        ]
        if user_ids is not None:
            order_domain.append(("user_id", "in", user_ids))
        for user, team, amount in self.env["sale.order"]._read_group(
            order_domain, ["user_id", "team_id"], ["amount_untaxed:sum"]
        ):
            values = row(user)
            values["team"] = values["team"] or team
            values["closed"] += amount
        quota_domain = [
            ("date_start", "=", date_start),
            ("period_type", "=", period_type),
            ("user_id", "!=", False),
        ]
        if user_ids is not None:
            quota_domain.append(("user_id", "in", user_ids))
        for user, amount in self.env["scrm.sales.quota"]._read_group(
            quota_domain, ["user_id"], ["amount:sum"]
        ):
            row(user)["quota"] += amount
        replay = self.env["scrm.forecast.entry"]._replay(date_start, period_type)
        Users = self.env["res.users"]
        for user_id in replay:
            if user_ids is None or user_id in user_ids:
                row(Users.browse(user_id))
        currency = self.env.company.currency_id
        vals_list = []
        for user_id, values in figures.items():
            entries = replay.get(user_id, {})
            submitted = entries.get("submitted") or self.env["scrm.forecast.entry"]
            adjusted = entries.get("adjusted") or submitted
            team = values["team"] or submitted.team_id or values["user"].sale_team_id
            remaining = max(values["quota"] - values["closed"], 0.0)
            vals_list.append(
                {
                    "date_start": date_start,
                    "period_type": period_type,
                    "user_id": user_id,
                    "team_id": team.id if team else False,
                    "currency_id": currency.id,
                    "quota": values["quota"],
                    "closed": values["closed"],
                    "commit": values["commit"],
                    "best_case": values["best_case"],
                    "pipeline": values["pipeline"],
                    "weighted_pipeline": values["weighted"],
                    "submitted_commit": submitted.commit_amount,
                    "submitted_best_case": submitted.best_case_amount,
                    "adjusted_commit": adjusted.commit_amount,
                    "adjusted_best_case": adjusted.best_case_amount,
                    "remaining_quota": remaining,
                    "coverage": values["pipeline"] / remaining if remaining else 0.0,
                }
            )
        return self.create(vals_list)

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .sales_quota import PERIOD_TYPES, period_end

IMMUTABLE_FIELDS = {
    "user_id",
    "team_id",
    "period_type",
    "date_start",
    "kind",
    "commit_amount",
    "best_case_amount",
    "note",
    "author_id",
    "company_id",
}
ENTRY_KINDS = [("submission", "Submission"), ("adjustment", "Manager Adjustment")]


class ScrmForecastEntry(models.Model):
    """One forecast a salesperson submits, or one adjustment of it by a manager.

    Entries are never edited: a new figure is a new entry, so the forecast of a
    period as it stood on any day can be replayed (``_replay``).
    """

    _name = "scrm.forecast.entry"
    _description = "Forecast Submission"
    _order = "date_start desc, create_date desc, id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    period_type = fields.Selection(PERIOD_TYPES, required=True, default="quarter")
    date_start = fields.Date(string="Period Start", required=True, index=True)
    kind = fields.Selection(ENTRY_KINDS, required=True, default="submission")
    commit_amount = fields.Monetary(string="Commit", currency_field="currency_id")
    best_case_amount = fields.Monetary(string="Best Case", currency_field="currency_id")
    note = fields.Char()
    author_id = fields.Many2one(
        "res.users",
        string="Entered By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains("commit_amount", "best_case_amount")
    def _check_amounts(self):
        for entry in self:
            if entry.commit_amount < 0 or entry.best_case_amount < 0:
                raise ValidationError(self.env._("A forecast cannot be negative."))
            if entry.best_case_amount < entry.commit_amount:
                raise ValidationError(
                    self.env._("The best case includes the commit: it cannot be lower.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        is_manager = self.env.user.has_group("scrm_sales_marketing.group_sales_manager")
        for vals in vals_list:
            vals["author_id"] = self.env.uid
            kind = vals.get("kind", "submission")
            user_id = vals.get("user_id", self.env.uid)
            if kind == "adjustment" and not is_manager:
                raise AccessError(
                    self.env._("Only a sales manager adjusts a forecast.")
                )
            if kind == "submission" and user_id != self.env.uid and not is_manager:
                raise AccessError(self.env._("You submit your own forecast only."))
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & IMMUTABLE_FIELDS:
            raise ValidationError(
                self.env._(
                    "A submitted forecast is kept as it was: submit or adjust again "
                    "instead of editing it."
                )
            )
        return super().write(vals)

    @api.model
    def _replay(self, date_start, period_type, at=None):
        """{user id: {"submitted": entry, "adjusted": entry}}: the latest
        submission of each salesperson for a period, and the latest manager
        adjustment made after it, as they stood at ``at`` (now)."""
        domain = [("date_start", "=", date_start), ("period_type", "=", period_type)]
        if at:
            domain.append(("create_date", "<=", at))
        result = {}
        for entry in self.search(domain, order="create_date, id"):
            state = result.setdefault(
                entry.user_id.id, {"submitted": self, "adjusted": self}
            )
            if entry.kind == "submission":
                state["submitted"] = entry
                state["adjusted"] = self
            else:
                state["adjusted"] = entry
        return result

    @api.model
    def _period_end(self, date_start, period_type):
        return period_end(date_start, period_type)

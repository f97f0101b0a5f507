from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.scrm_base.tools.validation import check_record_limits

from .scrm_vmi_agreement_line import MAX_QUANTITY
from .scrm_vmi_figures import EPSILON


class ScrmVmiCommit(models.Model):
    """A supplier's commitment for one product and week, against the
    requirement of the last MRP run (the plan)."""

    _name = "scrm.vmi.commit"
    _description = "Supplier Commit vs Plan"
    _order = "period_start, partner_id, product_id"
    _rec_name = "product_id"

    agreement_line_id = fields.Many2one(
        "scrm.vmi.agreement.line", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one(
        related="agreement_line_id.agreement_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="agreement_line_id.partner_id",
        string="Supplier",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="agreement_line_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        related="agreement_line_id.product_id", store=True, index=True
    )
    period_start = fields.Date(string="Week", required=True, index=True)
    planned_qty = fields.Float(
        string="Planned",
        digits="Product Unit of Measure",
        readonly=True,
        help="The requirement of the last MRP run for this week.",
    )
    committed_qty = fields.Float(string="Committed", digits="Product Unit of Measure")
    shortfall = fields.Float(
        digits="Product Unit of Measure",
        compute="_compute_shortfall",
        store=True,
        help="What the commitment leaves uncovered of the plan.",
    )
    is_shortfall = fields.Boolean(
        string="Falls Short", compute="_compute_shortfall", store=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Committed By", readonly=True)

    _sql_constraints = [
        (
            "line_period_uniq",
            "UNIQUE(agreement_line_id, period_start)",
            "One commitment per product and week.",
        ),
    ]

    @api.depends("planned_qty", "committed_qty")
    def _compute_shortfall(self):
        for commit in self:
            commit.shortfall = max(0.0, commit.planned_qty - commit.committed_qty)
            commit.is_shortfall = commit.shortfall > EPSILON

    @api.constrains("committed_qty")
    def _check_committed_qty(self):
        for commit in self:
            if not 0 <= commit.committed_qty <= MAX_QUANTITY:
                raise ValidationError(
                    self.env._(
                        "A commitment is between 0 and %(max)s.", max=MAX_QUANTITY
                    )
                )

    @api.constrains("period_start")
    def _check_limits(self):
        check_record_limits(self, dates=("period_start",))


class ScrmVmiAgreementLine(models.Model):
    _inherit = "scrm.vmi.agreement.line"

    commit_ids = fields.One2many("scrm.vmi.commit", "agreement_line_id")

    def _vmi_record_commits(self, quantities, weeks=6):
        """Record the supplier's commitments for the coming weeks, each against
        the current plan; a shortfall schedules an activity for the buyer.

        :param quantities: {week start (a Monday, this week or later): quantity}
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        starts = [monday + timedelta(weeks=week) for week in range(weeks)]
        unknown = set(quantities) - set(starts)
        if unknown:
            raise UserError(
                self.env._(
                    "Commit only for the weeks shown, from %(first)s to %(last)s.",
                    first=starts[0],
                    last=starts[-1],
                )
            )
        for quantity in quantities.values():
            if not 0 <= quantity <= MAX_QUANTITY:
                raise UserError(
                    self.env._(
                        "A commitment is between 0 and %(max)s.", max=MAX_QUANTITY
                    )
                )
        # the plan of the same weeks as those offered (read on the same day)
        planned = self._vmi_figures(weeks=weeks, today=today)[self.id]["requirements"]
        planned_of = dict(zip(starts, planned, strict=True))
        Commit = self.env["scrm.vmi.commit"].sudo()
        existing = {
            commit.period_start: commit
            for commit in Commit.search(
                [("agreement_line_id", "=", self.id), ("period_start", "in", starts)]
            )
        }
        to_create = []
        for start, quantity in quantities.items():
            values = {
                "committed_qty": quantity,
                "planned_qty": planned_of[start],
                "user_id": self.env.user.id,
            }
            if start in existing:
                existing[start].write(values)
            else:
                to_create.append(
                    {"agreement_line_id": self.id, "period_start": start, **values}
                )
        Commit.create(to_create)
        commits = Commit.search(
            [("agreement_line_id", "=", self.id), ("period_start", "in", starts)]
        )
        short = commits.filtered("is_shortfall")
        agreement = self.agreement_id.sudo()
        summary = self.env._(
            "%(supplier)s commits less than planned for %(product)s",
            supplier=agreement.partner_id.name,
            product=self.product_id.display_name,
        )
        # One open activity per product: a new answer updates it, and an answer
        # that meets the plan again marks it done.
        pending = agreement.activity_ids.filtered(
            lambda a: a.user_id == agreement.user_id and a.summary == summary
        )[:1]
        if short and agreement.user_id:
            note = ", ".join(
                f"{commit.period_start}: {commit.committed_qty:g} / "
                f"{commit.planned_qty:g}"
                for commit in short
            )
            if pending:
                pending.note = note
            else:
                agreement.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=agreement.user_id.id,
                    summary=summary,
                    note=note,
                )
        elif pending:
            pending.action_feedback(
                feedback=self.env._("The supplier now commits what the plan needs.")
            )
        return commits

    def _vmi_refresh_commits(self):
        """Bring the plan of this week's and later commitments up to the last MRP
        run (the cron does it before looking for alerts)."""
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        commits = (
            self.env["scrm.vmi.commit"]
            .sudo()
            .search(
                [("agreement_line_id", "in", self.ids), ("period_start", ">=", monday)]
            )
        )
        if not commits:
            return
        figures = commits.agreement_line_id._vmi_figures(today=today)
        for commit in commits:
            week = (commit.period_start - monday).days // 7
            requirements = figures[commit.agreement_line_id.id]["requirements"]
            if week < len(requirements):
                planned = requirements[week]
                if abs(commit.planned_qty - planned) > EPSILON:
                    commit.planned_qty = planned

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .scrm_ticket import PRIORITIES


class ScrmSlaPolicy(models.Model):
    """Targets a ticket must meet, in working hours of its team's calendar."""

    _name = "scrm.sla.policy"
    _inherit = ["scrm.cached.config"]
    _description = "SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "scrm.service.team",
        check_company=True,
        index=True,
        help="Empty: every team.",
    )
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    category_id = fields.Many2one("scrm.ticket.category", help="Empty: every category.")
    response_hours = fields.Float(
        string="First Response (working hours)",
        required=True,
        default=8.0,
    )
    resolve_hours = fields.Float(
        string="Resolution (working hours)",
        required=True,
        default=40.0,
    )
    escalate_before_hours = fields.Float(
        string="Escalate Before (hours)",
        default=2.0,
        help="An activity is planned for the team leader this many hours before "
        "a deadline is missed.",
    )

    @api.constrains("response_hours", "resolve_hours", "escalate_before_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolve_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "SLA targets of “%(policy)s” must be positive numbers of "
                        "working hours.",
                        policy=policy.name,
                    )
                )
            if policy.escalate_before_hours < 0:
                raise ValidationError(
                    self.env._("An escalation margin cannot be negative.")
                )
            if policy.response_hours > policy.resolve_hours:
                raise ValidationError(
                    self.env._(
                        "The first response of “%(policy)s” cannot be due after "
                        "the resolution.",
                        policy=policy.name,
                    )
                )

    @api.model
    @tools.ormcache("company_ids")
    def _scrm_active_ids(self, company_ids):
        """Ids of the active policies of these companies (a sorted tuple), in
        matching order, cached: every new ticket is matched."""
        return tuple(
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", list(company_ids))], order="sequence, id")
            .ids
        )

    @api.model
    def _scrm_match(self, tickets):
        """{ticket id: the most specific active policy that applies, or empty}."""
        policies = self.sudo().browse(
            self._scrm_active_ids(tuple(sorted(tickets.company_id.ids)))
        )
        result = {}
        for ticket in tickets:
            best, best_score = self.browse(), -1
            for policy in policies:
                if policy.company_id != ticket.company_id:
                    continue
                if policy.team_id and policy.team_id != ticket.team_id:
                    continue
                if policy.priority and policy.priority != ticket.priority:
                    continue
                if policy.category_id and policy.category_id != ticket.category_id:
                    continue
                score = (
                    bool(policy.team_id)
                    + bool(policy.priority)
                    + bool(policy.category_id)
                )
                if score > best_score:
                    best, best_score = policy, score
            result[ticket.id] = best
        return result

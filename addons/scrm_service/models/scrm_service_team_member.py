from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmServiceTeamMember(models.Model):
    _name = "scrm.service.team.member"
    _description = "Service Team Member"
    _order = "team_id, sequence, id"

    team_id = fields.Many2one(
        "scrm.service.team", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    sequence = fields.Integer(default=10)
    capacity = fields.Integer(
        default=0,
        help="Most open tickets the agent takes from automatic assignment "
        "(0: no limit).",
    )
    is_available = fields.Boolean(
        string="Available",
        default=True,
        help="Unavailable agents (away, on leave) get no new tickets automatically.",
    )
    open_ticket_count = fields.Integer(compute="_compute_open_ticket_count")

    _sql_constraints = [
        (
            "team_user_uniq",
            "unique(team_id, user_id)",
            "This agent is already a member.",
        ),
    ]

    @api.constrains("capacity")
    def _check_capacity(self):
        if any(member.capacity < 0 for member in self):
            raise ValidationError(self.env._("A capacity cannot be negative."))

    def _compute_open_ticket_count(self):
        rows = self.env["scrm.ticket"]._read_group(
            [("user_id", "in", self.user_id.ids), ("is_closed", "=", False)],
            ["user_id"],
            ["__count"],
        )
        counts = {user.id: count for user, count in rows}
        for member in self:
            member.open_ticket_count = counts.get(member.user_id.id, 0)

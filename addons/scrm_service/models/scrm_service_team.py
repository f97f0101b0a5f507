import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ASSIGNMENT_METHODS = [
    ("manual", "Manual"),
    ("round_robin", "Round Robin"),
    ("least_load", "Least Open Tickets"),
]


class ScrmServiceTeam(models.Model):
    """A service team: members, working hours, an email alias and a way of
    handing new tickets to its members."""

    _name = "scrm.service.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        domain=[("share", "=", False)],
        help="Receives the escalation activities of tickets about to breach their SLA.",
    )
    member_ids = fields.One2many(
        "scrm.service.team.member", "team_id", string="Members"
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
        help="SLA clocks run only during these hours.",
    )
    assignment_method = fields.Selection(
        ASSIGNMENT_METHODS, required=True, default="manual"
    )
    last_assigned_user_id = fields.Many2one(
        "res.users", readonly=True, help="Where round robin continues from."
    )
    rating_on_close = fields.Boolean(
        string="Ask for a Rating on Closing",
        default=True,
        help="Closing a ticket emails the customer a satisfaction request.",
    )
    reopen_days = fields.Integer(
        string="Reopen Window (days)",
        default=7,
        help="A customer's answer (email or portal) to a ticket closed less than "
        "this many days ago reopens it and notifies the assignee; a later answer "
        "opens a new ticket linked to the closed one. 0: never reopen.",
    )
    renewal_window_days = fields.Integer(
        string="Renewal Window (Days)",
        default=60,
        help="A warranty ending within this many days shows as expiring on the "
        "team's tickets, and opportunities raised from them suggest its renewal.",
    )
    ticket_ids = fields.One2many("scrm.ticket", "team_id", string="Tickets")
    open_ticket_count = fields.Integer(compute="_compute_ticket_stats")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_stats")
    color = fields.Integer()
    csat_score = fields.Float(
        string="CSAT (%)",
        compute="_compute_csat_score",
        help="Good ratings / (good + bad ratings) of the team's tickets.",
    )

    @api.depends("ticket_ids.is_closed", "ticket_ids.user_id")
    def _compute_ticket_stats(self):
        rows = self.env["scrm.ticket"]._read_group(
            [("team_id", "in", self.ids), ("is_closed", "=", False)],
            ["team_id", "user_id"],
            ["__count"],
        )
        opened, unassigned = {}, {}
        for team, user, count in rows:
            opened[team.id] = opened.get(team.id, 0) + count
            if not user:
                unassigned[team.id] = count
        for team in self:
            team.open_ticket_count = opened.get(team.id, 0)
            team.unassigned_ticket_count = unassigned.get(team.id, 0)

    @api.constrains("reopen_days")
    def _check_reopen_days(self):
        for team in self:
            if team.reopen_days < 0:
                raise ValidationError(
                    self.env._(
                        "The reopen window of “%(team)s” cannot be negative.",
                        team=team.name,
                    )
                )

    def _compute_csat_score(self):
        scores = (
            self.env["rating.rating"]
            .sudo()
            ._scrm_csat_scores(
                ["parent_res_id"],
                [
                    ("parent_res_model", "=", self._name),
                    ("parent_res_id", "in", self.ids),
                ],
            )
        )
        for team in self:
            team.csat_score = scores.get((team.id,)) or 0.0

    @api.constrains("renewal_window_days")
    def _check_renewal_window_days(self):
        if any(team.renewal_window_days < 0 for team in self):
            raise ValidationError(self.env._("The renewal window cannot be negative."))

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("scrm.ticket").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
            defaults["company_id"] = self.company_id.id
        return values

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------

    def _scrm_pick_assignees(self, count):
        """Agents for ``count`` new tickets of this team, in order (False when
        nobody can take one), following the team's assignment method and each
        member's availability and capacity."""
        self.ensure_one()
        if self.assignment_method == "manual":
            return [False] * count
        members = self.member_ids.filtered("is_available")
        if not members:
            return [False] * count
        rows = (
            self.env["scrm.ticket"]
            .sudo()
            ._read_group(
                [("user_id", "in", members.user_id.ids), ("is_closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        load = {user.id: n for user, n in rows}
        picked = []
        last_user = self.last_assigned_user_id
        for _i in range(count):
            free = members.filtered(
                lambda m: not m.capacity or load.get(m.user_id.id, 0) < m.capacity
            )
            if not free:
                picked.append(False)
                continue
            if self.assignment_method == "least_load":
                member = min(
                    free, key=lambda m: (load.get(m.user_id.id, 0), m.sequence, m.id)
                )
            else:
                ordered = list(members)
                start = next(
                    (i + 1 for i, m in enumerate(ordered) if m.user_id == last_user),
                    0,
                )
                rotation = ordered[start:] + ordered[:start]
                member = next(m for m in rotation if m in free)
            picked.append(member.user_id.id)
            load[member.user_id.id] = load.get(member.user_id.id, 0) + 1
            last_user = member.user_id
        if last_user != self.last_assigned_user_id:
            self.sudo().last_assigned_user_id = last_user
        return picked

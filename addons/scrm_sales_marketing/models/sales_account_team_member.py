from odoo import fields, models

ACCOUNT_ROLES = [
    ("account_manager", "Account Manager"),
    ("inside_sales", "Inside Sales"),
    ("field_sales", "Field Sales"),
    ("service_contact", "Service Contact"),
]


class ScrmAccountTeamMember(models.Model):
    """One person of a customer account's team, with their role."""

    _name = "scrm.account.team.member"
    _description = "Account Team Member"
    _order = "partner_id, role, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(ACCOUNT_ROLES, required=True, default="account_manager")

    _sql_constraints = [
        (
            "person_role_uniq",
            "unique(partner_id, user_id, role)",
            "This person already has this role in the account team.",
        ),
    ]

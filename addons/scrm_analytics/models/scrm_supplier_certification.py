from datetime import timedelta

from odoo import api, fields, models


class ScrmSupplierCertification(models.Model):
    _name = "scrm.supplier.certification"
    _description = "Supplier Certification"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_expiry, id"

    partner_id = fields.Many2one(
        "res.partner", string="Supplier", required=True, index=True, tracking=True
    )
    name = fields.Char(string="Certificate", required=True, tracking=True)
    number = fields.Char()
    date_expiry = fields.Date(string="Expires On", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Buyer",
        default=lambda self: self.env.user,
        help="Who is reminded before the certificate expires.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    is_expired = fields.Boolean(
        string="Expired", compute="_compute_is_expired", search="_search_is_expired"
    )

    @api.depends("date_expiry")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for certification in self:
            certification.is_expired = certification.date_expiry < today

    def _search_is_expired(self, operator, value):
        today = fields.Date.context_today(self)
        expired = (operator == "=") == bool(value)
        return [("date_expiry", "<" if expired else ">=", today)]

    @api.model
    def _cron_expiry_activities(self, days=30):
        """One to-do for the buyer of each certificate expiring within
        ``days`` that has none yet."""
        today = fields.Date.context_today(self)
        soon = self.search(
            [
                ("date_expiry", ">=", today),
                ("date_expiry", "<=", today + timedelta(days=days)),
                ("activity_ids", "=", False),
            ]
        )
        for certification in soon:
            certification.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=certification.date_expiry,
                summary=self.env._(
                    "%(certificate)s of %(supplier)s expires",
                    certificate=certification.name,
                    supplier=certification.partner_id.display_name,
                ),
                user_id=(certification.user_id or self.env.user).id,
            )
        return soon

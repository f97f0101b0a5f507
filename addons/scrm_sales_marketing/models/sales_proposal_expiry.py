# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import api, fields, models

# Days before a quotation's validity date when its salesperson gets an activity
# (system parameter, so a company can move it without a release).
EXPIRY_NOTICE_PARAM = "scrm_sales_marketing.proposal_expiry_notice_days"
EXPIRY_NOTICE_DAYS = 3


class SaleOrder(models.Model):
    """Proposals past their validity date are flagged (and can be filtered);
    their salesperson gets an activity a few days before."""

    _inherit = "sale.order"

    scrm_expired = fields.Boolean(
        string="Expired Proposal",
        copy=False,
        readonly=True,
        index=True,
        help="A quotation still open after its validity date.",
    )
    scrm_expiry_activity_date = fields.Date(
        string="Expiry Reminder On",
        copy=False,
        readonly=True,
        help="When the salesperson was reminded that this quotation expires.",
    )

    @api.model
    def _scrm_expiry_notice_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EXPIRY_NOTICE_PARAM)
        try:
            return max(int(value), 0) if value else EXPIRY_NOTICE_DAYS
        except ValueError:
            return EXPIRY_NOTICE_DAYS

    @api.model
    def _scrm_cron_proposal_expiry(self, today=None):
        """Flag the open quotations past their validity date and remind the
        salesperson of those that expire soon; each quotation once. The last
        revision only: earlier ones are no longer offered."""
        today = today or fields.Date.context_today(self)
        open_quotes = [
            ("state", "in", ("draft", "sent")),
            ("scrm_is_superseded", "=", False),
            ("validity_date", "!=", False),
        ]
        expired = self.search(
            [*open_quotes, ("validity_date", "<", today), ("scrm_expired", "=", False)]
        )
        for order in expired:
            order.message_post(
                body=self.env._(
                    "This quotation expired on %(date)s.",
                    date=fields.Date.to_string(order.validity_date),
                ),
                subtype_xmlid="mail.mt_note",
            )
        expired.write({"scrm_expired": True})
        horizon = today + timedelta(days=self._scrm_expiry_notice_days())
        soon = self.search(
            [
                *open_quotes,
                ("validity_date", ">=", today),
                ("validity_date", "<=", horizon),
                ("scrm_expiry_activity_date", "=", False),
                ("user_id", "!=", False),
            ]
        )
        activity_type = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_proposal_expiry"
        )
        for order in soon:
            order.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=min(order.validity_date, today + timedelta(days=1)),
                summary=self.env._(
                    "%(name)s expires on %(date)s",
                    name=order.name,
                    date=fields.Date.to_string(order.validity_date),
                ),
                user_id=order.user_id.id,
            )
        soon.write({"scrm_expiry_activity_date": today})
        return expired, soon

    def write(self, vals):
        # A new validity date reopens the quotation's expiry cycle.
        if "validity_date" in vals and not self.env.context.get("scrm_revision_write"):
            vals = {**vals, "scrm_expired": False, "scrm_expiry_activity_date": False}
        return super().write(vals)

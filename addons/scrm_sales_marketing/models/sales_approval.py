from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ScrmSalesApproval(models.Model):
    """A request to the deal desk: a quotation outside its salesperson's pricing
    limits, the justification, and the decision with who made it and why."""

    _name = "scrm.sales.approval"
    _description = "Pricing Approval"
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "order_id"

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    requested_by_id = fields.Many2one("res.users", required=True, readonly=True)
    approver_id = fields.Many2one("res.users", readonly=True)
    justification = fields.Text(required=True, readonly=True)
    reasons = fields.Text(string="Limits Exceeded", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    comment = fields.Text(string="Decision Comment", readonly=True)
    price_signature = fields.Char(readonly=True)
    amount_untaxed = fields.Monetary(string="Approved Up To", readonly=True)
    currency_id = fields.Many2one(related="order_id.currency_id")

    def _scrm_check_can_decide(self):
        """Refuse a decision the current user may not take (as that user)."""
        self.ensure_one()
        user = self.env.user
        if self.state != "pending":
            raise UserError(
                self.env._("This request was already decided or withdrawn.")
            )
        if user == self.requested_by_id or user == self.order_id.user_id:
            raise UserError(
                self.env._("You cannot approve or reject your own pricing request.")
            )
        if self.order_id.company_id not in user.company_ids:
            raise UserError(
                self.env._(
                    "%(user)s does not work for %(company)s and cannot decide on its "
                    "quotations.",
                    user=user.name,
                    company=self.order_id.company_id.name,
                )
            )
        if user != self.approver_id and not user.has_group(
            "scrm_sales_marketing.group_sales_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only %(approver)s or a sales manager can decide on this request.",
                    approver=self.approver_id.name,
                )
            )
        if self.price_signature != self.order_id._scrm_price_signature():
            raise UserError(
                self.env._(
                    "The prices of %(order)s changed since the request: the "
                    "salesperson must request the approval again.",
                    order=self.order_id.name,
                )
            )

    def _scrm_decide(self, decision, comment):
        self.ensure_one()
        self._scrm_check_can_decide()
        comment = (comment or "").strip()
        if decision == "rejected" and not comment:
            raise UserError(self.env._("Say why the request is rejected."))
        decider = self.env.user
        approval = self.sudo()
        approval.write(
            {
                "state": decision,
                "decided_by_id": decider.id,
                "decided_on": fields.Datetime.now(),
                "comment": comment,
            }
        )
        order = approval.order_id
        order.activity_ids.filtered(
            lambda a: (
                a.user_id == approval.approver_id
                and a.activity_type_id
                == self.env.ref(
                    "scrm_sales_marketing.mail_activity_type_pricing_approval"
                )
            )
        ).action_feedback(feedback=comment)
        label = (
            self.env._("Pricing approved by %(user)s", user=decider.name)
            if decision == "approved"
            else self.env._("Pricing rejected by %(user)s", user=decider.name)
        )
        body = f"{label}: {comment}" if comment else label
        order.message_post(
            body=body,
            partner_ids=approval.requested_by_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

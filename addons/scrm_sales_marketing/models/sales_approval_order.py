# pylint: disable=consider-merging-classes-inherited
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields of a line that make its price: an approval survives any other change.
PRICE_FIELDS = ("product_id", "price_unit", "discount")


class SaleOrder(models.Model):
    """The deal desk on a quotation: outside the salesperson's pricing limits, it
    cannot be sent or confirmed until approved; an approval holds as long as
    prices do not change."""

    _inherit = "sale.order"

    scrm_approval_ids = fields.One2many(
        "scrm.sales.approval", "order_id", string="Pricing Approvals"
    )
    scrm_approval_state = fields.Selection(
        [
            ("none", "Within Limits"),
            ("required", "Approval Required"),
            ("pending", "Approval Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Pricing Approval",
        compute="_compute_scrm_approval_state",
    )
    scrm_approval_reasons = fields.Text(
        string="Limits Exceeded", compute="_compute_scrm_approval_state"
    )
    scrm_approval_id = fields.Many2one(
        "scrm.sales.approval",
        string="Last Approval",
        compute="_compute_scrm_approval_state",
    )

    @api.depends(
        "order_line.price_unit",
        "order_line.discount",
        "order_line.product_id",
        "order_line.margin_percent",
        "amount_untaxed",
        "user_id",
        "team_id",
        "scrm_approval_ids.state",
    )
    def _compute_scrm_approval_state(self):
        limits = self.env["scrm.sales.approval.limit"]._scrm_for_orders(self)
        for order in self:
            limit = limits.get(order)
            reasons = limit._scrm_violations(order) if limit else []
            last = order.scrm_approval_ids.filtered(
                lambda a: a.state != "cancelled"
            ).sorted("id", reverse=True)[:1]
            order.scrm_approval_reasons = "\n".join(reasons)
            order.scrm_approval_id = last
            if not reasons or order.state not in ("draft", "sent"):
                order.scrm_approval_state = "none"
            elif not last or not order._scrm_approval_covers(last):
                order.scrm_approval_state = "required"
            else:
                order.scrm_approval_state = last.state

    def _scrm_approval_covers(self, approval):
        """Whether ``approval`` still stands for the order as it is now: same
        prices, and an untaxed amount not above the approved one."""
        self.ensure_one()
        return approval.price_signature == self._scrm_price_signature() and (
            approval.state != "approved"
            or self.currency_id.compare_amounts(
                self.amount_untaxed, approval.amount_untaxed
            )
            <= 0
        )

    def _scrm_price_signature(self):
        self.ensure_one()
        rounding = self.currency_id.decimal_places + 2
        parts = sorted(
            f"{line.scrm_revision_key}:{line.product_id.id}:"
            f"{round(line.price_unit, rounding)}:{round(line.discount, 4)}"
            for line in self.order_line
            if not line.display_type
        )
        return hashlib.sha1("|".join(parts).encode()).hexdigest()

    def _scrm_check_pricing_approved(self):
        for order in self:
            if order.scrm_approval_state in ("required", "pending", "rejected"):
                raise UserError(order._scrm_pricing_blocked_message())

    def _scrm_pricing_blocked_message(self):
        self.ensure_one()
        state = dict(
            self._fields["scrm_approval_state"]._description_selection(self.env)
        )
        return self.env._(
            "%(order)s is outside the pricing limits (%(state)s) and cannot be sent or "
            "confirmed before the approval:\n%(reasons)s",
            order=self.name,
            state=state[self.scrm_approval_state],
            reasons=self.scrm_approval_reasons,
        )

    def _confirmation_error_message(self):
        if self.scrm_approval_state in ("required", "pending", "rejected"):
            return self._scrm_pricing_blocked_message()
        return super()._confirmation_error_message()

    def action_quotation_send(self):
        self._scrm_check_pricing_approved()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._scrm_check_pricing_approved()
        return super().action_quotation_sent()

    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self.scrm_approval_state in (
            "none",
            "approved",
        )

    def action_scrm_request_approval(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Pricing Approval"),
            "res_model": "scrm.sales.approval.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_scrm_decide_approval(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide on Pricing"),
            "res_model": "scrm.sales.approval.decide",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_approval_id": self.scrm_approval_id.id},
        }

    def _scrm_request_approval(self, justification):
        """Ask the deal desk for an approval of the current prices; the approver
        gets an activity. Returns the request."""
        self.ensure_one()
        self.check_access("write")
        justification = (justification or "").strip()
        if not justification:
            raise UserError(self.env._("Say why these prices are needed."))
        if self.scrm_approval_state not in ("required", "rejected"):
            raise UserError(
                self.env._("%(order)s needs no new pricing approval.", order=self.name)
            )
        limit = self.env["scrm.sales.approval.limit"]._scrm_for_orders(self)[self]
        approver = limit._scrm_pick_approver(self)
        requester = self.env.user
        if not approver:
            raise UserError(
                self.env._(
                    "No approver for %(order)s: set one on the pricing limit or a "
                    "leader on the sales team.",
                    order=self.name,
                )
            )
        if approver in (requester, self.user_id):
            raise UserError(
                self.env._(
                    "%(user)s would approve their own request: set another approver "
                    "on the pricing limit.",
                    user=approver.name,
                )
            )
        if self.company_id not in approver.company_ids:
            raise UserError(
                self.env._(
                    "The approver %(user)s does not work for %(company)s.",
                    user=approver.name,
                    company=self.company_id.name,
                )
            )
        if not self.with_user(approver).has_access("read"):
            raise UserError(
                self.env._(
                    "The approver %(user)s cannot see %(order)s: give them access to "
                    "all the team's documents.",
                    user=approver.name,
                    order=self.name,
                )
            )
        Approval = self.env["scrm.sales.approval"].sudo()
        Approval.search([("order_id", "=", self.id), ("state", "=", "pending")]).write(
            {"state": "cancelled"}
        )
        approval = Approval.create(
            {
                "order_id": self.id,
                "requested_by_id": requester.id,
                "approver_id": approver.id,
                "justification": justification,
                "reasons": self.scrm_approval_reasons,
                "price_signature": self._scrm_price_signature(),
                "amount_untaxed": self.amount_untaxed,
            }
        )
        self.sudo().activity_schedule(
            "scrm_sales_marketing.mail_activity_type_pricing_approval",
            user_id=approver.id,
            summary=self.env._("Approve the pricing of %(order)s", order=self.name),
            note=justification,
        )
        self.message_post(
            body=self.env._(
                "Pricing approval requested from %(approver)s: %(justification)s",
                approver=approver.name,
                justification=justification,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return approval.sudo(False)

from odoo import fields, models


class ScrmSalesApprovalDecide(models.TransientModel):
    _name = "scrm.sales.approval.decide"
    _description = "Decide on a Pricing Approval"

    approval_id = fields.Many2one("scrm.sales.approval", required=True, readonly=True)
    order_id = fields.Many2one(related="approval_id.order_id")
    justification = fields.Text(related="approval_id.justification")
    reasons = fields.Text(related="approval_id.reasons")
    requested_by_id = fields.Many2one(related="approval_id.requested_by_id")
    comment = fields.Text()

    def action_approve(self):
        self.ensure_one()
        self.approval_id._scrm_decide("approved", self.comment)
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        self.ensure_one()
        self.approval_id._scrm_decide("rejected", self.comment)
        return {"type": "ir.actions.act_window_close"}

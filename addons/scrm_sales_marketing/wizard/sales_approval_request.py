from odoo import fields, models


class ScrmSalesApprovalRequest(models.TransientModel):
    _name = "scrm.sales.approval.request"
    _description = "Request a Pricing Approval"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    reasons = fields.Text(related="order_id.scrm_approval_reasons")
    justification = fields.Text(required=True)

    def action_request(self):
        self.ensure_one()
        self.order_id._scrm_request_approval(self.justification)
        return {"type": "ir.actions.act_window_close"}

from odoo import models


class ScrmMrpPlannedOrder(models.Model):
    _inherit = "scrm.mrp.planned.order"

    def action_switch_vendor(self):
        """Open Switch Vendor on this planned purchase."""
        self.ensure_one()
        wizard = self.env["scrm.planned.order.switch.vendor"].create(
            {"planned_order_id": self.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Switch Vendor"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_price_history(self):
        self.ensure_one()
        return self.product_id._scrm_action_price_history()

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        # sale's hook for what a confirmation brings about; the orders are in "sale".
        result = super()._action_confirm()
        self._scrm_mark_customers()
        return result

    def _scrm_mark_customers(self):
        """Make the commercial partner of each confirmed order's customer a customer,
        in one call for the whole batch (scrm_base writes it as superuser, so a
        salesperson who may not edit contacts still records the role)."""
        self.partner_id.commercial_partner_id._scrm_add_role("customer")

from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def button_approve(self, force=False):
        # Every confirmation ends here: straight from button_confirm, or later when a
        # manager approves an order that double validation held back.
        result = super().button_approve(force=force)
        self._scrm_mark_vendors_as_suppliers()
        return result

    def _scrm_mark_vendors_as_suppliers(self):
        """Make the commercial partner of each confirmed order's vendor a supplier,
        in one call for the whole batch (scrm_base writes it as superuser, so a
        buyer who may not edit contacts still records the role)."""
        confirmed = self.filtered(lambda order: order.state in ("purchase", "done"))
        confirmed.partner_id.commercial_partner_id._scrm_add_role("supplier")

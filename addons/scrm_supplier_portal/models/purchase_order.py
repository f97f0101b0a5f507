from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    scrm_vmi_agreement_id = fields.Many2one(
        "scrm.vmi.agreement",
        string="VMI Agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The agreement whose approved replenishment proposals this order "
        "supplies.",
    )

    def _get_destination_location(self):
        """Goods of a VMI agreement go to the agreement's location (a
        sub-location of the receipt's destination), where the supplier sees and
        manages them; with a multi-step reception they follow its first step."""
        location_id = super()._get_destination_location()
        vmi_location = self.scrm_vmi_agreement_id.sudo().location_id
        if vmi_location and location_id:
            default = self.env["stock.location"].browse(location_id)
            if vmi_location.parent_path.startswith(default.parent_path):
                return vmi_location.id
        return location_id

    def _get_final_location_record(self):
        """Where the goods of a VMI agreement end, after every reception step."""
        vmi_location = self.scrm_vmi_agreement_id.sudo().location_id
        return vmi_location or super()._get_final_location_record()

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

from odoo import models
from odoo.exceptions import UserError


class ScrmMrpPlannedOrder(models.Model):
    _inherit = "scrm.mrp.planned.order"

    def _release(self):
        """Planned purchases of products a supplier manages under an active VMI
        agreement stay in the plan (the supplier sees them as requirements) but
        are not released: the supplier's approved proposals are the supply."""
        managed = self._vmi_managed()
        if managed:
            raise UserError(
                self.env._(
                    "These products are replenished by their supplier under a VMI "
                    "agreement; their planned purchases are not released: %s",
                    ", ".join(managed.product_id.mapped("display_name")),
                )
            )
        return super()._release()

    def _vmi_managed(self):
        """The planned purchases of self whose product is in an active agreement
        of the same company."""
        buy = self.filtered(lambda o: o.supply_method == "buy")
        if not buy:
            return buy
        lines = (
            self.env["scrm.vmi.agreement.line"]
            .sudo()
            .search_fetch(
                [
                    ("product_id", "in", buy.product_id.ids),
                    ("state", "=", "active"),
                    ("company_id", "in", buy.company_id.ids),
                ],
                ["product_id", "company_id"],
            )
        )
        managed = {(line.product_id.id, line.company_id.id) for line in lines}
        return buy.filtered(lambda o: (o.product_id.id, o.company_id.id) in managed)

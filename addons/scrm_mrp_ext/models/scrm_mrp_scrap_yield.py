"""Scrap per BoM line and yield per manufactured product: planning figures
Odoo CE does not have. MRP grosses dependent demand up by them."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .scrm_mrp_dirty import mark_dirty


class MrpBomLine(models.Model):
    _inherit = "mrp.bom.line"

    scrm_scrap_percent = fields.Float(
        string="Scrap (%)",
        digits=(16, 2),
        help="Share of this component expected to be lost: MRP asks for the "
        "quantity plus this percentage.",
    )

    @api.constrains("scrm_scrap_percent")
    def _check_scrm_scrap_percent(self):
        for line in self:
            if line.scrm_scrap_percent < 0:
                raise ValidationError(
                    self.env._("The scrap percentage must not be negative.")
                )


class ProductTemplate(models.Model):
    """Yield, and the planning parameters whose change replans the product
    (lot sizing, safety stock, supply method, routes, lead times, unit)."""

    _inherit = "product.template"  # pylint: disable=consider-merging-classes-inherited

    scrm_yield_percent = fields.Float(
        string="Yield (%)",
        digits=(16, 2),
        default=100.0,
        help="Share of a manufacturing order's output that is good: MRP asks for "
        "components for the order quantity divided by this percentage.",
    )

    @api.constrains("scrm_yield_percent")
    def _check_scrm_yield_percent(self):
        for template in self:
            if not 0 < template.scrm_yield_percent <= 100:
                raise ValidationError(
                    self.env._("The yield must be above 0 and at most 100 %.")
                )

    def write(self, vals):
        if any(
            name.startswith("scrm_")
            or name
            in (
                "route_ids",
                "seller_ids",
                "produce_delay",
                "uom_id",
                "uom_po_id",
                "active",
                "is_storable",
                "type",
            )
            for name in vals
        ):
            self._scrm_mark_dirty()
            result = super().write(vals)
            self._scrm_mark_dirty()
            return result
        return super().write(vals)

    def _scrm_mark_dirty(self):
        templates = self.sudo().with_context(active_test=False)
        mark_dirty(
            self.env,
            [
                (template.company_id.id, product_id)
                for template in templates
                for product_id in template.product_variant_ids.ids
            ],
        )

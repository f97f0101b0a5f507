"""Scrap per BoM line and yield per manufactured product: planning figures
Odoo CE does not have. MRP grosses dependent demand up by them."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    _inherit = "product.template"

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

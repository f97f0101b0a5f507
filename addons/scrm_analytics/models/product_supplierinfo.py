from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    scrm_landed_cost_percent = fields.Float(
        string="Landed Cost (%)",
        help="Freight, duty and handling on top of the price, in percent.",
    )

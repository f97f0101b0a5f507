from odoo import fields, models

SOURCES = [
    ("pricelist", "Vendor pricelist"),
    ("portal", "Supplier's portal update"),
    ("purchase", "Purchase order"),
]


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    scrm_landed_cost_percent = fields.Float(
        string="Landed Cost (%)",
        help="Freight, duty and handling on top of the price, in percent.",
    )
    scrm_capacity = fields.Float(
        string="Capacity per Month",
        digits="Product Unit of Measure",
        help="How much of this product the supplier can deliver in a month.",
    )
    scrm_source = fields.Selection(
        SOURCES,
        string="Source",
        default="pricelist",
        help="Where this price and lead time come from.",
    )
    scrm_source_date = fields.Date(
        string="Source Date",
        default=fields.Date.context_today,
        help="When the supplier gave this price and lead time.",
    )

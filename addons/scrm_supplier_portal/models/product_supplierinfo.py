from odoo import fields, models

SOURCES = [
    ("pricelist", "Vendor pricelist"),
    ("portal", "Supplier's portal update"),
    ("purchase", "Purchase order"),
]


class ProductSupplierinfo(models.Model):
    """Where each figure of a vendor price comes from, and how much the supplier
    can deliver: the supplier's catalogue on the portal writes these on approval."""

    _inherit = "product.supplierinfo"

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

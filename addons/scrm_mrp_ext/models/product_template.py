from odoo import api, fields, models
from odoo.exceptions import ValidationError

LOT_POLICIES = [
    ("lfl", "Lot for lot"),
    ("foq", "Fixed order quantity"),
    ("minmax", "Minimum / maximum / multiple"),
    ("poq", "Period order quantity"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    scrm_mrp_mode = fields.Selection(
        [
            ("auto", "MRP unless a reordering rule plans it"),
            ("mrp", "Planned by MRP"),
            ("none", "Not planned by MRP"),
        ],
        string="MRP Planning",
        default="auto",
        required=True,
        help="A product is planned either by MRP or by its reordering rules, "
        "never counted twice.",
    )
    scrm_supply_method = fields.Selection(
        [
            ("auto", "From routes and bills of materials"),
            ("buy", "Buy"),
            ("make", "Make"),
        ],
        string="Supply Method",
        default="auto",
        required=True,
    )
    scrm_lot_policy = fields.Selection(
        LOT_POLICIES, string="Lot Sizing", default="lfl", required=True
    )
    scrm_lot_fixed_qty = fields.Float(
        string="Fixed Order Quantity", digits="Product Unit of Measure"
    )
    scrm_lot_min_qty = fields.Float(
        string="Minimum Order Quantity", digits="Product Unit of Measure"
    )
    scrm_lot_max_qty = fields.Float(
        string="Maximum Order Quantity",
        digits="Product Unit of Measure",
        help="0 means no maximum; larger needs are split into several orders.",
    )
    scrm_lot_multiple = fields.Float(
        string="Order Multiple", digits="Product Unit of Measure"
    )
    scrm_lot_periods = fields.Integer(
        string="Periods Covered",
        default=1,
        help="Period order quantity: periods one order covers.",
    )
    scrm_safety_stock = fields.Float(
        string="Safety Stock", digits="Product Unit of Measure"
    )

    @api.constrains(
        "scrm_lot_policy",
        "scrm_lot_fixed_qty",
        "scrm_lot_min_qty",
        "scrm_lot_max_qty",
        "scrm_lot_multiple",
        "scrm_lot_periods",
        "scrm_safety_stock",
    )
    def _check_scrm_planning_parameters(self):
        for template in self:
            negative = [
                template._fields[fname].get_description(self.env)["string"]
                for fname in (
                    "scrm_lot_fixed_qty",
                    "scrm_lot_min_qty",
                    "scrm_lot_max_qty",
                    "scrm_lot_multiple",
                    "scrm_safety_stock",
                )
                if template[fname] < 0
            ]
            if negative:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(fields)s cannot be negative.",
                        product=template.display_name,
                        fields=", ".join(negative),
                    )
                )
            if template.scrm_lot_policy == "foq" and template.scrm_lot_fixed_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a fixed order quantity must be above zero.",
                        product=template.display_name,
                    )
                )
            if template.scrm_lot_periods < 1:
                raise ValidationError(
                    self.env._(
                        "%(product)s: one order covers at least one period.",
                        product=template.display_name,
                    )
                )
            if (
                template.scrm_lot_max_qty
                and template.scrm_lot_max_qty < template.scrm_lot_min_qty
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: the maximum order quantity is below the minimum.",
                        product=template.display_name,
                    )
                )

import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

LOT_POLICIES = [
    ("lfl", "Lot for lot"),
    ("foq", "Fixed order quantity"),
    ("minmax", "Minimum / maximum / multiple"),
    ("poq", "Period order quantity"),
]


# The fields of the lot mixin, in this order wherever they are read as rows.
LOT_FIELDS = (
    "scrm_lot_policy",
    "scrm_lot_fixed_qty",
    "scrm_lot_min_qty",
    "scrm_lot_max_qty",
    "scrm_lot_multiple",
    "scrm_lot_periods",
    "scrm_safety_stock",
)


class ScrmMrpLotMixin(models.AbstractModel):
    """Safety stock and lot sizing: on the product, and per warehouse where they
    differ."""

    _name = "scrm.mrp.lot.mixin"
    _description = "MRP Lot Sizing Parameters"

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

    @api.constrains(*LOT_FIELDS)
    def _check_scrm_planning_parameters(self):
        for record in self:
            negative = [
                record._fields[fname].get_description(self.env)["string"]
                for fname in (
                    "scrm_lot_fixed_qty",
                    "scrm_lot_min_qty",
                    "scrm_lot_max_qty",
                    "scrm_lot_multiple",
                    "scrm_safety_stock",
                )
                if record[fname] < 0
            ]
            if negative:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(fields)s cannot be negative.",
                        product=record._scrm_parameter_owner(),
                        fields=", ".join(negative),
                    )
                )
            if record.scrm_lot_policy == "foq" and record.scrm_lot_fixed_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a fixed order quantity must be above zero.",
                        product=record._scrm_parameter_owner(),
                    )
                )
            if record.scrm_lot_periods < 1:
                raise ValidationError(
                    self.env._(
                        "%(product)s: one order covers at least one period.",
                        product=record._scrm_parameter_owner(),
                    )
                )
            if (
                record.scrm_lot_max_qty
                and record.scrm_lot_max_qty < record.scrm_lot_min_qty
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: the maximum order quantity is below the minimum.",
                        product=record._scrm_parameter_owner(),
                    )
                )
            if (
                record.scrm_lot_max_qty
                and record.scrm_lot_multiple
                and math.ceil(record.scrm_lot_min_qty / record.scrm_lot_multiple)
                * record.scrm_lot_multiple
                > record.scrm_lot_max_qty
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: no multiple of %(multiple)s lies between the "
                        "minimum and the maximum order quantity.",
                        product=record._scrm_parameter_owner(),
                        multiple=record.scrm_lot_multiple,
                    )
                )

    def _scrm_parameter_owner(self):
        """The name shown in validation messages."""
        return self.display_name


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "scrm.mrp.lot.mixin"]

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
    scrm_warehouse_parameter_ids = fields.One2many(
        "scrm.mrp.warehouse.parameter",
        "product_tmpl_id",
        string="Per Warehouse",
        help="Safety stock and lot sizing of a warehouse where they differ.",
    )


class ScrmMrpWarehouseParameter(models.Model):
    _name = "scrm.mrp.warehouse.parameter"
    _inherit = ["scrm.mrp.lot.mixin"]
    _description = "MRP Parameters of a Product in a Warehouse"
    _check_company_auto = True

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
    )
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True)
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True)

    _sql_constraints = [
        (
            "product_warehouse_uniq",
            "unique(product_tmpl_id, warehouse_id)",
            "A product has one set of parameters per warehouse.",
        )
    ]

    def _scrm_parameter_owner(self):
        return f"{self.product_tmpl_id.display_name} ({self.warehouse_id.name})"

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .scrm_vmi_figures import load_figures

# The largest quantity a supplier may propose, ship or agree on for one product:
# anything above is a typing error, not an order.
MAX_QUANTITY = 1_000_000


class ScrmVmiAgreementLine(models.Model):
    """One product of a VMI agreement with its replenishment bounds."""

    _name = "scrm.vmi.agreement.line"
    _description = "VMI Agreement Product"
    _order = "agreement_id, sequence, id"
    _check_company_auto = True
    _rec_name = "product_id"

    sequence = fields.Integer(default=10)
    agreement_id = fields.Many2one(
        "scrm.vmi.agreement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Supplier", store=True, index=True
    )
    location_id = fields.Many2one(related="agreement_id.location_id", store=True)
    state = fields.Selection(related="agreement_id.state", store=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    min_qty = fields.Float(
        string="Minimum",
        digits="Product Unit of Measure",
        help="Reorder point: below it the supplier replenishes.",
    )
    max_qty = fields.Float(
        string="Maximum",
        digits="Product Unit of Measure",
        help="Order-up-to level: stock after an arrival should not exceed it.",
    )
    safety_stock = fields.Float(digits="Product Unit of Measure")
    multiple = fields.Float(
        string="Order Multiple",
        digits="Product Unit of Measure",
        help="Proposed quantities are multiples of it (0: any quantity).",
    )
    moq = fields.Float(
        string="Minimum Order Quantity", digits="Product Unit of Measure"
    )
    lead_time = fields.Integer(
        string="Agreed Lead Time (days)",
        help="Days between the supplier's shipment and its arrival with us.",
    )
    review_days = fields.Integer(
        string="Review Every (days)",
        default=7,
        help="How often the supplier reviews the stock of this product.",
    )
    alert_key = fields.Char(
        readonly=True,
        copy=False,
        help="The situation last alerted (empty once the stock is back to normal): "
        "the same situation is never alerted twice.",
    )

    _sql_constraints = [
        (
            "product_agreement_uniq",
            "UNIQUE(agreement_id, product_id)",
            "A product appears only once in an agreement.",
        ),
    ]

    @api.constrains(
        "min_qty", "max_qty", "safety_stock", "multiple", "moq", "lead_time"
    )
    def _check_bounds(self):
        for line in self:
            figures = [
                line.min_qty,
                line.max_qty,
                line.safety_stock,
                line.multiple,
                line.moq,
                line.lead_time,
            ]
            if any(value < 0 for value in figures):
                raise ValidationError(
                    self.env._(
                        "%(product)s: minimum, maximum, safety stock, multiple, "
                        "minimum order quantity and lead time cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if any(value > MAX_QUANTITY for value in figures):
                raise ValidationError(
                    self.env._(
                        "%(product)s: a figure above %(max)s is not plausible.",
                        product=line.product_id.display_name,
                        max=MAX_QUANTITY,
                    )
                )
            if line.min_qty > line.max_qty:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the minimum (%(min)s) is above the maximum "
                        "(%(max)s).",
                        product=line.product_id.display_name,
                        min=line.min_qty,
                        max=line.max_qty,
                    )
                )
            if line.review_days < 1:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the stock is reviewed at least every day.",
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("product_id", "agreement_id")
    def _check_one_active_agreement(self):
        """A product is managed by one active agreement per location."""
        active = self.filtered(lambda line: line.agreement_id.state == "active")
        if not active:
            return
        self.env.flush_all()
        clashes = self.sudo().search_fetch(
            [
                ("id", "not in", active.ids),
                ("product_id", "in", active.product_id.ids),
                ("agreement_id.state", "=", "active"),
                ("agreement_id.location_id", "in", active.location_id.ids),
            ],
            ["product_id", "agreement_id"],
        )
        taken = {
            (line.product_id.id, line.agreement_id.location_id.id): line
            for line in clashes
        }
        for line in active:
            key = (line.product_id.id, line.agreement_id.location_id.id)
            other = taken.get(key)
            # Agreements activated together clash with each other too.
            taken.setdefault(key, line)
            if other:
                raise ValidationError(
                    self.env._(
                        "%(product)s is already managed at %(location)s by the "
                        "active agreement %(agreement)s.",
                        product=line.product_id.display_name,
                        location=line.agreement_id.location_id.display_name,
                        agreement=other.agreement_id.name,
                    )
                )

    def _vmi_figures(self, window=30, weeks=6, today=None):
        """{line id: figures}: see ``scrm_vmi_figures.load_figures`` (a fixed
        number of queries, stock read as superuser: check access first)."""
        return load_figures(self, window=window, weeks=weeks, today=today)

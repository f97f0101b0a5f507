from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .scrm_vmi_agreement_line import MAX_QUANTITY
from .scrm_vmi_price_request import MAX_LEAD_TIME


class ScrmSupplierCapability(models.Model):
    """What a supplier can supply at the level of a product category: the
    category, how much a month and how soon. Entered by a buyer or approved from
    the supplier's catalogue on the portal; the vendor prices
    (``product.supplierinfo``) hold the same per product."""

    _name = "scrm.supplier.capability"
    _description = "Supplier Category Capability"
    _order = "categ_id, partner_id"
    _check_company_auto = True
    _rec_name = "categ_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", required=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    capacity = fields.Float(
        string="Capacity per Month",
        digits="Product Unit of Measure",
        help="How many units of the category's products the supplier can deliver "
        "in a month.",
    )
    lead_time = fields.Integer(string="Lead Time (days)")
    source = fields.Selection(
        [("buyer", "Entered by a buyer"), ("portal", "Supplier's portal update")],
        default="buyer",
        required=True,
    )
    source_date = fields.Date(default=fields.Date.context_today)
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "partner_categ_company_uniq",
            "unique(partner_id, categ_id, company_id)",
            "A supplier has one capability per category and company.",
        )
    ]

    @api.constrains("capacity", "lead_time", "note")
    def _check_values(self):
        for capability in self:
            if not 0 <= capability.capacity <= MAX_QUANTITY:
                raise ValidationError(
                    self.env._(
                        "The capacity is between 0 and %(max)s.", max=MAX_QUANTITY
                    )
                )
            if not 0 <= capability.lead_time <= MAX_LEAD_TIME:
                raise ValidationError(
                    self.env._(
                        "A lead time is between 1 and %(max)s days.", max=MAX_LEAD_TIME
                    )
                )
            if capability.note and len(capability.note) > 2000:
                raise ValidationError(self.env._("Note: at most 2000 characters."))

    @api.model
    def _capable_suppliers(self, products, company):
        """``{product id: {supplier id: capability}}``: the suppliers whose
        capability covers a product's category or one of its parents, in one
        query."""
        categories = products.categ_id
        parents = {
            categ.id: [int(c) for c in categ.parent_path.split("/") if c]
            for categ in categories
        }
        capabilities = self.search(
            [
                (
                    "categ_id",
                    "in",
                    sorted({c for ids in parents.values() for c in ids}),
                ),
                ("company_id", "in", (company.id,)),
            ]
        )
        by_categ = {}
        for capability in capabilities:
            by_categ.setdefault(capability.categ_id.id, self.browse())
            by_categ[capability.categ_id.id] |= capability
        result = {}
        for product in products:
            found = {}
            # The nearest category wins: walk from the product's up to the root.
            for categ_id in reversed(parents.get(product.categ_id.id, [])):
                for capability in by_categ.get(categ_id, []):
                    found.setdefault(capability.partner_id.id, capability)
            result[product.id] = found
        return result

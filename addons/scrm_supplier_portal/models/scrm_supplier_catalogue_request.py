from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.scrm_base.tools.validation import check_record_limits

from .scrm_vmi_agreement_line import MAX_QUANTITY
from .scrm_vmi_price_request import MAX_LEAD_TIME

TEXT_SIZE = 2000


class ScrmSupplierCatalogueRequest(models.Model):
    """One entry of a supplier's catalogue as the supplier proposes it on the
    portal: a product's price break (from a quantity), lead time and monthly
    capacity, or what it can supply of a whole product category. Nothing of it
    reaches the vendor pricelist (``product.supplierinfo``) or the category
    capabilities before a buyer approves it."""

    _name = "scrm.supplier.catalogue.request"
    _description = "Supplier Catalogue Request"
    _inherit = ["mail.thread", "scrm.interaction.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", string="Entry")
    partner_id = fields.Many2one(
        "res.partner", string="Supplier", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    kind = fields.Selection(
        [("product", "Product"), ("category", "Product Category")],
        required=True,
        default="product",
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        check_company=True,
        help="The product the entry is for. For a product new to us, the buyer "
        "chooses or creates it before approving.",
    )
    product_name = fields.Char(
        string="Product as Named by the Supplier",
        help="What the supplier calls a product that it does not supply us yet.",
    )
    product_code = fields.Char(string="Supplier's Product Code")
    categ_id = fields.Many2one("product.category", string="Product Category")
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo",
        string="Vendor Price Updated",
        ondelete="set null",
        help="The vendor price this entry changes; empty for a new price break.",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda s: s.env.company.currency_id
    )
    price = fields.Float(digits="Product Price")
    min_qty = fields.Float(
        string="From Quantity", digits="Product Unit of Measure", default=0.0
    )
    lead_time = fields.Integer(string="Lead Time (days)")
    capacity = fields.Float(
        string="Capacity per Month", digits="Product Unit of Measure"
    )
    note = fields.Text()
    state = fields.Selection(
        [
            ("submitted", "Waiting for Approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Withdrawn"),
        ],
        default="submitted",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Proposed By", readonly=True)
    approved_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decision_date = fields.Date(readonly=True)
    result_supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Vendor Price", readonly=True
    )
    capability_id = fields.Many2one("scrm.supplier.capability", readonly=True)

    @api.depends("kind", "product_tmpl_id", "product_name", "categ_id", "min_qty")
    def _compute_name(self):
        for entry in self:
            if entry.kind == "category":
                entry.name = entry.categ_id.display_name or ""
            else:
                entry.name = entry.product_tmpl_id.display_name or entry.product_name
                if entry.min_qty:
                    entry.name = self.env._(
                        "%(product)s from %(qty)s",
                        product=entry.name,
                        qty=entry.min_qty,
                    )

    @api.constrains(
        "kind", "product_tmpl_id", "product_name", "categ_id", "price", "min_qty"
    )
    def _check_entry(self):
        for entry in self:
            entry._catalogue_check()

    @api.constrains("note", "product_name", "product_code")
    def _check_limits(self):
        check_record_limits(
            self,
            sizes={"note": TEXT_SIZE, "product_name": 256, "product_code": 64},
        )

    def _catalogue_check(self):
        """Raise a translated error for an entry that cannot be right."""
        self.ensure_one()
        env = self.env
        if self.kind == "category":
            if not self.categ_id:
                raise ValidationError(env._("Choose the product category."))
            if not self.capacity and not self.lead_time:
                raise ValidationError(
                    env._("Give the capacity per month, the lead time or both.")
                )
        else:
            if not self.product_tmpl_id and not self.product_name:
                raise ValidationError(env._("Choose a product or name a new one."))
            if not 0 < self.price <= MAX_QUANTITY:
                raise ValidationError(
                    env._("A price is positive and at most %(max)s.", max=MAX_QUANTITY)
                )
        if not 0 <= self.min_qty <= MAX_QUANTITY:
            raise ValidationError(
                env._("The quantity is between 0 and %(max)s.", max=MAX_QUANTITY)
            )
        if not 0 <= self.capacity <= MAX_QUANTITY:
            raise ValidationError(
                env._("The capacity is between 0 and %(max)s.", max=MAX_QUANTITY)
            )
        if not 0 <= self.lead_time <= MAX_LEAD_TIME:
            raise ValidationError(
                env._("A lead time is between 1 and %(max)s days.", max=MAX_LEAD_TIME)
            )

    def _scrm_get_interaction_contacts(self):
        return {entry.id: entry.partner_id for entry in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "supplier"

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------

    def _catalogue_supplierinfo_values(self):
        """The values an approved product entry writes on the vendor price."""
        self.ensure_one()
        values = {
            "currency_id": self.currency_id.id,
            "price": self.price,
            "min_qty": self.min_qty,
            "scrm_source": "portal",
            "scrm_source_date": fields.Date.context_today(self),
        }
        if self.lead_time:
            values["delay"] = self.lead_time
        if self.capacity:
            values["scrm_capacity"] = self.capacity
        if self.product_code:
            values["product_code"] = self.product_code
        return values

    def _catalogue_find_supplierinfo(self):
        """The vendor price the entry updates: the one it names, else the
        supplier's current price of the product at the same quantity and
        currency; empty for a new price break."""
        self.ensure_one()
        Supplierinfo = self.env["product.supplierinfo"].sudo()
        if self.supplierinfo_id:
            return self.supplierinfo_id.sudo()
        today = fields.Date.context_today(self)
        return Supplierinfo.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("product_tmpl_id", "=", self.product_tmpl_id.id),
                ("company_id", "in", (False, self.company_id.id)),
                ("min_qty", "=", self.min_qty),
                ("currency_id", "=", self.currency_id.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            order="sequence, id",
            limit=1,
        )

    def _catalogue_apply(self):
        """Write the entry into the vendor pricelist or the category
        capabilities (as the system, once the buyer's rights were checked)."""
        self.ensure_one()
        if self.kind == "category":
            Capability = self.env["scrm.supplier.capability"].sudo()
            capability = Capability.with_context(active_test=False).search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("categ_id", "=", self.categ_id.id),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
            values = {
                "capacity": self.capacity or capability.capacity,
                "lead_time": self.lead_time or capability.lead_time,
                "source": "portal",
                "source_date": fields.Date.context_today(self),
                "active": True,
            }
            if capability:
                capability.write(values)
            else:
                capability = Capability.create(
                    {
                        **values,
                        "partner_id": self.partner_id.id,
                        "categ_id": self.categ_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            return {"capability_id": capability.id}
        if not self.product_tmpl_id:
            raise UserError(
                self.env._(
                    "Choose the product %(name)s stands for before approving.",
                    name=self.product_name,
                )
            )
        values = self._catalogue_supplierinfo_values()
        supplierinfo = self._catalogue_find_supplierinfo()
        if supplierinfo:
            supplierinfo.write(values)
        else:
            supplierinfo = (
                self.env["product.supplierinfo"]
                .sudo()
                .create(
                    {
                        **values,
                        "partner_id": self.partner_id.id,
                        "product_tmpl_id": self.product_tmpl_id.id,
                        "company_id": self.company_id.id,
                        "delay": self.lead_time or 1,
                    }
                )
            )
        return {"result_supplierinfo_id": supplierinfo.id}

    def action_approve(self):
        """The buyer's approval: only now do the entries count."""
        self.check_access("write")
        if any(entry.state != "submitted" for entry in self):
            raise UserError(
                self.env._("Only an entry waiting for approval can be approved.")
            )
        today = fields.Date.context_today(self)
        for entry in self:
            values = entry._catalogue_apply()
            entry.write(
                {
                    **values,
                    "state": "approved",
                    "approved_by_id": self.env.user.id,
                    "decision_date": today,
                }
            )
        return True

    def action_reject(self):
        self.check_access("write")
        if any(entry.state != "submitted" for entry in self):
            raise UserError(
                self.env._("Only an entry waiting for approval can be rejected.")
            )
        self.write(
            {
                "state": "rejected",
                "approved_by_id": self.env.user.id,
                "decision_date": fields.Date.context_today(self),
            }
        )
        return True

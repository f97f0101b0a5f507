"""Switch Vendor: from a planned purchase of the MRP plan, the buyer sees the
other suppliers that can supply the product (vendor prices ranked by the
engine, and suppliers whose category capability covers it) with their price,
lead time, total cost of ownership and capacity, and moves the planned order
to one of them."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ScrmPlannedOrderSwitchVendor(models.TransientModel):
    _name = "scrm.planned.order.switch.vendor"
    _description = "Switch the Vendor of a Planned Purchase"

    planned_order_id = fields.Many2one(
        "scrm.mrp.planned.order", required=True, readonly=True, ondelete="cascade"
    )
    product_id = fields.Many2one(related="planned_order_id.product_id")
    product_uom_id = fields.Many2one(related="planned_order_id.product_uom_id")
    quantity = fields.Float(related="planned_order_id.quantity")
    due_date = fields.Date(related="planned_order_id.due_date")
    vendor_id = fields.Many2one(
        related="planned_order_id.vendor_id", string="Current Vendor"
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    line_ids = fields.One2many(
        "scrm.planned.order.switch.vendor.line", "wizard_id", string="Suppliers"
    )

    @api.model
    def _check_order(self, order):
        """A planned purchase still in the plan, that the user may change."""
        order.check_access("write")
        if order.state != "planned" or order.supply_method != "buy":
            raise UserError(
                self.env._(
                    "Only a planned purchase not yet released can switch vendor."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            self._check_order(wizard.planned_order_id)
            wizard.line_ids = [(0, 0, values) for values in wizard._candidates()]
        return wizards

    def _candidates(self):
        """The line values of every capable supplier: those with a vendor price
        (ranked by landed unit price with lead-time fit, from the engine) then
        those whose category capability covers the product."""
        self.ensure_one()
        order = self.planned_order_id
        product = order.product_id
        ranked = (
            self.env["scrm.supplier.ranking"]
            .new(
                {
                    "product_id": product.id,
                    "quantity": order.quantity,
                    "need_date": order.due_date,
                    "company_id": order.company_id.id,
                }
            )
            ._rank()
        )
        tco = {
            row.partner_id.id: row
            for row in self.env["scrm.supplier.tco"].search(
                [
                    ("product_id", "=", product.id),
                    ("company_id", "=", order.company_id.id),
                ]
            )
        }
        capabilities = (
            self.env["scrm.supplier.capability"]
            ._capable_suppliers(product, order.company_id)
            .get(product.id, {})
        )
        Info = self.env["product.supplierinfo"]
        today = fields.Date.context_today(self)
        lines = []
        for row in ranked:
            info = Info.browse(row.offer.ref)
            capability = capabilities.get(row.supplier_id)
            lines.append(
                {
                    "rank": row.rank,
                    "partner_id": row.supplier_id,
                    "supplierinfo_id": info.id,
                    "unit_price": row.unit_price,
                    "landed_price": row.landed_price,
                    "tco_unit": tco[row.supplier_id].tco_unit
                    if row.supplier_id in tco
                    else row.landed_price,
                    "tco_known": row.supplier_id in tco,
                    "lead_time": row.offer.lead_days,
                    "arrival_date": row.arrival,
                    "fits": row.fits,
                    "capacity": info.scrm_capacity
                    or (capability.capacity if capability else 0.0),
                    "on_time_rate": row.on_time_rate or 0.0,
                    "current": row.supplier_id == order.vendor_id.id,
                }
            )
        priced = {line["partner_id"] for line in lines}
        rank = len(lines)
        for partner_id, capability in capabilities.items():
            if partner_id in priced:
                continue
            rank += 1
            arrival = today + timedelta(days=capability.lead_time)
            lines.append(
                {
                    "rank": rank,
                    "partner_id": partner_id,
                    "capability_id": capability.id,
                    "lead_time": capability.lead_time,
                    "arrival_date": arrival,
                    "fits": arrival <= order.due_date,
                    "capacity": capability.capacity,
                    "current": partner_id == order.vendor_id.id,
                }
            )
        return lines


class ScrmPlannedOrderSwitchVendorLine(models.TransientModel):
    _name = "scrm.planned.order.switch.vendor.line"
    _description = "Supplier to Switch To"
    _order = "rank"

    wizard_id = fields.Many2one(
        "scrm.planned.order.switch.vendor", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    rank = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Supplier")
    supplierinfo_id = fields.Many2one("product.supplierinfo", string="Vendor Price")
    capability_id = fields.Many2one(
        "scrm.supplier.capability", string="Category Capability"
    )
    unit_price = fields.Monetary()
    landed_price = fields.Monetary(string="Landed Unit Price")
    tco_unit = fields.Monetary(
        string="TCO per Unit",
        help="Total cost of ownership per unit from the purchase history; the "
        "landed price where the supplier has no history yet.",
    )
    tco_known = fields.Boolean(string="From History")
    lead_time = fields.Integer(string="Lead Time (days)")
    arrival_date = fields.Date(string="Arrives On")
    fits = fields.Boolean(string="In Time")
    capacity = fields.Float(
        string="Capacity per Month", digits="Product Unit of Measure"
    )
    on_time_rate = fields.Float(string="On Time (%)", digits=(16, 1))
    current = fields.Boolean(string="Current Vendor")

    def action_choose(self):
        """Move the planned purchase to this supplier; its release date follows
        the supplier's lead time."""
        self.ensure_one()
        order = self.wizard_id.planned_order_id
        self.env["scrm.planned.order.switch.vendor"]._check_order(order)
        today = fields.Date.context_today(self)
        release = order.due_date - timedelta(days=self.lead_time or 0)
        order.write(
            {
                "vendor_id": self.partner_id.id,
                "release_date": release,
                "past_due": release < today,
            }
        )
        return {"type": "ir.actions.act_window_close"}

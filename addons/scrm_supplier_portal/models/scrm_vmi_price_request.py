from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.scrm_base.tools.validation import check_record_limits

from .scrm_vmi_agreement_line import MAX_QUANTITY

MAX_LEAD_TIME = 365


class ScrmVmiPriceRequest(models.Model):
    """A supplier's request to change the price (with its validity) or the lead
    time of a product of their agreement; a buyer's approval writes it into the
    vendor pricelist."""

    _name = "scrm.vmi.price.request"
    _description = "Supplier Price and Lead Time Request"
    _inherit = ["mail.thread", "scrm.interaction.mixin"]
    _order = "id desc"
    _rec_name = "product_id"

    agreement_line_id = fields.Many2one(
        "scrm.vmi.agreement.line", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="agreement_line_id.partner_id",
        string="Supplier",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="agreement_line_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(related="agreement_line_id.product_id", store=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    price = fields.Monetary(string="New Price", currency_field="currency_id")
    min_qty = fields.Float(
        string="From Quantity", digits="Product Unit of Measure", default=0.0
    )
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    lead_time = fields.Integer(string="New Lead Time (days)")
    note = fields.Text()
    state = fields.Selection(
        [
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="submitted",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Requested By", readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Pricelist Line", readonly=True
    )

    @api.constrains("price", "lead_time", "date_start", "date_end", "min_qty")
    def _check_values(self):
        for request in self:
            request._vmi_check()

    def _vmi_check(self):
        """Raise a translated error for a request that cannot be right."""
        self.ensure_one()
        env = self.env
        if not self.price and not self.lead_time:
            raise ValidationError(
                env._("Propose a new price, a new lead time or both.")
            )
        if self.price and not 0 < self.price <= MAX_QUANTITY:
            raise ValidationError(
                env._("A price is positive and at most %(max)s.", max=MAX_QUANTITY)
            )
        if self.lead_time and not 0 < self.lead_time <= MAX_LEAD_TIME:
            raise ValidationError(
                env._("A lead time is between 1 and %(max)s days.", max=MAX_LEAD_TIME)
            )
        if not 0 <= self.min_qty <= MAX_QUANTITY:
            raise ValidationError(
                env._("The quantity is between 0 and %(max)s.", max=MAX_QUANTITY)
            )
        if self.price and not self.date_start:
            raise ValidationError(env._("Say from when the new price applies."))
        if self.date_end and self.date_start and self.date_end < self.date_start:
            raise ValidationError(env._("The price ends before it starts."))

    def _scrm_get_interaction_contacts(self):
        return {request.id: request.partner_id for request in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "supplier"

    def action_approve(self):
        """Write each request into the vendor pricelist: a new dated price line,
        and the new lead time on the supplier's price lines of the product."""
        self.check_access("write")
        for request in self:
            if request.state != "submitted":
                raise UserError(self.env._("Only a submitted request can be approved."))
        Supplierinfo = self.env["product.supplierinfo"].sudo()
        for request in self:
            template = request.product_id.product_tmpl_id
            existing = Supplierinfo.search(
                [
                    ("partner_id", "=", request.partner_id.id),
                    ("product_tmpl_id", "=", template.id),
                    ("company_id", "in", (False, request.company_id.id)),
                ],
                order="sequence, id",
            )
            line = Supplierinfo
            if request.price:
                # Odoo buys at the cheapest valid price: the prices the new one
                # replaces end the day before it starts.
                replaced = existing.filtered(
                    lambda s, start=request.date_start: (
                        (not s.date_start or s.date_start < start)
                        and (not s.date_end or s.date_end >= start)
                    )
                )
                replaced.write({"date_end": request.date_start - timedelta(days=1)})
                line = Supplierinfo.create(
                    {
                        "partner_id": request.partner_id.id,
                        "product_tmpl_id": template.id,
                        "product_id": request.product_id.id,
                        "company_id": request.company_id.id,
                        "currency_id": request.currency_id.id,
                        "price": request.price,
                        "min_qty": request.min_qty,
                        "date_start": request.date_start,
                        "date_end": request.date_end,
                        "delay": request.lead_time
                        or (existing[:1].delay if existing else 1),
                        "sequence": min(existing.mapped("sequence"), default=1),
                    }
                )
            if request.lead_time:
                existing.write({"delay": request.lead_time})
                request.agreement_line_id.sudo().lead_time = request.lead_time
            request.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.user.id,
                    "supplierinfo_id": line.id or (existing[:1].id),
                }
            )
        return True

    def action_reject(self):
        self.check_access("write")
        if any(request.state != "submitted" for request in self):
            raise UserError(self.env._("Only a submitted request can be rejected."))
        self.write({"state": "rejected"})
        return True

    @api.constrains("date_start", "date_end", "note")
    def _check_limits(self):
        check_record_limits(
            self, dates=("date_start", "date_end"), sizes={"note": 2000}
        )

from odoo import Command, api, fields, models


class ScrmSalesPriceLookup(models.TransientModel):
    """What a salesperson checks before quoting: for a product and a customer, the
    pricelist price, the last prices this customer paid, the margin, and the
    approval the price would need."""

    _name = "scrm.sales.price.lookup"
    _description = "Price Look-up"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain="[('sale_ok', '=', True)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        readonly=False,
        store=True,
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    pricelist_price = fields.Monetary(compute="_compute_prices")
    net_price = fields.Monetary(compute="_compute_prices")
    cost = fields.Float(compute="_compute_prices", digits="Product Price")
    margin_percent = fields.Float(string="Margin (%)", compute="_compute_prices")
    last_line_ids = fields.Many2many(
        "sale.order.line", string="Last Prices Paid", compute="_compute_prices"
    )
    approval_needed = fields.Text(compute="_compute_prices")

    @api.depends("partner_id")
    def _compute_pricelist_id(self):
        for lookup in self:
            lookup.pricelist_id = lookup.partner_id.property_product_pricelist

    @api.depends("partner_id", "product_id", "quantity", "discount", "pricelist_id")
    def _compute_prices(self):
        for lookup in self:
            product, partner = lookup.product_id, lookup.partner_id
            if not (product and partner):
                lookup.update(
                    {
                        "pricelist_price": 0.0,
                        "net_price": 0.0,
                        "cost": 0.0,
                        "margin_percent": 0.0,
                        "last_line_ids": False,
                        "approval_needed": False,
                    }
                )
                continue
            qty = lookup.quantity or 1.0
            price = (
                lookup.pricelist_id._get_product_price(product, qty, partner=partner)
                if lookup.pricelist_id
                else product.lst_price
            )
            net = price * (1 - (lookup.discount or 0.0) / 100.0)
            cost = product.standard_price
            lookup.pricelist_price = price
            lookup.net_price = net
            lookup.cost = cost
            lookup.margin_percent = net and (net - cost) / net * 100.0
            lookup.last_line_ids = lookup._last_lines()
            lookup.approval_needed = lookup._approval_needed(qty, price)

    def _last_lines(self):
        return self.env["sale.order.line"].search(
            [
                (
                    "order_partner_id",
                    "child_of",
                    self.partner_id.commercial_partner_id.id,
                ),
                ("product_id", "=", self.product_id.id),
                ("state", "=", "sale"),
            ],
            order="create_date desc, id desc",
            limit=5,
        )

    def _approval_needed(self, qty, price):
        """The approval this price would need, computed on an unsaved quotation of
        the current user (nothing is stored)."""
        order = self.env["sale.order"].new(
            {
                "partner_id": self.partner_id.id,
                "user_id": self.env.user.id,
                "team_id": self.env.user.sale_team_id.id,
                "pricelist_id": self.pricelist_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_id.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "discount": self.discount,
                        }
                    )
                ],
            }
        )
        return order.scrm_approval_reasons or self.env._("No approval needed.")

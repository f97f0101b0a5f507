from odoo import fields, models


class ScrmCustomerSuggestion(models.Model):
    _name = "scrm.customer.suggestion"
    _description = "Co-purchase Suggestion"
    _order = "partner_id, confidence desc, support desc, id"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True
    )
    product_id = fields.Many2one(
        "product.product", string="Suggested Product", readonly=True
    )
    from_product_id = fields.Many2one(
        "product.product",
        string="Because It Buys",
        readonly=True,
        help="The product the customer buys that customers often buy together "
        "with the suggested one.",
    )
    support = fields.Float(
        readonly=True,
        digits=(16, 3),
        aggregator="avg",
        help="Share of all customers buying both products.",
    )
    confidence = fields.Float(
        readonly=True,
        digits=(16, 3),
        aggregator="avg",
        help="Share of the customers buying the first product who also buy "
        "the suggested one.",
    )
    lift = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The same field as website_sale's (name, comodel, relation table and
    # columns): both modules share one list, whichever is installed first.
    accessory_product_ids = fields.Many2many(
        string="Accessory Products",
        comodel_name="product.product",
        relation="product_accessory_rel",
        column1="src_id",
        column2="dest_id",
        check_company=True,
        help="Accessories show up when the customer reviews the cart before payment"
        " (cross-sell strategy).",
    )
    scrm_warranty_months = fields.Integer(
        string="Warranty (Months)",
        help="How long the warranty runs from the customer's purchase; tickets "
        "about the product show whether it still holds.",
    )
    scrm_renewal_product_id = fields.Many2one(
        "product.product",
        string="Warranty Renewal",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        help="The service sold to extend the warranty or contract: suggested on "
        "opportunities raised from tickets whose warranty expires soon or expired.",
    )

    def _scrm_suggested_products(self):
        """Optional and accessory products to offer with this product: saleable
        variants, each once, never the product itself."""
        products = (
            self.optional_product_ids.product_variant_ids | self.accessory_product_ids
        )
        return products.filtered(lambda p: p.sale_ok and p.product_tmpl_id not in self)

"""Price history per product and supplier: every confirmed purchase line, every
vendor price (from its start or source date) and every catalogue entry a buyer
approved from the supplier's portal, as one SQL view read by a line graph."""

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.scrm_supplier_portal.models.product_supplierinfo import SOURCES


class ScrmSupplierPriceHistory(models.Model):
    _name = "scrm.supplier.price.history"
    _description = "Supplier Price History"
    _auto = False
    _order = "date desc, id desc"
    # What the view reads: flushed before every query of it.
    _depends = {
        "purchase.order": ["state", "date_order", "currency_rate", "partner_id"],
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_qty",
            "price_unit",
            "price_subtotal",
            "display_type",
        ],
        "product.supplierinfo": [
            "partner_id",
            "product_tmpl_id",
            "product_id",
            "company_id",
            "price",
            "min_qty",
            "currency_id",
            "date_start",
            "scrm_source",
            "scrm_source_date",
        ],
        "scrm.supplier.catalogue.request": [
            "state",
            "kind",
            "decision_date",
            "company_id",
            "partner_id",
            "product_tmpl_id",
            "price",
            "min_qty",
            "currency_id",
        ],
        "res.currency.rate": ["rate", "name", "currency_id", "company_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    quantity = fields.Float(
        string="From Quantity", digits="Product Unit of Measure", readonly=True
    )
    price = fields.Float(
        string="Quoted Price", digits="Product Price", readonly=True, aggregator="avg"
    )
    quote_currency_id = fields.Many2one("res.currency", readonly=True)
    price_unit = fields.Monetary(
        string="Unit Price",
        readonly=True,
        aggregator="avg",
        help="Per unit of the product, in the company currency (purchase "
        "lines at their order's rate, quotes at the latest rate).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT 3 * pol.id AS id, po.date_order::date AS date, po.company_id,
                   partner.commercial_partner_id AS partner_id, pol.product_id,
                   'purchase' AS source, pol.product_qty AS quantity,
                   pol.price_unit AS price, po.currency_id AS quote_currency_id,
                   pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1)
                       / pol.product_qty AS price_unit
              FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN res_partner partner ON partner.id = po.partner_id
             WHERE po.state IN ('purchase', 'done') AND pol.display_type IS NULL
               AND pol.product_qty > 0
            UNION ALL
            SELECT 3 * si.id + 1, COALESCE(si.date_start, si.scrm_source_date,
                                           si.create_date::date),
                   COALESCE(si.company_id, company.id),
                   partner.commercial_partner_id, pp.id,
                   COALESCE(si.scrm_source, 'pricelist'), si.min_qty, si.price,
                   si.currency_id,
                   si.price * %(rate)s * COALESCE(uom.factor, 1)
                       / COALESCE(NULLIF(base_uom.factor, 0), 1)
              FROM product_supplierinfo si
              JOIN res_partner partner ON partner.id = si.partner_id
              JOIN product_product pp ON pp.product_tmpl_id = si.product_tmpl_id
                   AND (si.product_id IS NULL OR si.product_id = pp.id)
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom base_uom ON base_uom.id = pt.uom_id
              LEFT JOIN uom_uom uom ON uom.id = pt.uom_po_id
              JOIN res_company company
                ON company.id = COALESCE(si.company_id, (
                    SELECT MIN(id) FROM res_company))
             WHERE si.price > 0 AND COALESCE(si.scrm_source, '') != 'portal'
            UNION ALL
            SELECT 3 * entry.id + 2, entry.decision_date, entry.company_id,
                   entry.partner_id, pp.id, 'portal', entry.min_qty, entry.price,
                   entry.currency_id,
                   entry.price * %(entry_rate)s * COALESCE(uom.factor, 1)
                       / COALESCE(NULLIF(base_uom.factor, 0), 1)
              FROM scrm_supplier_catalogue_request entry
              JOIN res_company company ON company.id = entry.company_id
              JOIN product_product pp ON pp.product_tmpl_id = entry.product_tmpl_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom base_uom ON base_uom.id = pt.uom_id
              LEFT JOIN uom_uom uom ON uom.id = pt.uom_po_id
             WHERE entry.state = 'approved' AND entry.kind = 'product'
            """,
            rate=self._rate("si.currency_id"),
            entry_rate=self._rate("entry.currency_id"),
        )

    def _rate(self, currency_column):
        """Company currency per unit of the quote currency, at the latest
        rates (1 when the quote is in the company currency)."""
        return SQL(
            """(CASE WHEN %(currency)s = company.currency_id THEN 1 ELSE
                COALESCE((SELECT r.rate FROM res_currency_rate r
                           WHERE r.currency_id = company.currency_id
                             AND (r.company_id IS NULL OR r.company_id = company.id)
                           ORDER BY r.name DESC LIMIT 1), 1)
                / COALESCE((SELECT NULLIF(r.rate, 0) FROM res_currency_rate r
                             WHERE r.currency_id = %(currency)s
                               AND (r.company_id IS NULL OR r.company_id = company.id)
                             ORDER BY r.name DESC LIMIT 1), 1) END)""",
            currency=SQL(currency_column),
        )

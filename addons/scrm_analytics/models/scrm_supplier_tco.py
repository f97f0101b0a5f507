"""Total cost of ownership per supplier and product: what buying from a
supplier really costs, beyond the price. A SQL view over the confirmed
purchase lines of the history window, their done stock moves, the
manufacturing orders their late receipts held up and their payment terms,
with the rates of the settings; always current, one grouped query per screen.

Price variance (paid against the vendor price agreed for the line) is shown
beside the TCO, not added to it: the purchase price already holds it."""

from odoo import fields, models
from odoo.tools import SQL

from .res_config_settings import setting_sql


class ScrmSupplierTco(models.Model):
    _name = "scrm.supplier.tco"
    _description = "Supplier Total Cost of Ownership"
    _auto = False
    _order = "product_id, tco_unit"
    # What the view reads: flushed before every query of it.
    _depends = {
        "purchase.order": [
            "state",
            "date_order",
            "currency_rate",
            "currency_id",
            "partner_id",
            "payment_term_id",
        ],
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_qty",
            "product_uom_qty",
            "price_subtotal",
            "date_planned",
            "display_type",
        ],
        "stock.move": [
            "purchase_line_id",
            "raw_material_production_id",
            "product_id",
            "company_id",
            "product_qty",
            "date",
            "state",
            "location_id",
            "location_dest_id",
        ],
        "product.supplierinfo": [
            "partner_id",
            "product_tmpl_id",
            "product_id",
            "scrm_landed_cost_percent",
            "price",
            "discount",
            "min_qty",
            "currency_id",
            "date_start",
            "date_end",
            "sequence",
            "company_id",
        ],
        "account.payment.term.line": ["payment_id", "value", "value_amount", "nb_days"],
        "mrp.production": ["date_start", "state"],
        "ir.config_parameter": ["key", "value"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    order_line_count = fields.Integer(string="Purchase Lines", readonly=True)
    quantity = fields.Float(
        string="Quantity Ordered", digits="Product Unit of Measure", readonly=True
    )
    qty_received = fields.Float(
        string="Quantity Received", digits="Product Unit of Measure", readonly=True
    )
    qty_returned = fields.Float(
        string="Quantity Returned", digits="Product Unit of Measure", readonly=True
    )
    qty_late = fields.Float(
        string="Quantity Received Late",
        digits="Product Unit of Measure",
        readonly=True,
    )
    late_days = fields.Float(
        string="Average Days Late", readonly=True, aggregator="avg"
    )
    purchase_cost = fields.Monetary(string="Purchase Price", readonly=True)
    freight_cost = fields.Monetary(string="Freight and Duty", readonly=True)
    quality_cost = fields.Monetary(string="Quality (Rejects)", readonly=True)
    late_cost = fields.Monetary(string="Lateness", readonly=True)
    agreed_cost = fields.Monetary(
        string="At Agreed Prices",
        readonly=True,
        help="The purchase lines that have a vendor price for their supplier, "
        "quantity, currency and date, valued at that price.",
    )
    price_variance = fields.Monetary(
        readonly=True,
        help="Paid minus agreed, for the purchase lines with an agreed vendor "
        "price: above 0 the supplier charged more than agreed. Already part of "
        "the purchase price, so not added to the total cost of ownership.",
    )
    stockout_count = fields.Integer(
        string="Manufacturing Orders Held Up",
        readonly=True,
        help="Manufacturing orders planned to start while a receipt of this "
        "supplier was overdue, that consumed the product only once it arrived.",
    )
    stockout_days = fields.Float(string="Days Held Up", readonly=True)
    stockout_cost = fields.Monetary(string="Stock-outs", readonly=True)
    payment_days = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Days to pay of the orders' payment terms, weighted by spend; "
        "orders without payment terms count at the company's standard.",
    )
    payment_cost = fields.Monetary(
        string="Payment Terms",
        readonly=True,
        help="Cost of capital of paying sooner than the company's standard "
        "payment days (below 0: the value of paying later).",
    )
    tco = fields.Monetary(string="Total Cost of Ownership", readonly=True)
    price_unit = fields.Monetary(string="Unit Price", readonly=True, aggregator=None)
    tco_unit = fields.Monetary(string="TCO per Unit", readonly=True, aggregator=None)
    tco_index = fields.Float(
        string="TCO / Price",
        readonly=True,
        aggregator=None,
        digits=(16, 2),
        help="Total cost of ownership per unit divided by the unit price: 1.20 "
        "means every unit costs 20 % more than its price.",
    )

    def _tco_ctes(self):
        """The common table expressions of the view, down to `total` (one row
        per company, supplier and product) and `held_up` (the manufacturing
        orders a late receipt held up), for the view and its drill-downs."""
        return SQL(
            """
            WITH line AS (
                SELECT pol.id, po.company_id, partner.commercial_partner_id
                           AS partner_id, pol.product_id, pol.product_qty AS qty,
                       pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1)
                           AS spend,
                       pol.date_planned::date AS planned,
                       po.date_order::date AS ordered, po.currency_id,
                       COALESCE(NULLIF(po.currency_rate, 0), 1) AS rate,
                       pp.product_tmpl_id AS tmpl_id,
                       pol.product_uom_qty AS uom_qty,
                       po_uom.factor / NULLIF(prod_uom.factor, 0) AS po_per_unit,
                       COALESCE(term.days, %(standard_days)s) AS pay_days
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN res_partner partner ON partner.id = po.partner_id
                  JOIN product_product pp ON pp.id = pol.product_id
                  JOIN product_template tmpl ON tmpl.id = pp.product_tmpl_id
                  JOIN uom_uom prod_uom ON prod_uom.id = tmpl.uom_id
                  JOIN uom_uom po_uom ON po_uom.id = tmpl.uom_po_id
                  LEFT JOIN (
                      SELECT payment_id, SUM(value_amount * nb_days)
                                 / NULLIF(SUM(value_amount), 0) AS days
                        FROM account_payment_term_line
                       WHERE value = 'percent'
                       GROUP BY payment_id
                  ) term ON term.payment_id = po.payment_term_id
                 WHERE po.state IN ('purchase', 'done')
                   AND pol.display_type IS NULL
                   AND pol.product_qty > 0
                   AND po.date_order >= (now() at time zone 'UTC')
                       - make_interval(months => %(months)s::int)
            ),
            move AS (
                SELECT m.purchase_line_id AS line_id,
                       SUM(m.product_qty) FILTER (WHERE src.usage = 'supplier')
                           AS received,
                       SUM(m.product_qty) FILTER (WHERE dst.usage = 'supplier')
                           AS returned,
                       SUM(m.product_qty) FILTER (
                           WHERE src.usage = 'supplier'
                             AND m.date::date > line.planned) AS late_qty,
                       SUM(m.product_qty * (m.date::date - line.planned)) FILTER (
                           WHERE src.usage = 'supplier'
                             AND m.date::date > line.planned) AS late_qty_days
                  FROM stock_move m
                  JOIN line ON line.id = m.purchase_line_id
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                 WHERE m.state = 'done'
                 GROUP BY m.purchase_line_id
            ),
            agreed AS (
                -- The vendor price Odoo would pick for the line: the supplier's,
                -- in the order's currency, valid on the order date, the largest
                -- price break the quantity reaches; per unit of the product.
                SELECT line.id AS line_id,
                       line.uom_qty * price.unit / line.rate AS cost
                  FROM line
                  JOIN LATERAL (
                      SELECT si.price * (1 - COALESCE(si.discount, 0) / 100.0)
                                 * line.po_per_unit AS unit
                        FROM product_supplierinfo si
                        JOIN res_partner sp ON sp.id = si.partner_id
                       WHERE sp.commercial_partner_id = line.partner_id
                         AND si.product_tmpl_id = line.tmpl_id
                         AND (si.product_id IS NULL OR si.product_id = line.product_id)
                         AND si.currency_id = line.currency_id
                         AND (si.company_id IS NULL OR si.company_id = line.company_id)
                         AND (si.date_start IS NULL OR si.date_start <= line.ordered)
                         AND (si.date_end IS NULL OR si.date_end >= line.ordered)
                         AND si.min_qty <= line.uom_qty * line.po_per_unit
                       ORDER BY si.sequence, si.min_qty DESC, si.price, si.id
                       LIMIT 1
                  ) price ON TRUE
            ),
            late_receipt AS (
                SELECT line.company_id, line.partner_id, line.product_id,
                       line.planned, m.date AS received
                  FROM stock_move m
                  JOIN line ON line.id = m.purchase_line_id
                  JOIN stock_location src ON src.id = m.location_id
                 WHERE m.state = 'done' AND src.usage = 'supplier'
                   AND m.date::date > line.planned
            ),
            held_up AS (
                -- A manufacturing order planned to start while the receipt was
                -- overdue (on or after its planned date, before it arrived) and
                -- that consumed the product only once it arrived: short of it
                -- because the receipt was late. Counted once per supplier,
                -- product and order, for the days until the last such receipt.
                SELECT r.company_id, r.partner_id, r.product_id, mo.id,
                       MAX(r.received::date - mo.date_start::date) AS days
                  FROM late_receipt r
                  JOIN stock_move raw ON raw.product_id = r.product_id
                                     AND raw.company_id = r.company_id
                                     AND raw.raw_material_production_id IS NOT NULL
                                     AND raw.state = 'done'
                                     AND raw.date >= r.received
                  JOIN mrp_production mo ON mo.id = raw.raw_material_production_id
                 WHERE mo.date_start::date >= r.planned
                   AND mo.date_start::date < r.received::date
                 GROUP BY r.company_id, r.partner_id, r.product_id, mo.id
            ),
            stockout AS (
                SELECT company_id, partner_id, product_id, COUNT(*) AS orders,
                       SUM(days) AS days
                  FROM held_up
                 GROUP BY company_id, partner_id, product_id
            ),
            landed AS (
                SELECT partner.commercial_partner_id AS partner_id, pp.id
                           AS product_id,
                       MAX(si.scrm_landed_cost_percent) AS percent
                  FROM product_supplierinfo si
                  JOIN res_partner partner ON partner.id = si.partner_id
                  JOIN product_product pp
                    ON pp.product_tmpl_id = si.product_tmpl_id
                   AND (si.product_id IS NULL OR si.product_id = pp.id)
                 WHERE si.scrm_landed_cost_percent > 0
                 GROUP BY partner.commercial_partner_id, pp.id
            ),
            cost AS (
                SELECT line.company_id, line.partner_id, line.product_id,
                       COUNT(*) AS lines, SUM(line.qty) AS qty,
                       SUM(COALESCE(move.received, 0)) AS received,
                       SUM(COALESCE(move.returned, 0)) AS returned,
                       SUM(COALESCE(move.late_qty, 0)) AS late_qty,
                       SUM(COALESCE(move.late_qty_days, 0)) AS late_qty_days,
                       SUM(line.spend) AS spend,
                       SUM(line.spend * COALESCE(landed.percent, %(freight)s)
                           / 100.0) AS freight,
                       SUM(line.spend / line.qty * COALESCE(move.returned, 0)
                           * %(quality)s / 100.0) AS quality,
                       SUM(line.spend / line.qty * COALESCE(move.late_qty_days, 0)
                           * %(late)s / 100.0) AS late,
                       SUM(agreed.cost) AS agreed,
                       SUM(line.spend - agreed.cost) AS variance,
                       SUM(line.spend * line.pay_days) AS spend_days,
                       SUM(line.spend * (%(standard_days)s - line.pay_days) / 365.0
                           * %(capital)s / 100.0) AS payment
                  FROM line
                  LEFT JOIN move ON move.line_id = line.id
                  LEFT JOIN agreed ON agreed.line_id = line.id
                  LEFT JOIN landed ON landed.partner_id = line.partner_id
                                  AND landed.product_id = line.product_id
                 GROUP BY line.company_id, line.partner_id, line.product_id
            )
            , total AS (
                SELECT cost.*, COALESCE(stockout.orders, 0) AS stockouts,
                       COALESCE(stockout.days, 0) AS stockout_days,
                       COALESCE(stockout.days, 0) * %(stockout)s AS stockout,
                       cost.spend + cost.freight + cost.quality + cost.late
                           + COALESCE(stockout.days, 0) * %(stockout)s
                           + cost.payment AS tco
                  FROM cost
                  LEFT JOIN stockout ON stockout.company_id = cost.company_id
                                    AND stockout.partner_id = cost.partner_id
                                    AND stockout.product_id = cost.product_id
            )
            """,
            months=setting_sql("scrm_analytics.months"),
            freight=setting_sql("scrm_analytics.tco_freight_percent"),
            quality=setting_sql("scrm_analytics.tco_quality_percent"),
            late=setting_sql("scrm_analytics.tco_late_percent"),
            stockout=setting_sql("scrm_analytics.tco_stockout_day_cost"),
            standard_days=setting_sql("scrm_analytics.payment_days"),
            capital=setting_sql("scrm_analytics.capital_rate"),
        )

    @property
    def _table_query(self):
        return SQL(
            """
            %(ctes)s
            SELECT row_number() OVER (ORDER BY cost.company_id, cost.partner_id,
                                      cost.product_id) AS id,
                   cost.company_id, cost.partner_id, cost.product_id,
                   pt.categ_id, cost.lines AS order_line_count,
                   cost.qty AS quantity, cost.received AS qty_received,
                   cost.returned AS qty_returned, cost.late_qty AS qty_late,
                   CASE WHEN cost.late_qty > 0
                        THEN cost.late_qty_days / cost.late_qty ELSE 0 END
                       AS late_days,
                   cost.spend AS purchase_cost, cost.freight AS freight_cost,
                   cost.quality AS quality_cost, cost.late AS late_cost,
                   COALESCE(cost.agreed, 0) AS agreed_cost,
                   COALESCE(cost.variance, 0) AS price_variance,
                   cost.stockouts AS stockout_count,
                   cost.stockout_days, cost.stockout AS stockout_cost,
                   CASE WHEN cost.spend <> 0 THEN cost.spend_days / cost.spend
                        ELSE %(standard_days)s END AS payment_days,
                   cost.payment AS payment_cost,
                   cost.tco,
                   cost.spend / cost.qty AS price_unit,
                   cost.tco / cost.qty AS tco_unit,
                   CASE WHEN cost.spend > 0 THEN cost.tco / cost.spend
                        ELSE NULL END AS tco_index
              FROM total cost
              JOIN product_product pp ON pp.id = cost.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            ctes=self._tco_ctes(),
            standard_days=setting_sql("scrm_analytics.payment_days"),
        )

    def action_open_held_up_orders(self):
        """The manufacturing orders behind the stock-outs."""
        self.ensure_one()
        self.check_access("read")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                %(ctes)s
                SELECT id FROM held_up
                 WHERE company_id = %(company)s AND partner_id = %(partner)s
                   AND product_id = %(product)s
                """,
                ctes=self._tco_ctes(),
                company=self.company_id.id,
                partner=self.partner_id.id,
                product=self.product_id.id,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.mrp_production_action"
        )
        action.update(
            {
                "domain": [("id", "in", ids)],
                "context": {},
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    def action_open_purchase_lines(self):
        """The purchase lines behind the figures."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "purchase.purchase_form_action"
        )
        orders = (
            self.env["purchase.order.line"]
            .search(
                [
                    ("product_id", "=", self.product_id.id),
                    ("partner_id", "child_of", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("purchase", "done")),
                ]
            )
            .order_id
        )
        action.update(
            {
                "domain": [("id", "in", orders.ids)],
                "context": {},
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

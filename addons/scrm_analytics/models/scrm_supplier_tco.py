"""Total cost of ownership per supplier and product: what buying from a
supplier really costs, beyond the price. A SQL view over the confirmed
purchase lines of the history window and their done stock moves, with the
rates of the settings; always current, one grouped query per screen."""

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
        "purchase.order": ["state", "date_order", "currency_rate", "partner_id"],
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_qty",
            "price_subtotal",
            "date_planned",
            "display_type",
        ],
        "stock.move": [
            "purchase_line_id",
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
        ],
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

    @property
    def _table_query(self):
        return SQL(
            """
            WITH line AS (
                SELECT pol.id, po.company_id, partner.commercial_partner_id
                           AS partner_id, pol.product_id, pol.product_qty AS qty,
                       pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1)
                           AS spend,
                       pol.date_planned::date AS planned
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN res_partner partner ON partner.id = po.partner_id
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
                           * %(late)s / 100.0) AS late
                  FROM line
                  LEFT JOIN move ON move.line_id = line.id
                  LEFT JOIN landed ON landed.partner_id = line.partner_id
                                  AND landed.product_id = line.product_id
                 GROUP BY line.company_id, line.partner_id, line.product_id
            )
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
                   cost.spend + cost.freight + cost.quality + cost.late AS tco,
                   cost.spend / cost.qty AS price_unit,
                   (cost.spend + cost.freight + cost.quality + cost.late) / cost.qty
                       AS tco_unit,
                   CASE WHEN cost.spend > 0
                        THEN (cost.spend + cost.freight + cost.quality + cost.late)
                             / cost.spend ELSE NULL END AS tco_index
              FROM cost
              JOIN product_product pp ON pp.id = cost.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            months=setting_sql("scrm_analytics.months"),
            freight=setting_sql("scrm_analytics.tco_freight_percent"),
            quality=setting_sql("scrm_analytics.tco_quality_percent"),
            late=setting_sql("scrm_analytics.tco_late_percent"),
        )

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

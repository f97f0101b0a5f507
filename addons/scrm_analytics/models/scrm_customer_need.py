"""What each customer needs: purchase cycles and next expected orders, the
co-purchase suggestions and the RFM segments, computed by the pure-Python
engine over confirmed sale order lines loaded in one query, and written back
in bulk (``unnest`` of arrays, one statement per table)."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import copurchase, needs, rfm

RFM_SEGMENTS = [
    ("champion", "Champions"),
    ("loyal", "Loyal"),
    ("new", "New"),
    ("at_risk", "At risk"),
    ("hibernating", "Hibernating"),
    ("need_attention", "Needs attention"),
]


class ScrmCustomerNeed(models.Model):
    _name = "scrm.customer.need"
    _description = "Customer Need"
    _order = "next_date, id"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    order_count = fields.Integer(string="Orders", readonly=True)
    first_date = fields.Date(string="First Order", readonly=True)
    last_date = fields.Date(string="Last Order", readonly=True)
    cycle_days = fields.Float(
        string="Purchase Cycle (Days)",
        readonly=True,
        aggregator="avg",
        help="Median number of days between two orders of this product.",
    )
    next_date = fields.Date(string="Next Expected Order", readonly=True)
    next_qty = fields.Float(
        string="Expected Quantity",
        readonly=True,
        help="Median quantity of the customer's orders of this product.",
    )
    overdue_days = fields.Integer(string="Overdue (Days)", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True, index=True)

    @api.model
    def _load_orders(self, date_from):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, l.product_id,
                       (so.date_order AT TIME ZONE 'UTC')::date,
                       SUM(l.product_uom_qty)::float, SUM(l.price_subtotal)::float
                  FROM sale_order_line l
                  JOIN sale_order so ON so.id = l.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND l.product_id IS NOT NULL
                   AND l.display_type IS NULL AND so.date_order >= %s
                 GROUP BY 1, 2, 3, so.id
                 ORDER BY 1, 2, 3
                """,
                date_from,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _refresh(self, today=None):
        today = today or fields.Date.context_today(self)
        profit = self.env["scrm.customer.profit"]
        rows = self._load_orders(profit._date_from(today))
        orders = [(p, prod, day, qty) for p, prod, day, qty, _amount in rows]
        cr = self.env.cr
        # Purchase cycles.
        found = needs.purchase_cycles(orders, today, presorted=True)
        cr.execute(SQL("DELETE FROM scrm_customer_need"))
        if found:
            columns = list(zip(*found, strict=True))
            cr.execute(
                SQL(
                    """
                    INSERT INTO scrm_customer_need (
                        partner_id, user_id, product_id, order_count, first_date,
                        last_date, cycle_days, next_qty, next_date, overdue_days,
                        is_overdue)
                    SELECT n.partner_id, p.user_id, n.product_id, n.order_count,
                           n.first_date, n.last_date, n.cycle_days, n.next_qty,
                           n.next_date, n.overdue_days, n.overdue_days > 0
                      FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[],
                                  %s::date[], %s::float[], %s::float[], %s::date[],
                                  %s::int[])
                        AS n(partner_id, product_id, order_count, first_date,
                             last_date, cycle_days, next_qty, next_date, overdue_days)
                      JOIN res_partner p ON p.id = n.partner_id
                    """,
                    list(columns[0]),
                    list(columns[1]),
                    list(columns[2]),
                    list(columns[3]),
                    list(columns[4]),
                    list(columns[5]),
                    list(columns[6]),
                    list(columns[7]),
                    list(columns[8]),
                )
            )
        # Co-purchase suggestions.
        baskets = defaultdict(set)
        for partner_id, product_id, _day, _qty in orders:
            baskets[partner_id].add(product_id)
        rules = copurchase.association_rules(baskets)
        found = copurchase.suggestions(baskets, rules)
        cr.execute(SQL("DELETE FROM scrm_customer_suggestion"))
        if found:
            columns = list(zip(*found, strict=True))
            cr.execute(
                SQL(
                    """
                    INSERT INTO scrm_customer_suggestion (
                        partner_id, user_id, product_id, from_product_id, support,
                        confidence, lift)
                    SELECT s.partner_id, p.user_id, s.product_id, s.from_product_id,
                           s.support, s.confidence, s.lift
                      FROM unnest(%s::int[], %s::int[], %s::int[], %s::float[],
                                  %s::float[], %s::float[])
                        AS s(partner_id, product_id, from_product_id, support,
                             confidence, lift)
                      JOIN res_partner p ON p.id = s.partner_id
                    """,
                    *[list(column) for column in columns],
                )
            )
        # RFM segments, on the customer.
        per_partner = {}
        for partner_id, _product, day, _qty, amount in rows:
            last, days, total = per_partner.get(partner_id, (day, set(), 0.0))
            days.add(day)
            per_partner[partner_id] = (max(last, day), days, total + (amount or 0.0))
        scores = rfm.rfm_scores(
            (
                (partner_id, last, len(days), total)
                for partner_id, (last, days, total) in per_partner.items()
            ),
            today,
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET scrm_rfm_segment = NULL, scrm_rfm_score = NULL"
                " WHERE scrm_rfm_segment IS NOT NULL"
            )
        )
        if scores:
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET scrm_rfm_segment = s.segment, scrm_rfm_score = s.score
                      FROM unnest(%s::int[], %s::varchar[], %s::varchar[])
                        AS s(id, segment, score)
                     WHERE p.id = s.id
                    """,
                    [score.partner_id for score in scores],
                    [score.segment for score in scores],
                    [
                        f"{s.recency_score}{s.frequency_score}{s.monetary_score}"
                        for s in scores
                    ],
                )
            )
        self.env.invalidate_all()
        return True

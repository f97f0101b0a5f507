"""Supplier scorecards (scrm_supplier_portal) for 500 suppliers over 50,000
receipt lines.

modules: scrm_supplier_portal

Data (random.Random(42), the same on every run): 500 suppliers, 200 storable
products, a vendor price for two products of each supplier, 5,000 confirmed
purchase orders (10 per supplier) of 10 lines each, and one done receipt move
per line (50,000), spread over the last twelve months, about a third of them late
and a fifth short. The ORM makes suppliers, products and prices; orders, lines
and moves are inserted by SQL (the ORM would take minutes).

Figures:
- ``scorecard-500-suppliers-12-months``: ``scrm.supplier.scorecard._scrm_compute``
  over the twelve months (the four queries and the bulk write of the
  scorecards);
- the baseline on the same data: Odoo's own purchase analysis
  (``purchase.report``) grouped by vendor and month, with quantities ordered and
  received and the average days to receive;
- ``scorecard-vs-purchase-report``: the ratio of the two.

Everything is rolled back at the end.
"""

import random
import sys
from datetime import datetime, timedelta

from benchlib import bench_env, best_of

from odoo import fields
from odoo.tools import SQL

SUPPLIERS = 500
PRODUCTS = 200
ORDERS_PER_SUPPLIER = 10
LINES_PER_ORDER = 10


def log(message):
    print(f"[bench_vmi_scorecard] {message}", file=sys.stderr, flush=True)


def generate(env):
    rng = random.Random(42)
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    suppliers = env["res.partner"].create(
        [
            {"name": f"Bench supplier {i:03d}", "is_company": True}
            for i in range(SUPPLIERS)
        ]
    )
    products = env["product.product"].create(
        [{"name": f"Bench item {i:03d}", "is_storable": True} for i in range(PRODUCTS)]
    )
    env["product.supplierinfo"].create(
        [
            {
                "partner_id": supplier.id,
                "product_tmpl_id": products[
                    (index * 2 + k) % PRODUCTS
                ].product_tmpl_id.id,
                "price": 10.0,
            }
            for index, supplier in enumerate(suppliers)
            for k in range(2)
        ]
    )
    env.flush_all()
    now = fields.Datetime.now()
    uom = products[0].uom_id.id
    supplier_location = env.ref("stock.stock_location_suppliers").id
    stock = warehouse.lot_stock_id.id
    orders = []
    for supplier in suppliers:
        for _k in range(ORDERS_PER_SUPPLIER):
            approved = now - timedelta(days=rng.randint(10, 360))
            orders.append((supplier.id, approved))
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO purchase_order (name, partner_id, company_id, currency_id,
                date_order, date_approve, picking_type_id, state, create_date,
                write_date)
            SELECT 'BENCH/' || n, p, %s, %s, d, d, %s, 'purchase', now(), now()
              FROM unnest(%s::int[], %s::timestamp[], %s::int[]) AS t(p, d, n)
            RETURNING id
            """,
            company.id,
            company.currency_id.id,
            warehouse.in_type_id.id,
            [order[0] for order in orders],
            [order[1] for order in orders],
            list(range(len(orders))),
        )
    )
    order_ids = [row[0] for row in cr.fetchall()]
    lines = []
    for order_id, (partner_id, approved) in zip(order_ids, orders, strict=True):
        for _k in range(LINES_PER_ORDER):
            product = products[rng.randrange(PRODUCTS)]
            planned = approved + timedelta(days=rng.randint(3, 20))
            late = rng.random() < 0.33
            arrived = planned + timedelta(days=rng.randint(1, 6) if late else 0)
            ordered = rng.randint(1, 50) * 10
            received = ordered if rng.random() > 0.2 else ordered // 2
            lines.append(
                (
                    order_id,
                    partner_id,
                    product.id,
                    ordered,
                    received,
                    round(10.0 * rng.uniform(0.9, 1.2), 2),
                    planned,
                    arrived,
                )
            )
    columns = list(zip(*lines, strict=True))
    cr.execute(
        SQL(
            """
            INSERT INTO purchase_order_line (order_id, partner_id, product_id,
                product_qty, product_uom_qty, qty_received, price_unit,
                date_planned, name, product_uom, company_id, currency_id, state,
                create_date, write_date)
            SELECT o, p, pr, q, q, r, pu, dp, 'Bench line', %s, %s, %s,
                   'purchase', now(), now()
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::float8[],
                          %s::float8[], %s::float8[], %s::timestamp[])
                   AS t(o, p, pr, q, r, pu, dp)
            RETURNING id
            """,
            uom,
            company.id,
            company.currency_id.id,
            list(columns[0]),
            list(columns[1]),
            list(columns[2]),
            list(columns[3]),
            list(columns[4]),
            list(columns[5]),
            list(columns[6]),
        )
    )
    line_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            """
            INSERT INTO stock_move (purchase_line_id, product_id, product_uom,
                product_uom_qty, product_qty, quantity, date, name, company_id,
                location_id, location_dest_id, procure_method, state, picked,
                create_date, write_date)
            SELECT l, pr, %s, r, r, r, d, 'Bench receipt', %s, %s, %s,
                   'make_to_stock', 'done', TRUE, now(), now()
              FROM unnest(%s::int[], %s::int[], %s::float8[], %s::timestamp[])
                   AS t(l, pr, r, d)
            """,
            uom,
            company.id,
            supplier_location,
            stock,
            line_ids,
            list(columns[2]),
            list(columns[4]),
            list(columns[7]),
        )
    )
    cr.execute("ANALYZE")
    log(f"{len(suppliers)} suppliers, {len(order_ids)} orders, {len(line_ids)} lines")
    return now


def main():
    with bench_env() as env:
        cr = env.cr
        now = generate(env)
        Scorecard = env["scrm.supplier.scorecard"]
        today = now.date()
        first = today.replace(day=1) - timedelta(days=335)
        written = []

        def scorecards():
            env.invalidate_all()
            written.append(Scorecard._scrm_compute(first, today))

        def purchase_report():
            env.invalidate_all()
            env["purchase.report"]._read_group(
                [("date_approve", ">=", datetime.combine(first, datetime.min.time()))],
                ["partner_id", "date_approve:month"],
                ["qty_ordered:sum", "qty_received:sum", "delay_pass:avg"],
            )

        score_s = best_of(scorecards)
        report_s = best_of(purchase_report)
        log(f"{written[-1]} scorecards written")
        print(f"scorecard-{SUPPLIERS}-suppliers-12-months: {score_s * 1000:.1f} ms")
        print(f"purchase-report-by-vendor-and-month: {report_s * 1000:.1f} ms")
        print(f"scorecard-vs-purchase-report: {score_s / report_s:.2f} ratio")
        cr.rollback()


if __name__ == "__main__":
    main()

"""The supplier's VMI page (scrm_supplier_portal) for 2,000 agreement lines.

modules: scrm_supplier_portal

Data (the same on every run): one supplier with one active agreement of 2,000
storable products on the main stock; stock on hand for every product (a quant
each, a quarter of it reserved by open deliveries is not generated: reserved
comes from the quants' reserved_quantity), 1,000 of them in transit on a
confirmed purchase order of the supplier (one order, 1,000 lines, confirmed by
the ORM: a receipt of 1,000 moves), and a last MRP run whose time-phased records
cover every product over 8 weeks (16,000 records, written by SQL).

Figures:
- ``vmi-page-2000-lines``: what the server does for one page of /my/vmi, sorted
  by status: the agreement check, the search of the lines, their figures (on
  hand, reserved, in transit per week, consumption, MRP requirements, projection,
  status, recommendation) for all 2,000 lines, the sort, and the rendering of
  the 20-row table of the page;
- ``vmi-figures-2000-lines``: the figures alone;
- the baseline on the same products: Odoo's own stock figures
  (``product.product`` ``qty_available``, ``incoming_qty``, ``outgoing_qty`` with
  the location in context), which give on hand and incoming only;
- ``vmi-page-vs-odoo-stock-figures``: the ratio of the two.

Everything is rolled back at the end.
"""

import importlib
import sys
from datetime import timedelta

from benchlib import bench_env, best_of

from odoo import Command, fields
from odoo.tools import SQL

LINES = 2_000
IN_TRANSIT = 1_000
WEEKS = 8
PAGE = 20


def log(message):
    print(f"[bench_vmi_page] {message}", file=sys.stderr, flush=True)


def generate(env):
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    stock = warehouse.lot_stock_id
    supplier = env["res.partner"].create({"name": "Bench Supplier", "is_company": True})
    products = env["product.product"].create(
        [
            {"name": f"Bench part {index:05d}", "is_storable": True}
            for index in range(LINES)
        ]
    )
    log(f"{len(products)} products")
    env["stock.quant"].create(
        [
            {
                "product_id": product.id,
                "location_id": stock.id,
                "quantity": 5 + index % 50,
            }
            for index, product in enumerate(products)
        ]
    )
    agreement = env["scrm.vmi.agreement"].create(
        {
            "name": "Bench agreement",
            "partner_id": supplier.id,
            "warehouse_id": warehouse.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "min_qty": 20,
                        "max_qty": 60,
                        "safety_stock": 10,
                        "multiple": 5,
                        "lead_time": 7,
                    }
                )
                for product in products
            ],
        }
    )
    agreement.action_activate()
    today = fields.Date.context_today(agreement)
    order = env["purchase.order"].create(
        {
            "partner_id": supplier.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_qty": 10,
                        "date_planned": fields.Datetime.now()
                        + timedelta(days=index % 40),
                    }
                )
                for index, product in enumerate(products[:IN_TRANSIT])
            ],
        }
    )
    order.button_confirm()
    log(f"purchase order of {len(order.order_line)} lines confirmed")
    mps = env["scrm.mps"].create(
        {"name": "Bench", "warehouse_id": warehouse.id, "period_count": WEEKS}
    )
    run = env["scrm.mrp.run"].create(
        {"name": "Bench run", "company_id": company.id, "mps_id": mps.id}
    )
    monday = today - timedelta(days=today.weekday())
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO scrm_mrp_plan (run_id, company_id, product_id, period_starts,
                                       gross_requirement)
            SELECT %s, %s, p,
                   ARRAY(SELECT %s::date + 7 * w FROM generate_series(0, %s) AS w),
                   ARRAY(SELECT mod(p, 7) * w FROM generate_series(0, %s) AS w)
              FROM unnest(%s::int[]) AS p
            """,
            run.id,
            company.id,
            monday,
            WEEKS - 1,
            WEEKS - 1,
            products.ids,
        )
    )
    env.cr.execute("ANALYZE")
    return agreement, products, stock


def main():
    with bench_env() as env:
        cr = env.cr
        # The addon is importable once the registry has loaded the addons path.
        figures_module = importlib.import_module(
            "odoo.addons.scrm_supplier_portal.models.scrm_vmi_figures"
        )
        select_rows = figures_module.select_rows
        agreement, products, stock = generate(env)
        Line = env["scrm.vmi.agreement.line"]
        Agreement = env["scrm.vmi.agreement"]

        def figures():
            env.invalidate_all()
            return Line.browse(agreement.line_ids.ids)._vmi_figures(weeks=6)

        def page():
            env.invalidate_all()
            agreements = Agreement.search(
                [
                    ("partner_id", "=", agreement.partner_id.id),
                    *Agreement._is_valid_domain(),
                ]
            )
            lines = Line.search([("agreement_id", "in", agreements.ids)])
            rows = select_rows(lines._vmi_figures(weeks=6), sort="status")
            labels = {
                "below_safety": "Below safety stock",
                "below_min": "Below minimum",
                "ok": "OK",
                "above_max": "Above maximum",
            }
            env["ir.qweb"]._render(
                "scrm_supplier_portal.portal_vmi_table",
                {
                    "rows": rows[:PAGE],
                    "statuses": list(labels.items()),
                    "week_starts": [fields.Date.today()] * 6,
                },
            )

        def odoo_figures():
            env.invalidate_all()
            env["product.product"].with_context(location=stock.id).browse(
                products.ids
            ).read(["qty_available", "incoming_qty", "outgoing_qty"])

        rows = figures()
        found = sorted({row["status"] for row in rows.values()})
        log(f"{len(rows)} lines; statuses {found}")
        page_s = best_of(page, repeat=5)
        figures_s = best_of(figures, repeat=5)
        odoo_s = best_of(odoo_figures, repeat=5)
        print(f"vmi-page-{LINES}-lines: {page_s * 1000:.1f} ms")
        print(f"vmi-figures-{LINES}-lines: {figures_s * 1000:.1f} ms")
        print(f"odoo-stock-figures-{LINES}-products: {odoo_s * 1000:.1f} ms")
        print(f"vmi-page-vs-odoo-stock-figures: {page_s / odoo_s:.2f} ratio")
        cr.rollback()


if __name__ == "__main__":
    main()

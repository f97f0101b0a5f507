"""Customer profitability and the whale curve (scrm_analytics) for 50,000
customers and 1,000,000 invoice lines.

modules: scrm_analytics

Data (the same on every run): 50,000 customers and 200,000 posted invoices over
the last 24 months, each with 5 product lines (1,000,000 lines, a tenth of them
discounted) and its receivable line, a quarter of the invoices paid late. One
invoice is made by the ORM; the rest are copies of its rows inserted by SQL (the
ORM would take hours), partners, dates and amounts varied per copy.

Figures:
- ``profit-refresh``: ``scrm.customer.profit._refresh`` (every source, the
  monthly rows and the whale curve), best of 3;
- the baseline on the same data: Odoo's own invoice analysis
  (``account.invoice.report``) grouped by customer and month, revenue and
  margin only;
- ``profit-vs-invoice-report``: the ratio of the two;
- ``whale-read``: reading the whale curve graph's data (read_group by customer
  percentile), and the query count of that read.
"""

import sys
import time

from benchlib import bench_env, best_of

from odoo import Command, fields
from odoo.tools import SQL

CUSTOMERS = 50_000
INVOICES = 200_000
LINES = 5


def log(message):
    print(f"[bench_analytics_profit] {message}", file=sys.stderr, flush=True)


def columns(cr, table, skip=("id",)):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def copy_sql(cr, table, source_where, overrides, series):
    """INSERT copies of ``table``'s rows matching ``source_where``, one per
    value ``n`` of the ``series`` SQL, with ``overrides`` (column -> SQL)."""
    names = columns(cr, table)
    select = SQL(", ").join(
        overrides.get(name, SQL("src.%s", SQL.identifier(name))) for name in names
    )
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s src CROSS JOIN %s WHERE %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            select,
            SQL.identifier(table),
            series,
            source_where,
        )
    )


def generate(env):
    cr = env.cr
    today = fields.Date.context_today(env["res.partner"])
    template_partner = env["res.partner"].create(
        {"name": "Bench customer", "is_company": True}
    )
    product = env["product.product"].create(
        {"name": "Bench product", "list_price": 100.0, "standard_price": 60.0}
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template_partner.id,
            "invoice_date": today,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": 1 + k,
                        "price_unit": 100.0,
                        "discount": 10.0 if k == 0 else 0.0,
                        "tax_ids": [Command.clear()],
                    }
                )
                for k in range(LINES)
            ],
        }
    )
    invoice.action_post()
    env.flush_all()
    log("partners")
    copy_sql(
        cr,
        "res_partner",
        SQL("src.id = %s", template_partner.id),
        {
            "name": SQL("'Bench customer ' || k"),
            "complete_name": SQL("'Bench customer ' || k"),
        },
        SQL("generate_series(1, %s) k", CUSTOMERS - 1),
    )
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id"
            " WHERE starts_with(name, 'Bench customer')"
        )
    )
    cr.execute(
        SQL(
            "SELECT array_agg(id ORDER BY id) FROM res_partner"
            " WHERE starts_with(name, 'Bench customer')"
        )
    )
    partner_ids = cr.fetchone()[0]
    cr.execute(SQL("CREATE TEMP TABLE bench_partner (n int, id int)"))
    cr.execute(
        SQL(
            "INSERT INTO bench_partner SELECT n, p FROM unnest(%s::int[])"
            " WITH ORDINALITY AS u(p, n)",
            partner_ids,
        )
    )
    cr.execute(SQL("CREATE INDEX ON bench_partner (n)"))
    log("invoices")
    day = SQL("(%s::date - mod(k, 730))", today)
    partner = SQL(
        "(SELECT bp.id FROM bench_partner bp WHERE bp.n = 1 + mod(k, %s))",
        len(partner_ids),
    )
    copy_sql(
        cr,
        "account_move",
        SQL("src.id = %s", invoice.id),
        {
            "name": SQL("'BENCH/' || k"),
            "partner_id": partner,
            "commercial_partner_id": partner,
            "invoice_date": day,
            "date": day,
            "invoice_date_due": SQL("%s + 30", day),
            "ref": SQL("k::text"),
        },
        SQL("generate_series(1, %s) k", INVOICES - 1),
    )
    cr.execute(
        SQL(
            "CREATE TEMP TABLE bench_move AS SELECT id, ref::int AS n FROM account_move"
            " WHERE starts_with(name, 'BENCH/')"
        )
    )
    cr.execute(SQL("ANALYZE bench_move"))
    log("invoice lines")
    names = columns(cr, "account_move_line")
    overrides = {
        "move_id": SQL("bm.id"),
        "partner_id": SQL("(SELECT partner_id FROM account_move WHERE id = bm.id)"),
        "date": SQL("(SELECT date FROM account_move WHERE id = bm.id)"),
        "date_maturity": SQL(
            "CASE WHEN src.date_maturity IS NULL THEN NULL ELSE"
            " (SELECT invoice_date_due FROM account_move WHERE id = bm.id) END"
        ),
        "amount_residual": SQL(
            "CASE WHEN mod(bm.n, 4) = 0 THEN src.amount_residual ELSE 0 END"
        ),
        "reconciled": SQL("src.date_maturity IS NOT NULL AND mod(bm.n, 4) <> 0"),
    }
    cr.execute(
        SQL(
            "INSERT INTO account_move_line (%s) SELECT %s FROM account_move_line src"
            " CROSS JOIN bench_move bm WHERE src.move_id = %s",
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                overrides.get(name, SQL("src.%s", SQL.identifier(name)))
                for name in names
            ),
            invoice.id,
        )
    )
    cr.execute(
        SQL("ANALYZE account_move; ANALYZE account_move_line; ANALYZE res_partner")
    )
    env.invalidate_all()


def main():
    with bench_env() as env:
        start = time.perf_counter()
        generate(env)
        log(f"data in {time.perf_counter() - start:.0f} s")
        cr = env.cr
        cr.execute(
            SQL(
                "SELECT COUNT(*) FROM account_move_line l JOIN account_move m"
                " ON m.id = l.move_id WHERE m.move_type = 'out_invoice'"
                " AND l.display_type = 'product'"
            )
        )
        print(f"invoice-lines: {cr.fetchone()[0]} lines")
        Profit = env["scrm.customer.profit"]
        refresh = best_of(lambda: Profit._refresh())
        print(f"profit-refresh: {refresh:.2f} s")
        Report = env["account.invoice.report"]

        def baseline_read():
            env.invalidate_all()
            Report._read_group(
                [("move_type", "=", "out_invoice")],
                ["commercial_partner_id", "invoice_date:month"],
                ["price_subtotal:sum", "price_margin:sum"],
            )

        baseline = best_of(baseline_read)
        print(f"invoice-report-by-customer-month: {baseline:.2f} s")
        print(f"profit-vs-invoice-report: {refresh / baseline:.2f} x")
        cr.execute(SQL("SELECT COUNT(*) FROM scrm_customer_whale"))
        print(f"whale-customers: {cr.fetchone()[0]} customers")
        Whale = env["scrm.customer.whale"]
        before = cr.sql_log_count
        whale = best_of(
            lambda: Whale._read_group(
                [], ["customer_percent"], ["net_contribution:sum"]
            )
        )
        print(f"whale-read: {whale * 1000:.0f} ms")
        print(f"whale-read-queries: {(cr.sql_log_count - before) // 3} queries")


if __name__ == "__main__":
    main()

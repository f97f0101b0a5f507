"""Commission statements and the revision diff at scale.

modules: scrm_sales_marketing

Figures (ratios are against a baseline measured in the same run, on the same data):
- the statements of 200 salespeople for a quarter from 50,000 posted invoice lines
  (tiered rule) vs. one grouped sum of those lines, the part spent reading the lines
  and the Python CPU time; the queries of a recompute (cold caches) with 5,000 and
  with 50,000 lines (flat: the lines are read in one query and written in one);
- the diff of two revisions of a 500-line quotation vs. reading those lines' prices.

The invoices are made by the ORM (200 invoices of 25 lines, posted), then their
product lines are copied in SQL to reach 50,000: the statement loader reads lines in
SQL, so the copies count like the originals.
"""

import time
from datetime import date

from benchlib import bench_env, best_of

from odoo import Command
from odoo.tools import SQL

SALESPEOPLE = 200
LINES_PER_INVOICE = 25
COPIES = 9  # 5,000 lines made by the ORM + 9 copies = 50,000


def grow_lines(env, copies):
    columns = [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'account_move_line' AND column_name != 'id'"
            )
        )
    ]
    cols = SQL(", ").join(SQL.identifier(c) for c in columns)
    last = env["account.move.line"].search([], order="id desc", limit=1).id
    for _copy in range(copies):
        env.cr.execute(
            SQL(
                "INSERT INTO account_move_line (%s) SELECT %s FROM account_move_line "
                "WHERE display_type = 'product' AND id <= %s",
                cols,
                cols,
                last,
            )
        )


def count_lines(env):
    return env.execute_query(
        SQL("SELECT COUNT(*) FROM account_move_line WHERE display_type = 'product'")
    )[0][0]


def main():
    with bench_env({"tracking_disable": True, "mail_notrack": True}) as env:
        company = env.company
        if not env["account.account"].search_count(
            [("company_ids", "in", company.ids)]
        ):
            env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
        users = env["res.users"].create(
            [
                {"name": f"Rep {i}", "login": f"bench_comm_{i}"}
                for i in range(SALESPEOPLE)
            ]
        )
        customer = env["res.partner"].create({"name": "Bench customer"})
        product = env["product.product"].create({"name": "Bench pump"})
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": date(2026, 2, 1),
                    "invoice_user_id": user.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": 100 + n,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for n in range(LINES_PER_INVOICE)
                    ],
                }
                for user in users
            ]
        )
        invoices.action_post()
        plan = env["scrm.commission.plan"].create(
            {
                "name": "Bench plan",
                "rule_ids": [
                    Command.create(
                        {
                            "compute_type": "tiered",
                            "tier_ids": [
                                Command.create(
                                    {"from_percent": 0, "to_percent": 100, "rate": 3}
                                ),
                                Command.create({"from_percent": 100, "rate": 5}),
                            ],
                        }
                    )
                ],
                "assignment_ids": [
                    Command.create({"user_id": user.id, "quota_amount": 20000})
                    for user in users
                ],
            }
        )
        env.flush_all()
        Statement = env["scrm.commission.statement"]

        def statements():
            Statement._scrm_generate(plan, date(2026, 1, 1), date(2026, 3, 31))
            env.flush_all()

        def queries_of(function):
            # Every statement changes, so that both counts include its UPDATE.
            env.cr.execute(
                SQL("UPDATE scrm_commission_statement SET amount_total = -1")
            )
            env.invalidate_all()
            before = env.cr.sql_log_count
            function()
            return env.cr.sql_log_count - before

        # Queries of a recompute with cold caches, from 5,000 then 50,000 lines.
        statements()
        small_lines = count_lines(env)
        env.invalidate_all()
        small_queries = queries_of(statements)
        grow_lines(env, COPIES)
        env.invalidate_all()
        lines = count_lines(env)
        big_queries = queries_of(statements)
        drafts = Statement.search([("plan_id", "=", plan.id)])

        def grouped_sum():
            env.execute_query(
                SQL(
                    "SELECT am.invoice_user_id, SUM(aml.balance) "
                    "FROM account_move_line aml "
                    "JOIN account_move am ON am.id = aml.move_id "
                    "WHERE am.state = 'posted' AND aml.display_type = 'product' "
                    "GROUP BY am.invoice_user_id"
                )
            )

        seconds = best_of(statements, repeat=2)
        base = best_of(grouped_sum)
        print(
            f"statements of {SALESPEOPLE} salespeople from {lines} invoice lines: "
            f"{seconds:.2f} s, {seconds / base:.1f} x one grouped sum ({base:.3f} s)"
        )
        cpu = time.process_time()
        statements()
        cpu = time.process_time() - cpu
        loading = best_of(lambda: drafts._scrm_load_events(plan), repeat=2)
        print(
            f"of which reading the lines: {loading:.2f} s; Python CPU time of one "
            f"computation: {cpu:.2f} s (the rest is PostgreSQL and waiting)"
        )
        print(
            f"queries of the statements: {small_queries} with {small_lines} lines, "
            f"{big_queries} with {lines} lines"
        )

        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 10 + n})
                    for n in range(500)
                ],
            }
        )
        revision = order._scrm_revise()
        for line in revision.order_line[::10]:
            line.price_unit += 1
        revision.order_line[-5:].unlink()
        env.flush_all()

        def diff():
            env.invalidate_all()
            order._scrm_revision_diff(revision)

        def read_prices():
            env.invalidate_all()
            (order | revision).order_line.read(["price_unit", "discount"])

        seconds = best_of(diff)
        base = best_of(read_prices)
        print(
            f"revision diff of a 500-line quotation: {seconds * 1000:.0f} ms, "
            f"{seconds / base:.1f} x reading the lines' prices ({base * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()

"""Who can supply this, at what price: the supplier ranking of scrm_analytics for
one product among 200 suppliers.

modules: scrm_analytics

Data (random.Random(42), the same on every run): one product bought by the dozen,
200 suppliers with three price breaks each (600 vendor prices) in three
currencies, lead times of 3 to 60 days, landed costs of 0 to 20 %.

Figures (best of 5):
- ``ranking-200-suppliers``: ``scrm.supplier.ranking._rank()`` (load, currency
  and unit conversion, price breaks, lead-time fit, scorecards, sort);
- ``ranking-200-suppliers-with-lines``: ``action_rank()``, the same and the 200
  ranked lines written for the screen;
- the baseline of the same run: Odoo's own ``product._select_seller()`` for the
  same product and quantity over the same 600 vendor prices (the cheapest one,
  no conversion, no ranking);
- ``ranking-vs-select-seller``: the ratio.

Everything is rolled back at the end.
"""

import random
from datetime import timedelta

from benchlib import bench_env, best_of

from odoo import Command, fields

SUPPLIERS = 200
BREAKS = (0, 120, 600)


def generate(env):
    rng = random.Random(42)
    company = env.company
    today = fields.Date.context_today(env.user)
    currencies = [company.currency_id]
    for name, rate in (("RKA", 0.5), ("RKB", 7.0)):
        currencies.append(
            env["res.currency"].create(
                {
                    "name": name,
                    "symbol": name,
                    "rate_ids": [
                        Command.create(
                            {
                                "name": today - timedelta(days=1),
                                "rate": rate,
                                "company_id": company.id,
                            }
                        )
                    ],
                }
            )
        )
    product = env["product.product"].create(
        {
            "name": "Bench ranked bolt",
            "uom_id": env.ref("uom.product_uom_unit").id,
            "uom_po_id": env.ref("uom.product_uom_dozen").id,
        }
    )
    suppliers = env["res.partner"].create(
        [
            {"name": f"Bench ranked supplier {i:03d}", "is_company": True}
            for i in range(SUPPLIERS)
        ]
    )
    env["product.supplierinfo"].create(
        [
            {
                "partner_id": supplier.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "min_qty": min_qty,
                "price": round(rng.uniform(8, 20) * (1 - k * 0.05), 2),
                "currency_id": rng.choice(currencies).id,
                "delay": rng.randint(3, 60),
                "scrm_landed_cost_percent": rng.choice((0, 5, 10, 20)),
            }
            for supplier in suppliers
            for k, min_qty in enumerate(BREAKS)
        ]
    )
    env.flush_all()
    return product


def main():
    with bench_env() as env:
        product = generate(env)
        today = fields.Date.context_today(env.user)
        ranking = env["scrm.supplier.ranking"].create(
            {
                "product_id": product.id,
                "quantity": 1200,
                "need_date": today + timedelta(days=20),
            }
        )
        assert len(ranking._rank()) == SUPPLIERS

        def rank():
            env.invalidate_all()
            ranking._rank()

        def rank_with_lines():
            env.invalidate_all()
            ranking.action_rank()
            env.flush_all()

        def select_seller():
            env.invalidate_all()
            product._select_seller(quantity=1200, date=today)

        rank_s = best_of(rank, 5)
        lines_s = best_of(rank_with_lines, 5)
        seller_s = best_of(select_seller, 5)
        print(f"ranking-{SUPPLIERS}-suppliers: {rank_s * 1000:.1f} ms")
        print(f"ranking-{SUPPLIERS}-suppliers-with-lines: {lines_s * 1000:.1f} ms")
        print(f"select-seller-baseline: {seller_s * 1000:.1f} ms")
        print(f"ranking-vs-select-seller: {rank_s / seller_s:.2f} ratio")


if __name__ == "__main__":
    main()

"""Territories, forecasts and pipeline demand at scale.

modules: scrm_sales_mrp

Figures (ratios are against a baseline measured in the same run, on the same data):
- creating 10,000 leads over 500 territories (territory, owner, first-contact
  activity) vs. creating the same leads with no territory defined;
- previewing a territory plan over 50,000 accounts vs. reading those accounts'
  territories in one grouped query;
- the forecast screen of 50 salespeople with 20,000 open opportunities vs. one
  grouped count of those opportunities;
- pipeline demand of 20,000 opportunity lines into a 52-week schedule vs. one
  grouped sum of those lines.
"""

import random
from datetime import timedelta

from benchlib import bench_env, best_of

from odoo import fields

TERRITORIES = 500
LEADS = 10_000
ACCOUNTS = 50_000
SALESPEOPLE = 50
OPPORTUNITIES = 20_000


def main():
    rng = random.Random(12)
    with bench_env({"tracking_disable": True, "mail_notrack": True}) as env:
        fr = env.ref("base.fr")
        users = env["res.users"].create(
            [
                {"name": f"Rep {i}", "login": f"bench_rep_{i}"}
                for i in range(SALESPEOPLE)
            ]
        )
        Territory = env["scrm.territory"]
        Territory.create({"name": "Default", "is_default": True, "priority": 0})
        Territory.create(
            [
                {
                    "name": f"Zip {i}",
                    "country_ids": [(6, 0, fr.ids)],
                    "zip_ranges": f"{10000 + i * 100}-{10000 + i * 100 + 99}",
                    "priority": 10,
                    "member_ids": [(6, 0, users[i % SALESPEOPLE].ids)],
                }
                for i in range(TERRITORIES)
            ]
        )
        lead_vals = [
            {
                "name": f"Lead {i}",
                "country_id": fr.id,
                "zip": str(10000 + rng.randrange(TERRITORIES * 100)),
            }
            for i in range(LEADS)
        ]
        Lead = env["crm.lead"]

        def with_territories():
            Lead.create(lead_vals)
            env.flush_all()

        assigned = best_of(with_territories, repeat=1)
        env.cr.execute("SAVEPOINT no_territory")
        Territory.search([]).active = False

        def without_territories():
            Lead.create(lead_vals)
            env.flush_all()

        plain = best_of(without_territories, repeat=1)
        env.cr.execute("ROLLBACK TO SAVEPOINT no_territory")
        env.invalidate_all()
        print(
            f"assignment of {LEADS} leads over {TERRITORIES} territories: "
            f"{assigned:.2f} s, {assigned / plain:.2f} x creating them without "
            f"territories ({plain:.2f} s)"
        )

        env["res.partner"].create(
            [
                {
                    "name": f"Account {i}",
                    "is_company": True,
                    "country_id": fr.id,
                    "zip": str(10000 + rng.randrange(TERRITORIES * 100)),
                }
                for i in range(ACCOUNTS)
            ]
        )
        first = Territory.search([("name", "=", "Zip 0")])
        plan = env["scrm.territory.plan"].create(
            {
                "name": "Bench plan",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "territory_id": first.id,
                            "new_priority": 20,
                            "new_zip_ranges": "10000-14999",
                            "new_user_id": users[0].id,
                        },
                    )
                ],
            }
        )
        env.flush_all()

        def preview():
            env.invalidate_all()
            plan._compute_moves()

        def grouped_partners():
            env["res.partner"]._read_group(
                [("is_company", "=", True)], ["scrm_territory_id"], ["__count"]
            )

        seconds = best_of(preview)
        base = best_of(grouped_partners)
        print(
            f"plan preview over {ACCOUNTS} accounts: {seconds:.2f} s, "
            f"{seconds / base:.1f} x one grouped count ({base:.3f} s)"
        )

        today = fields.Date.today()
        quarter = today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)
        product = env["product.product"].create(
            {"name": "Bench pump", "is_storable": True}
        )
        Lead.create(
            [
                {
                    "name": f"Opp {i}",
                    "type": "opportunity",
                    "user_id": users[i % SALESPEOPLE].id,
                    "expected_revenue": 1000 + i % 97,
                    "probability": i % 100,
                    "date_deadline": quarter + timedelta(days=i % 88),
                    "scrm_product_line_ids": [
                        (0, 0, {"product_id": product.id, "quantity": 1 + i % 5})
                    ],
                }
                for i in range(OPPORTUNITIES)
            ]
        )
        env.flush_all()
        Line = env["scrm.forecast.line"]

        def forecast():
            env.invalidate_all()
            Line._compute_lines(quarter, "quarter")

        def grouped_opportunities():
            Lead._read_group([("type", "=", "opportunity")], ["user_id"], ["__count"])

        seconds = best_of(forecast)
        base = best_of(grouped_opportunities)
        print(
            f"forecast screen, {SALESPEOPLE} people, {OPPORTUNITIES} opportunities: "
            f"{seconds:.3f} s, {seconds / base:.1f} x one grouped count "
            f"({base:.3f} s)"
        )

        warehouse = env["stock.warehouse"].search([], limit=1)
        mps = env["scrm.mps"].create(
            {
                "name": "Bench MPS",
                "warehouse_id": warehouse.id,
                "period_type": "week",
                "period_count": 52,
                "product_ids": [(6, 0, product.ids)],
            }
        )
        mps.action_prepare_lines()
        env.flush_all()

        def pipeline():
            env.invalidate_all()
            mps._scrm_refresh_pipeline()
            env.flush_all()

        def grouped_lines():
            env["scrm.opportunity.line"]._read_group(
                [], ["product_id"], ["quantity:sum"]
            )

        seconds = best_of(pipeline)
        base = best_of(grouped_lines)
        print(
            f"pipeline demand of {OPPORTUNITIES} lines into 52 weeks: "
            f"{seconds:.3f} s, {seconds / base:.1f} x one grouped sum ({base:.3f} s)"
        )


if __name__ == "__main__":
    main()

"""Lead scoring at scale.

modules: scrm_sales_marketing

Figures (ratios are against a baseline measured in the same run, on the same data):
- scoring 100,000 leads with 300,000 mailing traces and 100,000 form submissions
  (decay, grade, explanation, one UPDATE) vs. one grouped count of those traces.
Journey steps: bench_marketing_journey.py.
"""

from benchlib import bench_env, best_of

from odoo import fields

LEADS = 100_000


def copy_rows(env, table, skip, doublings):
    """Double the rows of ``table`` ``doublings`` times with INSERT ... SELECT."""
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        (table,),
    )
    columns = [c for (c,) in env.cr.fetchall() if c not in skip]
    names = ", ".join(f'"{c}"' for c in columns)
    for _i in range(doublings):
        env.cr.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {table}")


def main():
    with bench_env({"tracking_disable": True, "mail_notrack": True}) as env:
        Lead = env["crm.lead"]
        seed = Lead.create(
            [
                {
                    "name": f"Lead {i}",
                    "type": "lead",
                    "user_id": False,
                    "scrm_marketing_state": "marketing",
                    "scrm_company_size": str(1 + i % 4),
                }
                for i in range(LEADS // 64)
            ]
        )
        env.flush_all()
        copy_rows(env, "crm_lead", {"id"}, 6)  # 2**6 times the seed
        env.cr.execute(
            "SELECT id FROM crm_lead WHERE scrm_marketing_state = 'marketing'"
        )
        lead_ids = [i for (i,) in env.cr.fetchall()]
        now = fields.Datetime.now()
        env.cr.execute(
            """
            INSERT INTO mailing_trace (trace_type, model, res_id, trace_status,
                                       open_datetime, links_click_datetime, create_date)
            SELECT 'mail', 'crm.lead', l.id, 'open',
                   %s - (l.id %% 90) * interval '1 day',
                   CASE WHEN l.id %% 3 = 0 THEN %s - interval '2 days' END, %s
              FROM crm_lead l, generate_series(1, 3)
             WHERE l.scrm_marketing_state = 'marketing'
            """,
            (now, now, now),
        )
        form = env["scrm.marketing.form"].create(
            {
                "name": "Bench form",
                "campaign_id": env["utm.campaign"].create({"name": "Bench"}).id,
            }
        )
        env.cr.execute(
            """
            INSERT INTO scrm_marketing_submission (form_id, name, email, state,
                                                   lead_id, create_date)
            SELECT %s, 'P', 'p@example.com', 'confirmed', l.id, %s
              FROM crm_lead l WHERE l.scrm_marketing_state = 'marketing'
            """,
            (form.id, now),
        )
        # No routing in the measure: every lead pending opt-in.
        env.cr.execute(
            "UPDATE crm_lead SET scrm_optin_state = 'pending' "
            "WHERE scrm_marketing_state = 'marketing'"
        )
        env.invalidate_all()

        def baseline():
            env.cr.execute(
                "SELECT res_id, count(*) FROM mailing_trace "
                "WHERE model = 'crm.lead' GROUP BY res_id"
            )
            env.cr.fetchall()

        def score():
            Lead._scrm_recompute_scores(lead_ids)

        base = best_of(baseline)
        scored = best_of(score)
        print(
            f"scoring {len(lead_ids)} leads: {scored:.2f} s, "
            f"{scored / base:.1f} x one grouped count of their traces ({base:.2f} s)"
        )
        del seed


if __name__ == "__main__":
    main()

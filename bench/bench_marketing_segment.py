"""Segment counts at scale.

modules: scrm_sales_marketing

Figure (ratio against a baseline measured in the same run, on the same data): the
live count and the per-channel marketing consent counts (email, SMS, phone) of a
segment of about 128,000 contacts, a tenth of whom refused marketing email (their
own answer or their company's), vs. one count of the segment's contacts; then the
same with 1,000 contacts added to the segment by hand (or by a journey) and 1,000
removed, whose OR keeps PostgreSQL from a semi-join.
"""

from benchlib import bench_env, best_of

from odoo.tools import SQL

SEED = 1000
DOUBLINGS = 7  # 1,000 x 2**7 = 128,000 contacts


def main():
    with bench_env({"tracking_disable": True, "mail_notrack": True}) as env:
        tag = env["res.partner.category"].create({"name": "Bench segment"})
        env["res.partner"].create(
            [
                {
                    "name": f"S {i}",
                    "email": f"s{i}@bench.example.com",
                    "mobile": f"+3247{i:07d}",
                    "category_id": tag.ids,
                }
                for i in range(SEED)
            ]
        )
        env.flush_all()
        env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name != 'id'"
        )
        names = ", ".join(f'"{c}"' for (c,) in env.cr.fetchall())
        for _i in range(DOUBLINGS):
            env.cr.execute(
                f"WITH new AS (INSERT INTO res_partner ({names}) "
                f"SELECT {names} FROM res_partner WHERE name LIKE 'S %%' "
                "RETURNING id) "
                "INSERT INTO res_partner_res_partner_category_rel "
                "(partner_id, category_id) SELECT id, %s FROM new",
                (tag.id,),
            )
        env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE 'S %'"
        )
        channel = env["scrm.channel"]._get_by_code("email")
        env.cr.execute(
            """
            INSERT INTO scrm_contact_preference
                   (partner_id, channel_id, purpose, consent, source, date,
                    user_id, active)
            SELECT id, %s, 'marketing', 'opt_out', 'import', now(), 1, true
              FROM res_partner WHERE name LIKE 'S %%' AND id %% 10 = 0
            """,
            (channel.id,),
        )
        env.cr.execute("ANALYZE res_partner")
        env.cr.execute("ANALYZE scrm_contact_preference")
        env.invalidate_all()
        segment = env["scrm.marketing.segment"].create(
            {"name": "Bench", "domain": repr([("category_id", "in", tag.ids)])}
        )
        query = segment._records_query()

        def baseline():
            env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) r", query.subselect()))

        counts = {}

        def count():
            counts.update(segment._consent_counts())

        base = best_of(baseline)
        counted = best_of(count)
        print(
            f"segment of {counts['records']} contacts, consent per channel "
            f"(email {counts['email']}, sms {counts['sms']}, "
            f"phone {counts['phone']}): {counted:.2f} s, "
            f"{counted / base:.1f} x one count of the segment ({base:.3f} s)"
        )
        env.cr.execute(
            "SELECT id FROM res_partner WHERE name LIKE 'S %' ORDER BY id LIMIT 1000"
        )
        ids = [row[0] for row in env.cr.fetchall()]
        outside = env["res.partner"].create(
            [
                {"name": f"O {i}", "email": f"o{i}@bench.example.com"}
                for i in range(1000)
            ]
        )
        segment.write(
            {
                "added_partner_ids": [(6, 0, outside.ids)],
                "removed_partner_ids": [(6, 0, ids[:1000])],
            }
        )
        env.flush_all()
        segment._consent_counts()  # the segment's lists read once (cached)
        query = segment._records_query()
        base = best_of(baseline)
        counted = best_of(count)
        print(
            f"with 1,000 added and 1,000 removed ({counts['records']} contacts): "
            f"{counted:.2f} s, {counted / base:.1f} x one count of the segment "
            f"({base:.3f} s)"
        )


if __name__ == "__main__":
    main()

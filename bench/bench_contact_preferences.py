"""Contact preferences and timeline at scale.

modules: scrm_base

Figures (ratios are against a baseline measured in the same run, on the same data):
- the batch answer for 10,000 partners vs. asking partner by partner (what a
  sending layer without the batch API would do), over 1,000 of them, scaled;
- opening the newest page of a 100,000-entry timeline vs. counting it.
"""

from datetime import timedelta

from benchlib import bench_env, best_of

from odoo import fields

PARTNERS = 10_000
NAIVE_SAMPLE = 1_000
TIMELINE = 100_000


def main():
    with bench_env() as env:
        cr = env.cr
        Preference = env["scrm.contact.preference"]
        company = env["res.partner"].create({"name": "Bench Co", "is_company": True})
        partners = env["res.partner"].create(
            [
                {"name": f"Bench {i}", "parent_id": company.id if i % 3 else False}
                for i in range(PARTNERS)
            ]
        )
        email = env["scrm.channel"]._get_by_code("email")
        Preference._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_id": email.id,
                    "purpose": "marketing",
                    "consent": "opt_out" if i % 4 == 0 else "opt_in",
                }
                for i, partner in enumerate(partners)
                if i % 2
            ]
        )
        env.flush_all()

        def batch():
            env.invalidate_all()
            Preference._get_contact_decisions(partners.ids, "email", "marketing")

        sample = partners[:NAIVE_SAMPLE]

        def naive():
            env.invalidate_all()
            for partner in sample:
                own = Preference.search(
                    [
                        ("partner_id", "=", partner.id),
                        ("channel_id", "=", email.id),
                        ("purpose", "=", "marketing"),
                    ],
                    limit=1,
                )
                if not own and partner.parent_id:
                    Preference.search(
                        [
                            ("partner_id", "=", partner.commercial_partner_id.id),
                            ("channel_id", "=", email.id),
                            ("purpose", "=", "marketing"),
                        ],
                        limit=1,
                    )

        batch_s = best_of(batch)
        naive_s = best_of(naive, repeat=1) * PARTNERS / NAIVE_SAMPLE
        print(f"preference-batch-{PARTNERS}: {batch_s * 1000:.1f} ms")
        print(f"preference-one-by-one-{PARTNERS}-scaled: {naive_s * 1000:.1f} ms")
        print(f"preference-batch-speedup: {naive_s / batch_s:.1f} x")

        phone = env["scrm.channel"]._get_by_code("phone")
        now = fields.Datetime.now()
        big = env["res.partner"].create({"name": "Big Timeline", "is_company": True})
        for start in range(0, TIMELINE, 10_000):
            env["scrm.interaction"].create(
                [
                    {
                        "partner_id": big.id,
                        "channel_id": phone.id,
                        "summary": f"Call {i}",
                        "date": now - timedelta(minutes=i),
                    }
                    for i in range(start, start + 10_000)
                ]
            )
            env.flush_all()
            env.invalidate_all()
        cr.execute("ANALYZE scrm_interaction")
        Interaction = env["scrm.interaction"]

        def first_page():
            env.invalidate_all()
            Interaction.search_read(
                [("partner_id", "=", big.id)],
                ["date", "channel_id", "summary", "contact_id"],
                limit=80,
            )

        def count_all():
            env.invalidate_all()
            Interaction.search_count([("partner_id", "=", big.id)])

        page_s, count_s = best_of(first_page), best_of(count_all)
        print(f"timeline-first-page-of-{TIMELINE}: {page_s * 1000:.1f} ms")
        print(f"timeline-count-{TIMELINE}: {count_s * 1000:.1f} ms")
        print(f"timeline-first-page-vs-count: {page_s / count_s:.2f} ratio")
        cr.rollback()


if __name__ == "__main__":
    main()

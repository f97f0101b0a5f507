"""Nurture journey steps at scale.

modules: scrm_sales_marketing

Figures (ratios are against a baseline measured in the same run, on the same data):
- one journey email step for 10,000 participants (consent, mail, trace, timeline,
  step log, move on) vs. creating the same 10,000 mails alone;
- one wait step for 10,000 participants (step log, move on) vs. one UPDATE of
  the participants' due date.
"""

from benchlib import bench_env, best_of

PARTICIPANTS = 10_000


def main():
    with bench_env({"tracking_disable": True, "mail_notrack": True}) as env:
        partners = env["res.partner"].create(
            [
                {"name": f"P {i}", "email": f"p{i}@bench.example.com"}
                for i in range(PARTICIPANTS)
            ]
        )
        journey = env["scrm.marketing.journey"].create({"name": "Bench journey"})
        Step = env["scrm.marketing.journey.step"]
        mail_step = Step.create(
            {
                "journey_id": journey.id,
                "name": "Mail",
                "step_type": "email",
                "subject": "Hello",
                "body": "Hello",
            }
        )
        Step.create(
            {
                "journey_id": journey.id,
                "name": "Wait",
                "step_type": "wait",
                "parent_id": mail_step.id,
            }
        )
        journey.action_start()
        participants = journey._add_participants(partners)
        env.flush_all()

        def mails_alone():
            env["mail.mail"].create(
                [
                    {
                        "subject": "Hello",
                        "body_html": "<p>Hello</p>",
                        "email_to": p.email,
                    }
                    for p in partners
                ]
            )
            env.flush_all()

        def step():
            env["scrm.marketing.journey"]._cron_advance()
            env.flush_all()

        def one_update():
            env.cr.execute(
                "UPDATE scrm_marketing_journey_participant "
                "SET next_date = next_date WHERE id = ANY(%s)",
                (participants.ids,),
            )

        alone = best_of(mails_alone, repeat=1)
        stepped = best_of(step, repeat=1)
        print(
            f"journey email step for {PARTICIPANTS} participants: {stepped:.2f} s, "
            f"{stepped / alone:.2f} x creating the mails alone ({alone:.2f} s)"
        )
        update = best_of(one_update, repeat=1)
        waited = best_of(step, repeat=1)
        print(
            f"journey wait step for {PARTICIPANTS} participants: {waited:.2f} s, "
            f"{waited / update:.2f} x one UPDATE of the participants ({update:.2f} s)"
        )


if __name__ == "__main__":
    main()

from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_marketing_activity")
class TestMarketingActivityLinks(TransactionCase):
    """Issue 14, campaign activities carried out by Odoo's own records: a
    mailing, an event and a call list linked to a campaign's activities give
    the figures a marketer reads on the activity (sent, opened, registrations,
    attendees, calls made, leads), counted by hand here, in one query per kind
    of record; the activity opens its records and creates one for the
    campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        # Only the leads made here count: no lead rule of the demo data.
        env["event.lead.rule"].search([]).write({"active": False})
        cls.marketer = mail_new_test_user(
            env,
            login="scrm_activity_marketer",
            name="Mia Marketer",
            groups="base.group_user,scrm_sales_marketing.group_marketing_user,"
            "event.group_event_user,scrm_sales_marketing.group_sales_user",
        )
        cls.campaign = env["utm.campaign"].create(
            {
                "title": "Spring fair",
                "scrm_cost_ids": [
                    Command.create(
                        {"name": "Invitation", "kind": "email", "planned_amount": 100}
                    ),
                    Command.create(
                        {"name": "Booth", "kind": "event", "planned_amount": 1200}
                    ),
                    Command.create(
                        {"name": "Follow-up calls", "kind": "telemarketing"}
                    ),
                    Command.create({"name": "Flyers", "kind": "print"}),
                ],
            }
        )
        cls.email, cls.booth, cls.calls, cls.flyers = cls.campaign.scrm_cost_ids
        partners = env["res.partner"].create(
            [{"name": f"Buyer {i}", "email": f"buyer{i}@example.com"} for i in range(5)]
        )
        cls.partners = partners
        # The mailing: 4 emails went out, 2 of them opened (1 replied), 1 was
        # cancelled; 2 leads came from it (its UTM source), one of them lost.
        cls.mailing = env["mailing.mailing"].create(
            {
                "subject": "Meet us at the fair",
                "body_html": "<p>Hall 3</p>",
                "mailing_model_id": env["ir.model"]._get_id("res.partner"),
                "campaign_id": cls.campaign.id,
                "scrm_activity_id": cls.email.id,
            }
        )
        sent = datetime(2026, 3, 1, 9)
        statuses = ["sent", "open", "reply", "bounce", "cancel"]
        env["mailing.trace"].create(
            [
                {
                    "mass_mailing_id": cls.mailing.id,
                    "model": "res.partner",
                    "res_id": partner.id,
                    "email": partner.email,
                    "trace_status": status,
                    "sent_datetime": sent
                    if status in ("sent", "open", "reply", "bounce")
                    else False,
                }
                for partner, status in zip(partners, statuses, strict=True)
            ]
        )
        env["crm.lead"].create(
            [
                {"name": "From the invitation", "source_id": cls.mailing.source_id.id},
                {
                    "name": "Lost one",
                    "source_id": cls.mailing.source_id.id,
                    "active": False,
                },
                {"name": "Elsewhere"},
            ]
        )
        # The fair: 3 confirmed registrations, 2 attended, 1 cancelled; 1 lead.
        cls.event = env["event.event"].create(
            {
                "name": "Pump fair",
                "date_begin": "2026-04-01 08:00:00",
                "date_end": "2026-04-03 18:00:00",
                "scrm_activity_id": cls.booth.id,
            }
        )
        registrations = env["event.registration"].create(
            [
                {"event_id": cls.event.id, "partner_id": partner.id}
                for partner in partners[:4]
            ]
        )
        registrations[:2].action_set_done()
        registrations[3].action_cancel()
        env["crm.lead"].create({"name": "Met at the fair", "event_id": cls.event.id})
        # The call list: 3 called (2 reached, on the same lead twice and
        # another), 1 still to call.
        leads = env["crm.lead"].create(
            [{"name": "Call A", "type": "opportunity"}, {"name": "Call B"}]
        )
        cls.call_list = env["scrm.call.list"].create(
            {
                "name": "Fair follow-up",
                "user_id": cls.marketer.id,
                "scrm_activity_id": cls.calls.id,
            }
        )
        env["scrm.call.list.line"].create(
            [
                {
                    "list_id": cls.call_list.id,
                    "lead_id": leads[0].id,
                    "state": "done",
                    "outcome": "reached",
                },
                {
                    "list_id": cls.call_list.id,
                    "lead_id": leads[0].id,
                    "state": "done",
                    "outcome": "reached",
                },
                {
                    "list_id": cls.call_list.id,
                    "lead_id": leads[1].id,
                    "state": "done",
                    "outcome": "voicemail",
                },
                {"list_id": cls.call_list.id, "lead_id": leads[1].id},
            ]
        )

    def figures(self, activity):
        return {
            name: activity[name]
            for name in (
                "sent_count",
                "opened_count",
                "registration_count",
                "attendee_count",
                "call_count",
                "lead_count",
            )
        }

    def test_figures_from_the_linked_records(self):
        activities = self.campaign.scrm_cost_ids.with_user(self.marketer)
        activities.invalidate_recordset()
        self.assertEqual(
            self.figures(self.email.with_user(self.marketer)),
            {
                "sent_count": 4,  # bounced too: it went out
                "opened_count": 2,
                "registration_count": 0,
                "attendee_count": 0,
                "call_count": 0,
                "lead_count": 2,  # the lost lead counts: it came from the mailing
            },
        )
        self.assertEqual(
            self.figures(self.booth.with_user(self.marketer)),
            {
                "sent_count": 0,
                "opened_count": 0,
                "registration_count": 3,
                "attendee_count": 2,
                "call_count": 0,
                "lead_count": 1,
            },
        )
        self.assertEqual(
            self.figures(self.calls.with_user(self.marketer)),
            {
                "sent_count": 0,
                "opened_count": 0,
                "registration_count": 0,
                "attendee_count": 0,
                "call_count": 3,
                "lead_count": 1,  # reached twice, one lead
            },
        )
        self.assertEqual(set(self.figures(self.flyers).values()), {0})
        self.assertEqual(
            (
                self.email.mailing_count,
                self.booth.event_count,
                self.calls.call_list_count,
            ),
            (1, 1, 1),
        )

    def test_one_query_per_kind_of_record(self):
        # As the campaign's activity list reads them: one read of the rows.
        Activity = self.env["scrm.marketing.campaign.cost"]
        activities = Activity.browse(self.campaign.scrm_cost_ids.ids)
        self.env.flush_all()
        self.env.invalidate_all()
        activities.fetch(["name"])
        with self.assertQueryCount(3):
            activities.read(["sent_count", "lead_count", "call_count"])
        # A second campaign's activities in the same read cost nothing more.
        other = self.env["utm.campaign"].create(
            {
                "title": "Autumn",
                "scrm_cost_ids": [
                    Command.create({"name": "Autumn mail", "kind": "email"})
                ],
            }
        )
        self.env["mailing.mailing"].create(
            {
                "subject": "Autumn",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "scrm_activity_id": other.scrm_cost_ids.id,
            }
        )
        both = Activity.browse(activities.ids + other.scrm_cost_ids.ids)
        self.env.flush_all()
        self.env.invalidate_all()
        both.fetch(["name"])
        with self.assertQueryCount(3):
            both.read(["sent_count", "lead_count"])
        self.assertEqual(other.scrm_cost_ids.sent_count, 0)

    def test_open_and_create_linked_records(self):
        email = self.email.with_user(self.marketer)
        action = email.action_view_mailings()
        self.assertEqual(
            self.env[action["res_model"]]
            .with_user(self.marketer)
            .search(action["domain"]),
            self.mailing,
        )
        new = email.action_new_mailing()
        mailing = (
            self.env["mailing.mailing"]
            .with_user(self.marketer)
            .with_context(**new["context"])
            .create(
                {
                    "subject": "Reminder",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                }
            )
        )
        self.assertEqual(mailing.campaign_id, self.campaign)
        self.assertEqual(mailing.scrm_activity_id, self.email)
        self.assertEqual(self.email.mailing_count, 2)

        booth = self.booth.with_user(self.marketer)
        event = (
            self.env["event.event"]
            .with_user(self.marketer)
            .with_context(**booth.action_new_event()["context"])
            .create(
                {"date_begin": "2026-05-01 08:00:00", "date_end": "2026-05-01 18:00:00"}
            )
        )
        self.assertEqual(event.name, "Booth")
        self.assertEqual(event.scrm_campaign_id, self.campaign)
        action = booth.action_view_events()
        self.assertEqual(
            self.env["event.event"].with_user(self.marketer).search(action["domain"]),
            self.event | event,
        )
        calls = self.calls.with_user(self.marketer)
        call_list = (
            self.env["scrm.call.list"]
            .with_user(self.marketer)
            .with_context(**calls.action_new_call_list()["context"])
            .create({})
        )
        self.assertEqual(call_list.name, "Follow-up calls")
        self.assertEqual(call_list.scrm_activity_id, self.calls)

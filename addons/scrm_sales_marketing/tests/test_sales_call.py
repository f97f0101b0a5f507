from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_sales_visit import VisitCommon

# A Monday, 15:00 UTC: 16:00 in Paris.
MONDAY_3PM = datetime(2026, 12, 7, 15, 0)


@tagged("post_install", "-at_install", "scrm_sales_call")
class TestSalesCall(VisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.stage = cls.env["crm.stage"].create({"name": "Proposal sent"})
        cls.contacts = {}
        cls.leads = cls.env["crm.lead"]
        for name in ("Refuser", "Morning person", "Afternoon person", "No window"):
            account = Partner.create(
                {
                    "name": f"{name} Ltd",
                    "is_company": True,
                    "zip": "75003",
                    "country_id": cls.fr.id,
                }
            )
            contact = Partner.create(
                {
                    "name": name,
                    "parent_id": account.id,
                    "phone": "+33 1 23 45 67 89",
                    "tz": "Europe/Paris",
                }
            )
            cls.contacts[name] = contact
            cls.leads |= cls.env["crm.lead"].create(
                {
                    "name": f"Deal with {name}",
                    "type": "opportunity",
                    "partner_id": contact.id,
                    "stage_id": cls.stage.id,
                    "user_id": cls.rep_a.id,
                }
            )
        Preference = cls.env["scrm.contact.preference"]
        Preference._record_preferences(
            [
                {
                    "partner_id": cls.contacts["Refuser"].id,
                    "channel_code": "phone",
                    "purpose": "marketing",
                    "consent": "opt_out",
                },
                {
                    "partner_id": cls.contacts["Morning person"].id,
                    "channel_code": "phone",
                    "purpose": "marketing",
                    "consent": "opt_in",
                    "call_window_start": 9.0,
                    "call_window_end": 12.0,
                },
                {
                    "partner_id": cls.contacts["Afternoon person"].id,
                    "channel_code": "phone",
                    "purpose": "marketing",
                    "consent": "opt_in",
                    "call_window_start": 14.0,
                    "call_window_end": 18.5,
                },
            ]
        )
        cls.call_list = (
            cls.env["scrm.call.list"]
            .with_user(cls.rep_a)
            .create(
                {
                    "name": "Proposals without news",
                    "stage_id": cls.stage.id,
                    "purpose": "marketing",
                }
            )
        )
        cls.call_list.action_build()

    def _line(self, name):
        return self.call_list.line_ids.filtered(
            lambda line: line.partner_id == self.contacts[name]
        )

    def test_build_takes_the_stage_once(self):
        self.assertEqual(self.call_list.line_ids.lead_id, self.leads)
        self.call_list.action_build()
        self.assertEqual(len(self.call_list.line_ids), 4)
        self.assertEqual(self.call_list.pending_count, 4)

    def test_build_leaves_out_recent_activity_and_others_leads(self):
        self.leads.activity_ids.unlink()  # the first-contact activities
        self.leads[1].activity_schedule(
            "mail.mail_activity_data_call", user_id=self.rep_a.id
        )
        self.leads.write(
            {"date_last_stage_update": fields.Datetime.now() - timedelta(days=20)}
        )
        self.leads[2].date_last_stage_update = fields.Datetime.now()
        hidden = self.env["crm.lead"].create(
            {
                "name": "Someone else's",
                "type": "opportunity",
                "stage_id": self.stage.id,
                "user_id": self.outsider.id,
            }
        )
        stale = (
            self.env["scrm.call.list"]
            .with_user(self.rep_a)
            .create({"name": "Stale", "stage_id": self.stage.id, "stale_days": 14})
        )
        stale.action_build()
        self.assertEqual(stale.line_ids.lead_id, self.leads[0] | self.leads[3])
        self.assertNotIn(hidden, stale.line_ids.lead_id)

    def test_bad_domain_refused(self):
        for domain in ("[('nope', '=', 1)]", "import os", "[('name', '=', 1, 2)]"):
            call_list = (
                self.env["scrm.call.list"]
                .with_user(self.rep_a)
                .create({"name": "Bad", "domain": domain})
            )
            with self.assertRaises(UserError):
                call_list.action_build()
            self.assertFalse(call_list.line_ids)
        with self.assertRaises(UserError):
            self.env["scrm.call.list"].with_user(self.rep_a).create(
                {"name": "Bad", "domain": "[('name', '=', '\x00')]"}
            )
        self.assertEqual(
            self.env["scrm.call.list"].search_count([("name", "=", "Bad")]), 3
        )
        with self.assertRaises(ValidationError):
            self.env["scrm.contact.preference"]._record_preferences(
                [
                    {
                        "partner_id": self.contacts["No window"].id,
                        "channel_code": "phone",
                        "purpose": "marketing",
                        "consent": "opt_in",
                        "call_window_start": 18.0,
                        "call_window_end": 9.0,
                    }
                ]
            )

    def test_console_obeys_consent_and_call_windows(self):
        line = self.call_list.with_user(self.rep_a)._next_line(now=MONDAY_3PM)
        self.assertEqual(line, self._line("Afternoon person"))
        refuser = self._line("Refuser")
        self.assertEqual(refuser.state, "held")
        self.assertEqual(
            refuser.skip_reason,
            "Refuser Ltd, Refuser refuses Phone for Marketing messages.",
        )
        morning = self._line("Morning person")
        self.assertEqual(morning.state, "skipped")
        self.assertIn("call window (09:00-12:00, Europe/Paris)", morning.skip_reason)
        self.assertIn("it is 16:00 there", morning.skip_reason)
        # Retrying puts the skipped call back, not the held one.
        self.call_list.action_retry_skipped()
        self.assertEqual(morning.state, "pending")
        self.assertEqual(refuser.state, "held")

    def test_weekdays_only(self):
        self.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": self.contacts["No window"].id,
                    "channel_code": "phone",
                    "purpose": "marketing",
                    "consent": "opt_in",
                    "call_weekdays_only": True,
                }
            ]
        )
        saturday = datetime(2026, 12, 12, 11, 0)  # noon in Paris
        self.assertFalse(self.call_list._next_line(now=saturday))
        line = self._line("No window")
        self.assertEqual(line.state, "skipped")
        self.assertIn("weekdays only", line.skip_reason)
        self.call_list.action_retry_skipped()
        self.assertEqual(
            self.call_list._next_line(now=MONDAY_3PM), self._line("Afternoon person")
        )

    def test_log_call_lands_on_timeline_and_schedules_next_step(self):
        line = self._line("No window").with_user(self.rep_a)
        line.write(
            {
                "outcome": "callback",
                "note": "Call back after the budget meeting",
                "next_step": "Call after the budget meeting",
                "next_step_date": fields.Date.today() + timedelta(days=2),
            }
        )
        action = line.action_log_call()
        self.assertEqual(line.state, "done")
        entry = line.interaction_id
        self.assertEqual(entry.channel_id.code, "phone")
        self.assertEqual(entry.partner_id, self.contacts["No window"].parent_id)
        self.assertEqual(
            entry.summary, "Call to No window Ltd, No window: Call Back Later"
        )
        self.assertIn(entry, line.timeline_ids)
        lead = line.lead_id
        activity = lead.activity_ids.filtered(
            lambda a: a.summary == "Call after the budget meeting"
        )
        self.assertEqual(activity.user_id, self.rep_a)
        # On to the next call, or told there is none left now.
        self.assertIn(action["type"], ("ir.actions.act_window", "ir.actions.client"))
        with self.assertRaises(UserError):
            line.action_log_call()  # once only

    def test_outcome_required_and_dates_checked(self):
        line = self._line("No window").with_user(self.rep_a)
        with self.assertRaises(UserError):
            line.action_log_call()
        line.write(
            {
                "outcome": "reached",
                "next_step_date": fields.Date.today() - timedelta(days=1),
            }
        )
        with self.assertRaises(UserError):
            line.action_log_call()
        self.assertEqual(line.state, "pending")
        self.assertFalse(line.interaction_id)

    def test_access(self):
        Line = self.env["scrm.call.list.line"]
        self.assertFalse(
            Line.with_user(self.outsider).search([("list_id", "=", self.call_list.id)])
        )
        with self.assertRaises(AccessError):
            self.call_list.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self._line("No window").with_user(self.outsider).write(
                {"outcome": "reached"}
            )
        # A colleague of the territory sees the calls, but does not make them.
        colleague_line = self._line("No window").with_user(self.rep_b)
        self.assertEqual(colleague_line.state, "pending")
        colleague_line.outcome = "reached"
        with self.assertRaises(UserError):
            colleague_line.action_log_call()

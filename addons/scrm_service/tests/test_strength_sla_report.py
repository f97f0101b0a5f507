"""The SLA Compliance report (Reporting > SLA Compliance) counts, per team,
the tickets kept within their SLA and the breached ones, and leaves out the
tickets no SLA policy applies to: figures counted by hand."""

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ScrmServiceCommon, ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_sla")
class TestStrengthSlaReport(ScrmServiceCommon, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        Team = cls.env["scrm.service.team"]
        cls.valves = Team.create(
            {"name": "Valve Support", "resource_calendar_id": cls.calendar.id}
        )
        cls.elsewhere = Team.create({"name": "Elsewhere"})
        Policy = cls.env["scrm.sla.policy"]
        Policy.search([("team_id", "=", False)]).active = False
        Policy.create(
            {
                "name": "Pumps",
                "team_id": cls.team.id,
                "response_hours": 4,
                "resolve_hours": 16,
            }
        )
        Policy.create(
            {
                "name": "Valves",
                "team_id": cls.valves.id,
                "response_hours": 1,
                "resolve_hours": 4,
            }
        )

    def answer(self, ticket):
        ticket.message_post(
            body="We are on it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.agent_bob.partner_id.id,
        )

    def open(self, team, name):
        return self.Ticket.create(
            {"name": name, "partner_id": self.carla.id, "team_id": team.id}
        )

    def test_report_counts_kept_and_breached_per_team(self):
        # Monday 23 November 2026, 10:00; the teams work 9:00-17:00 UTC.
        with freeze_time("2026-11-23 10:00:00"):
            answered = self.open(self.team, "Answered at 11")
            closed = self.open(self.team, "Closed at 13")
            late = self.open(self.team, "Answered at 15")
            slow = self.open(self.valves, "Valve closed next day")
            quick = self.open(self.valves, "Valve closed at 10:30")
            loose = self.open(self.elsewhere, "No policy, closed next day")
        with freeze_time("2026-11-23 10:30:00"):
            quick.action_close()
        with freeze_time("2026-11-23 11:00:00"):
            self.answer(answered)
        with freeze_time("2026-11-23 13:00:00"):
            closed.action_close()
        with freeze_time("2026-11-23 15:00:00"):  # pumps' response due 14:00
            self.answer(late)
        with freeze_time("2026-11-23 16:00:00"):
            (answered | late).action_close()
        with freeze_time("2026-11-24 10:00:00"):  # valves' resolution due 14:00
            (slow | loose).action_close()
        self.assertFalse(loose.sla_policy_id)

        action = self.env.ref("scrm_service.scrm_ticket_action_sla_report")
        self.assertEqual(action.view_mode.split(",")[0], "pivot")
        pivot = etree.fromstring(
            self.env["scrm.ticket"].get_view(view_type="pivot")["arch"]
        )
        axes = {field.get("name"): field.get("type") for field in pivot.iter("field")}
        self.assertEqual(axes["team_id"], "row")
        self.assertEqual(axes["sla_breached"], "col")
        teams = self.team | self.valves | self.elsewhere
        domain = [*safe_eval(action.domain), ("team_id", "in", teams.ids)]
        groups = (
            self.env["scrm.ticket"]
            .with_user(self.service_manager)
            .read_group(domain, ["team_id"], ["team_id", "sla_breached"], lazy=False)
        )
        counts = {
            (group["team_id"][1], group["sla_breached"]): group["__count"]
            for group in groups
        }
        self.assertEqual(
            counts,
            {
                ("Pump Support", False): 2,
                ("Pump Support", True): 1,
                ("Valve Support", False): 1,
                ("Valve Support", True): 1,
            },
        )

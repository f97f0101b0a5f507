"""The SLA Compliance report (Reporting > SLA Compliance) counts, per team,
the tickets kept within their SLA and the breached ones, and leaves out the
tickets no SLA policy applies to: figures counted by hand."""

from freezegun import freeze_time

from odoo.tests import tagged

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

        # The report a manager opens (Service > Reporting > SLA Compliance).
        action = self.env.ref("scrm_service.scrm_ticket_sla_report_action")
        self.assertEqual(action.res_model, "scrm.ticket.sla.report")
        teams = self.team | self.valves | self.elsewhere
        self.env.flush_all()  # the report is a view over the stored tickets
        groups = (
            self.env["scrm.ticket.sla.report"]
            .with_user(self.service_manager)
            .read_group(
                [("team_id", "in", teams.ids)],
                ["ticket_count:sum", "breached_count:sum", "met_count:sum"],
                ["team_id"],
                lazy=False,
            )
        )
        counts = {
            group["team_id"][1]: (
                group["ticket_count"],
                group["breached_count"],
                group["met_count"],
            )
            for group in groups
        }
        # The ticket no policy applies to is left out; the others count as
        # kept or breached, as worked out above by hand.
        self.assertEqual(
            counts, {"Pump Support": (3, 1, 2), "Valve Support": (2, 1, 1)}
        )

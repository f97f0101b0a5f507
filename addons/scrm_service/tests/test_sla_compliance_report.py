from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_sla")
class TestSlaComplianceReport(HttpCase, ServiceDataMixin):
    """The manager's SLA compliance: every figure per team, agent, priority and
    month is what the ticket list shows for the same tickets.

    The team works Monday to Friday, 9:00-17:00 UTC; the policy answers within
    4 working hours and resolves within 16.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.manager = mail_new_test_user(
            cls.env,
            login="sla_report_manager",
            groups="base.group_user,scrm_service.group_service_manager",
        )
        cls.env["scrm.sla.policy"].create(
            {
                "name": "Pump support",
                "team_id": cls.team.id,
                "response_hours": 4,
                "resolve_hours": 16,
            }
        )
        cls.team_no_sla = cls.env["scrm.service.team"].create({"name": "Front Desk"})
        # Met: answered after 1 h, solved after 5 h (Monday 23 November 2026).
        cls.met = cls._handled(
            "2026-11-23 10:00",
            "2026-11-23 11:00",
            "2026-11-23 15:00",
            user=cls.agent_bob,
            priority="1",
        )
        # First answer after 6 h, 2 h after its deadline (14:00).
        cls.late_answer = cls._handled(
            "2026-11-23 10:00",
            "2026-11-23 16:00",
            "2026-11-24 10:00",
            user=cls.agent_bob,
            priority="2",
        )
        # Solved on Friday, after its Wednesday 17:00 deadline.
        cls.late_solution = cls._handled(
            "2026-11-24 09:00",
            "2026-11-24 10:00",
            "2026-11-27 09:00",
            user=cls.agent_cleo,
            priority="1",
        )
        # December, still open and within its targets.
        cls.open_ok = cls._handled(
            "2026-12-01 09:00",
            "2026-12-01 09:30",
            None,
            user=cls.agent_cleo,
            priority="2",
        )
        with freeze_time("2026-12-01 12:00"):
            cls.env["scrm.ticket"]._cron_sla_check()
            # Neither in the report nor in the list it matches: no policy, archived.
            cls._ticket(cls.carla, name="No SLA here", team_id=cls.team_no_sla.id)
            cls._ticket(cls.carla, name="Merged away").active = False

    @classmethod
    def _handled(cls, opened, answered, closed, user, priority):
        with freeze_time(opened):
            ticket = cls._ticket(cls.carla, user_id=user.id, priority=priority)
        with freeze_time(answered):
            ticket.date_first_response = answered
        if closed:
            with freeze_time(closed):
                ticket.action_close()
        return ticket

    def _report(self, groupby, user=None, domain=()):
        Report = self.env["scrm.ticket.sla.report"].with_user(user or self.manager)
        rows = Report.read_group(
            list(domain),
            [
                "ticket_count:sum",
                "breached_count:sum",
                "sla_met_percent:avg",
                "response_hours:avg",
                "resolve_hours:avg",
            ],
            [groupby],
            lazy=False,
        )
        return {row[groupby]: row for row in rows}

    def test_figures_per_team_agent_and_month(self):
        team = self._report("team_id")[(self.team.id, self.team.display_name)]
        self.assertEqual(team["ticket_count"], 4)
        self.assertEqual(team["breached_count"], 2)
        self.assertAlmostEqual(team["sla_met_percent"], 50.0)
        # (1 + 6 + 1 + 0.5) / 4 hours to answer; (5 + 24 + 72) / 3 to solve.
        self.assertAlmostEqual(team["response_hours"], 2.125)
        self.assertAlmostEqual(team["resolve_hours"], 101 / 3)
        agents = self._report("user_id")
        bob = agents[(self.agent_bob.id, self.agent_bob.display_name)]
        self.assertEqual((bob["ticket_count"], bob["breached_count"]), (2, 1))
        # The demo's tickets may share the months: this team's only.
        months = self._report(
            "date_open:month", domain=[("team_id", "=", self.team.id)]
        )
        self.assertAlmostEqual(months["November 2026"]["sla_met_percent"], 100 / 3)
        self.assertAlmostEqual(months["December 2026"]["sla_met_percent"], 100.0)
        self.assertFalse(months["December 2026"]["resolve_hours"], "nothing solved")

    def test_figures_match_the_ticket_list(self):
        """Each cell counts what the manager finds in the ticket list with the
        same grouping and the SLA Breached filter."""
        Ticket = self.env["scrm.ticket"].with_user(self.manager)
        with_sla = [("sla_policy_id", "!=", False)]
        for groupby in ("team_id", "user_id", "priority", "date_open:month"):
            report = self._report(groupby)
            listed = {
                row[groupby]: row["__count"]
                for row in Ticket.read_group(
                    with_sla, ["__count"], [groupby], lazy=False
                )
            }
            breached = {
                row[groupby]: row["__count"]
                for row in Ticket.read_group(
                    [*with_sla, ("sla_breached", "=", True)],
                    ["__count"],
                    [groupby],
                    lazy=False,
                )
            }
            with self.subTest(groupby=groupby):
                self.assertEqual(
                    {key: row["ticket_count"] for key, row in report.items()}, listed
                )
                self.assertEqual(
                    {
                        key: row["breached_count"]
                        for key, row in report.items()
                        if row["breached_count"]
                    },
                    breached,
                )

    def test_agent_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self._report("team_id", user=self.agent_bob)

    def test_tour_manager_reads_compliance(self):
        self.start_tour(
            "/odoo/action-scrm_service.scrm_ticket_sla_report_action",
            "scrm_service_sla_compliance",
            login=self.manager.login,
        )

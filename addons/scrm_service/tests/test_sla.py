from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_sla", "scrm_clock")
class TestTicketSla(TransactionCase, ServiceDataMixin):
    """Deadlines on tickets, against dates computed by hand: the team works
    Monday to Friday, 9:00-17:00 UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.policy = cls.env["scrm.sla.policy"].create(
            {
                "name": "Pump support",
                "team_id": cls.team.id,
                "response_hours": 4,
                "resolve_hours": 16,
                "escalate_before_hours": 2,
            }
        )
        cls.urgent = cls.env["scrm.sla.policy"].create(
            {
                "name": "Urgent pumps",
                "team_id": cls.team.id,
                "priority": "3",
                "response_hours": 1,
                "resolve_hours": 4,
            }
        )

    def open_ticket(self, **values):
        return self._ticket(self.carla, **values)

    def test_deadlines_jump_over_the_weekend(self):
        # Friday 27 November 2026, 15:00: 2 hours left on Friday.
        with freeze_time("2026-11-27 15:00:00"):
            ticket = self.open_ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy)
        # 4 h: Friday 15-17 (2 h) + Monday 9-11 (2 h).
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 30, 11))
        # 16 h: Friday 2 h + Monday 8 h + Tuesday 9-15 (6 h).
        self.assertEqual(ticket.sla_resolve_deadline, datetime(2026, 12, 1, 15))

    def test_most_specific_policy_wins(self):
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket(priority="3")
        self.assertEqual(ticket.sla_policy_id, self.urgent)
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 11))
        self.assertEqual(ticket.sla_resolve_deadline, datetime(2026, 11, 23, 14))

    def test_waiting_for_customer_pauses_the_clock(self):
        # Monday 10:00: resolution due Tuesday 10:00 + 8 h = Wednesday 10:00.
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        self.assertEqual(ticket.sla_resolve_deadline, datetime(2026, 11, 25, 10))
        # Monday 12:00 the agent asks the customer a question...
        with freeze_time("2026-11-23 12:00:00"):
            ticket.stage_id = self.stage_waiting
        self.assertFalse(ticket.sla_resolve_deadline, "no deadline while paused")
        # ...who answers Tuesday 11:00: paused Mon 12-17 (5 h) and Tue 9-11 (2 h).
        with freeze_time("2026-11-24 11:00:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(
            ticket.pause_ids.mapped(lambda p: (p.date_start, p.date_end)),
            [(datetime(2026, 11, 23, 12), datetime(2026, 11, 24, 11))],
        )
        # 16 h: Mon 10-12 (2 h), Tue 11-17 (6 h), Wed 9-17 (8 h) -> Wed 17:00.
        self.assertEqual(ticket.sla_resolve_deadline, datetime(2026, 11, 25, 17))

    def test_ticket_opened_waiting_starts_paused(self):
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket(stage_id=self.stage_waiting.id)
        self.assertFalse(ticket.sla_resolve_deadline, "no deadline while paused")
        with freeze_time("2026-11-24 10:00:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(
            ticket.pause_ids.mapped(lambda p: (p.date_start, p.date_end)),
            [(datetime(2026, 11, 23, 10), datetime(2026, 11, 24, 10))],
        )
        # The clock starts Tuesday 10:00. 4 h -> Tuesday 14:00; 16 h: Tuesday
        # 10-17 (7 h), Wednesday 9-17 (8 h), Thursday 9-10 (1 h).
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 24, 14))
        self.assertEqual(ticket.sla_resolve_deadline, datetime(2026, 11, 26, 10))

    def test_waiting_does_not_clear_a_deadline_already_missed(self):
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 14))
        # Monday 15:00, an hour late, the ticket is put to wait for the customer
        # without any answer: the missed deadline and its flag stay.
        with freeze_time("2026-11-23 15:00:00"):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 14))
        self.assertTrue(ticket.sla_response_breached)
        self.assertTrue(ticket.sla_breached)
        self.assertFalse(ticket.sla_resolve_deadline, "held back by the pause")
        self.assertFalse(ticket.sla_resolve_breached)

    def test_late_first_response_is_flagged(self):
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        self.assertFalse(ticket.sla_response_breached)
        with freeze_time("2026-11-23 15:00:00"):  # deadline was 14:00
            ticket.message_post(
                body="Sorry for the wait.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.agent_bob.partner_id.id,
            )
        self.assertEqual(ticket.date_first_response, datetime(2026, 11, 23, 15))
        self.assertTrue(ticket.sla_response_breached)
        self.assertTrue(ticket.sla_breached)
        self.assertFalse(ticket.sla_resolve_breached)

    def test_on_time_resolution_is_not_flagged(self):
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        with freeze_time("2026-11-24 10:00:00"):
            ticket.action_close()
        self.assertEqual(ticket.date_closed, datetime(2026, 11, 24, 10))
        self.assertFalse(ticket.sla_resolve_breached)

    def test_cron_flags_breaches_and_escalates_before(self):
        self.team.leader_id = self.agent_cleo
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        # 12:30: first response due 14:00, within the 2 h escalation margin.
        with freeze_time("2026-11-23 12:30:00"):
            self.Ticket._cron_sla_check()
        self.assertTrue(ticket.sla_escalated)
        self.assertFalse(ticket.sla_response_breached)
        escalation = ticket.activity_ids.filtered(
            lambda a: a.summary.startswith("SLA at risk")
        )
        self.assertEqual(escalation.user_id, self.agent_cleo)
        with freeze_time("2026-11-23 14:30:00"):
            self.Ticket._cron_sla_check()
        self.assertTrue(ticket.sla_response_breached)
        self.assertEqual(len(ticket.activity_ids), 1, "escalated once")

    def test_escalation_due_on_the_leader_day(self):
        # The first response is due at 14:00 UTC on 23 November: 03:00 on the
        # 24th for a leader in Auckland, whose activity is due that day.
        self.agent_cleo.tz = "Pacific/Auckland"
        self.team.leader_id = self.agent_cleo
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self.open_ticket()
        with freeze_time("2026-11-23 12:30:00"):
            self.Ticket._cron_sla_check()
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 14))
        escalation = ticket.activity_ids.filtered(
            lambda a: a.summary.startswith("SLA at risk")
        )
        self.assertEqual(escalation.date_deadline, date(2026, 11, 24))

    def test_invalid_targets_are_refused(self):
        Policy = self.env["scrm.sla.policy"]
        for values in (
            {"response_hours": 0},
            {"resolve_hours": -8},
            {"escalate_before_hours": -1},
            {"response_hours": 50, "resolve_hours": 40},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Policy.create({"name": "Bad", "team_id": self.team.id, **values})
        with self.assertRaises(ValidationError):
            self.team.member_ids[0].capacity = -1

    def test_ticket_without_matching_policy_has_no_deadline(self):
        other_team = self.env["scrm.service.team"].create({"name": "Elsewhere"})
        self.env["scrm.sla.policy"].search([("team_id", "=", False)]).active = False
        ticket = self.Ticket.create(
            {"name": "Misc", "partner_id": self.carla.id, "team_id": other_team.id}
        )
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.sla_resolve_deadline)


@tagged("post_install", "-at_install", "scrm_service_assignment")
class TestAssignment(TransactionCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def open_tickets(self, count):
        return self.Ticket.create(
            [
                {
                    "name": f"Request {i}",
                    "partner_id": self.carla.id,
                    "team_id": self.team.id,
                }
                for i in range(count)
            ]
        )

    def test_manual_assigns_nobody(self):
        self.assertFalse(self.open_tickets(2).user_id)

    def test_round_robin_takes_turns(self):
        self.team.assignment_method = "round_robin"
        tickets = self.open_tickets(3)
        self.assertEqual(
            [ticket.user_id.login for ticket in tickets],
            ["scrm_agent_bob", "scrm_agent_cleo", "scrm_agent_bob"],
        )
        self.assertEqual(self.open_tickets(1).user_id, self.agent_cleo)

    def test_least_load_respects_capacity_and_availability(self):
        self.team.assignment_method = "least_load"
        bob, cleo = self.team.member_ids.sorted("sequence")
        bob.capacity = 1
        self._ticket(self.carla, user_id=self.agent_cleo.id)
        tickets = self.open_tickets(3)
        # Bob (0 open) first; then Bob is full: Cleo (1, then 2).
        self.assertEqual(
            [ticket.user_id.login for ticket in tickets],
            ["scrm_agent_bob", "scrm_agent_cleo", "scrm_agent_cleo"],
        )
        cleo.is_available = False
        self.assertFalse(self.open_tickets(1).user_id, "nobody free: left unassigned")

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .test_sla import TestTicketSla


@tagged("post_install", "-at_install", "scrm_service_sla")
class TestSlaByCategory(TestTicketSla):
    """A policy of the team for one category wins over the team's general one,
    and applies to that category only. (Odoo's runner runs only the tests
    defined here, not the inherited ones.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["scrm.ticket.category"]
        cls.leak, cls.noise = Category.create([{"name": "Leak"}, {"name": "Noise"}])
        cls.leak_policy = cls.env["scrm.sla.policy"].create(
            {
                "name": "Leaking pumps",
                "team_id": cls.team.id,
                "category_id": cls.leak.id,
                "response_hours": 2,
                "resolve_hours": 8,
            }
        )

    def test_policy_chosen_by_category(self):
        # Monday 23 November 2026, 10:00.
        with freeze_time("2026-11-23 10:00:00"):
            leak = self.open_ticket(category_id=self.leak.id)
            noise = self.open_ticket(name="Pump hums", category_id=self.noise.id)
        self.assertEqual(leak.sla_policy_id, self.leak_policy)
        self.assertEqual(leak.sla_response_deadline, datetime(2026, 11, 23, 12))
        self.assertEqual(leak.sla_resolve_deadline, datetime(2026, 11, 24, 10))
        self.assertEqual(noise.sla_policy_id, self.policy, "the team's general one")
        self.assertEqual(noise.sla_response_deadline, datetime(2026, 11, 23, 14))

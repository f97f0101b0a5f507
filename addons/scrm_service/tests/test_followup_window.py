from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import ServiceDataMixin

NOW = datetime(2026, 11, 25, 10)


@tagged("post_install", "-at_install", "scrm_service_ticket", "scrm_clock")
class TestFollowupWindow(TransactionCase, ServiceDataMixin):
    """A customer contacting us again joins their open ticket on the same subject
    or the same product, opened within ``scrm_service.followup_days`` (14)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.pump = cls.env["product.product"].create({"name": "Pump P-200"})
        cls.valve = cls.env["product.product"].create({"name": "Valve V-10"})

    def opened(self, days_ago, **values):
        with freeze_time(NOW - timedelta(days=days_ago)):
            return self._ticket(self.carla, product_id=self.pump.id, **values)

    def contact(self, name, product):
        with freeze_time(NOW):
            ticket, is_new = self.Ticket._scrm_open_or_follow(
                {
                    "name": name,
                    "partner_id": self.carla.id,
                    "team_id": self.team.id,
                    "product_id": product.id,
                },
                "portal",
            )
        return ticket, is_new

    def test_same_product_other_subject_joins_the_ticket(self):
        ticket = self.opened(10)
        joined, is_new = self.contact("Noise at start-up", self.pump)
        self.assertFalse(is_new)
        self.assertEqual(joined, ticket)
        self.assertEqual(ticket.followup_count, 1)

    def test_other_product_other_subject_opens_a_new_ticket(self):
        ticket = self.opened(10)
        new, is_new = self.contact("Noise at start-up", self.valve)
        self.assertTrue(is_new)
        self.assertNotEqual(new, ticket)
        self.assertEqual(ticket.followup_count, 0)

    def test_ticket_older_than_the_window_is_not_joined(self):
        ticket = self.opened(20)
        new, is_new = self.contact("Pump P-200 leaks", self.pump)
        self.assertTrue(is_new, "opened 20 days ago: outside the 14 days")
        self.assertNotEqual(new, ticket)
        self.assertEqual(ticket.followup_count, 0)

    def test_window_follows_its_parameter(self):
        ticket = self.opened(20)
        self.env["ir.config_parameter"].sudo().set_param(
            "scrm_service.followup_days", 30
        )
        joined, is_new = self.contact("Pump P-200 leaks", self.pump)
        self.assertFalse(is_new, "30 days configured: a 20-day-old ticket is joined")
        self.assertEqual(joined, ticket)
        self.env["ir.config_parameter"].sudo().set_param(
            "scrm_service.followup_days", 5
        )
        ticket = self.opened(7, name="Second leak")
        new, is_new = self.contact("Second leak", self.valve)
        self.assertTrue(is_new, "5 days configured: a 7-day-old ticket is not")
        self.assertNotEqual(new, ticket)

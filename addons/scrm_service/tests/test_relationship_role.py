from odoo.tests import Form, TransactionCase, tagged

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_ticket")
class TestTicketRelationshipRole(TransactionCase, ServiceDataMixin):
    """A ticket tells what the partner does with us: we serve them, so a
    company without a relationship role becomes a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def test_ticket_of_a_contact_makes_their_company_a_customer(self):
        self.assertFalse(self.fabrikam.scrm_role)
        form = Form(self.Ticket.with_user(self.agent_bob))
        form.name = "Noise at start-up"
        form.partner_id = self.carla
        form.save()
        self.assertEqual(self.fabrikam.scrm_role, "customer")
        self.assertFalse(
            self.fabrikam.scrm_role_locked, "set by the ticket, not by hand"
        )
        self.assertEqual(self.carla.scrm_panel_data["role"], "Customer")

    def test_ticket_moved_to_another_customer_marks_that_one(self):
        ticket = self._ticket(self.carla)
        self.assertFalse(self.contoso.scrm_role)
        ticket.with_user(self.agent_bob).partner_id = self.dan
        self.assertEqual(self.contoso.scrm_role, "customer")

    def test_supplier_asking_for_help_stays_a_supplier(self):
        self.contoso.with_context(scrm_role_auto=True).scrm_role = "supplier"
        self._ticket(self.dan)
        self.assertEqual(self.contoso.scrm_role, "supplier")

    def test_role_chosen_by_hand_is_kept(self):
        self.contoso.scrm_role = "both"
        self.assertTrue(self.contoso.scrm_role_locked)
        self._ticket(self.dan)
        self.assertEqual(self.contoso.scrm_role, "both")

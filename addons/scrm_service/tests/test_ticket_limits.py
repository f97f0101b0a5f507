from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCommon

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_limits")
class TestTicketLimits(MailCommon, ServiceDataMixin):
    """Field sizes are the model's: a form, the portal, JSON-RPC and an import
    all get a clear error naming the field and nothing is saved, while the mail
    gateway shortens what a sender's mail program wrote rather than lose the
    email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def assertRefused(self, ticket, values, message):
        before = {fname: ticket[fname] for fname in values}
        with self.assertRaises(ValidationError) as caught:
            ticket.with_user(self.agent_bob).write(values)
        self.assertIn(message, str(caught.exception))
        ticket.invalidate_recordset()
        self.assertEqual({fname: ticket[fname] for fname in values}, before)

    def test_agent_input_sizes(self):
        ticket = self._ticket(self.carla)
        cases = [
            ({"name": "x" * 257}, "Subject: at most 256 characters."),
            (
                {"partner_email": "a" * 243 + "@example.com"},
                "Email: at most 254 characters.",
            ),
            ({"serial_number": "S" * 129}, "at most 128 characters."),
        ]
        for values, message in cases:
            with self.subTest(field=next(iter(values))):
                self.assertRefused(ticket, values, message)
        longest = {
            "name": "x" * 256,
            "partner_email": "a" * 242 + "@example.com",
            "serial_number": "S" * 128,
        }
        ticket.with_user(self.agent_bob).write(longest)
        for fname, value in longest.items():
            self.assertEqual(ticket[fname], value)

    def test_create_refused_whole(self):
        before = self.Ticket.search([])
        # Odoo's assertRaises rolls back to a savepoint; assertRaisesRegex does not.
        with self.assertRaises(ValidationError) as caught:
            self.Ticket.with_user(self.agent_bob).create(
                {"name": "y" * 100_000, "partner_id": self.carla.id}
            )
        self.assertIn("Subject: at most 256", str(caught.exception))
        self.assertEqual(self.Ticket.search([]), before, "nothing saved")

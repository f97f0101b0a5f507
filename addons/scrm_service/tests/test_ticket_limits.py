from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCommon

from .common import ServiceDataMixin
from .test_mail_gateway import RAW_EMAIL


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
        with self.assertRaisesRegex(ValidationError, "Subject: at most 256"):
            self.Ticket.with_user(self.agent_bob).create(
                {"name": "y" * 100_000, "partner_id": self.carla.id}
            )
        self.assertEqual(self.Ticket.search([]), before, "nothing saved")

    def test_gateway_shortens_instead_of_losing_the_email(self):
        name = "Zoe " + "Verylongname " * 30
        raw = RAW_EMAIL.format(
            return_path="zoe@newco.example.com",
            email_from=f'"{name}" <zoe@newco.example.com>',
            to=f"pump-support@{self.alias_domain}",
            subject="Pump noise " + "again " * 200,
            msg_id="<long.zoe@newco.example.com>",
            extra="",
            body="Still noisy.",
        )
        with self.mock_mail_gateway():
            self.env["mail.thread"].message_process(False, raw)
        ticket = self.Ticket.search([("partner_email", "=", "zoe@newco.example.com")])
        self.assertEqual(len(ticket), 1, "the email became a ticket")
        self.assertEqual(len(ticket.name), 256)
        self.assertTrue(ticket.name.startswith("Pump noise again again"))
        self.assertTrue(ticket.name.endswith("\u2026"))
        self.assertTrue(
            any("Still noisy." in body for body in ticket.message_ids.mapped("body"))
        )

import json

from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import ServiceDataMixin

ABSURD = "+32 470 12 34 56 " * 5  # 85 characters
LONGEST = "+32 (0) 470 12 34 56 ext. 12345678901234"  # 40 characters


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestPhoneLength(HttpCase, ServiceDataMixin):
    """No phone number field takes an absurd length: a clear error, nothing
    saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.integration = cls.env["scrm.service.integration"].create(
            {"name": "Office PBX", "country_id": cls.env.ref("base.be").id}
        )
        cls.key = cls.integration._scrm_generate_key()

    def post_cti(self, route, payload):
        return self.url_open(
            f"/scrm_service/cti/{route}",
            data=json.dumps(payload),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
            },
        )

    def test_ticket_phone(self):
        ticket = self._ticket(self.carla)
        self.assertEqual(ticket.partner_phone, "+32 470 12 34 56")
        with self.assertRaises(ValidationError) as caught:
            ticket.with_user(self.agent_bob).partner_phone = ABSURD
        self.assertIn("at most 40 characters", str(caught.exception))
        self.assertEqual(ticket.partner_phone, "+32 470 12 34 56")
        ticket.with_user(self.agent_bob).partner_phone = LONGEST
        self.assertEqual(ticket.partner_phone, LONGEST)

    def test_call_log_phone(self):
        Log = self.env["scrm.call.log"].with_user(self.agent_bob)
        with self.assertRaises(ValidationError) as caught:
            Log.create({"partner_id": self.carla.id, "phone_number": ABSURD})
        self.assertIn("at most 40 characters", str(caught.exception))
        self.assertFalse(Log.search([("partner_id", "=", self.carla.id)]))

    def test_caller_lookup_phone(self):
        lookup = Form(self.env["scrm.caller.lookup"].with_user(self.agent_bob))
        lookup.phone_number = ABSURD
        self.assertFalse(lookup.partner_id, "no search with an absurd number")
        with self.assertRaises(ValidationError) as caught:
            lookup.save()
        self.assertIn("at most 40 characters", str(caught.exception))

    def test_cti_payloads(self):
        response = self.post_cti("incoming", {"number": ABSURD})
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 40 characters", response.json()["error"])
        response = self.post_cti(
            "call_end", {"call_id": "pbx-long", "number": ABSURD, "duration": 60}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 40 characters", response.json()["error"])
        self.assertFalse(
            self.env["scrm.call.log"].search([("external_call_id", "=", "pbx-long")])
        )

    def test_public_form_phone(self):
        def submit(phone):
            page = self.url_open("/service/request").text
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            return self.url_open(
                "/service/request/submit",
                data={
                    "csrf_token": token,
                    "name": "Hugo Visitor",
                    "email": "hugo@visitor.example.com",
                    "phone": phone,
                    "subject": "Call me back",
                },
            )

        response = submit(ABSURD)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 40 characters", response.text)
        tickets = self.Ticket.search(
            [("partner_email", "=", "hugo@visitor.example.com")]
        )
        self.assertFalse(tickets)
        self.assertEqual(submit("+32 470 99 88 77").status_code, 200)
        ticket = self.Ticket.search(
            [("partner_email", "=", "hugo@visitor.example.com")]
        )
        self.assertEqual(ticket.partner_phone, "+32 470 99 88 77")

import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestCtiEndpoint(HttpCase, ServiceDataMixin):
    """What a phone system (PBX/CTI) sees of the service desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.env.company.country_id = cls.env.ref("base.be")
        cls.integration = cls.env["scrm.service.integration"].create(
            {"name": "Office PBX", "country_id": cls.env.ref("base.be").id}
        )
        cls.key = cls.integration._scrm_generate_key()
        cls.open_ticket = cls._ticket(cls.carla)
        cls.closed_ticket = cls._ticket(cls.carla, name="Old question")
        cls.closed_ticket.action_close()

    def post(self, route, payload, key=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        return self.url_open(
            f"/scrm_service/cti/{route}",
            data=raw if raw is not None else json.dumps(payload),
            headers=headers,
        )

    def test_key_is_stored_hashed(self):
        self.assertNotIn(self.key, self.integration.sudo().key_hash)
        self.assertEqual(len(self.integration.sudo().key_hash), 64)
        self.assertTrue(self.key.startswith(self.integration.key_hint))

    def test_agent_cannot_replace_the_key(self):
        key_hash = self.integration.sudo().key_hash
        with self.assertRaises(AccessError):
            self.integration.with_user(self.agent_bob).action_generate_key()
        self.assertEqual(self.integration.sudo().key_hash, key_hash)
        response = self.post("incoming", {"number": "1"}, key=self.key)
        self.assertEqual(response.status_code, 200)

    def test_missing_or_wrong_key_is_refused(self):
        calls_before = self.env["scrm.call.log"].search_count([])
        for key in (None, "", "scrm_wrong", self.key + "x", "Basic abc"):
            with self.subTest(key=key):
                response = self.post("incoming", {"number": "+32470123456"}, key=key)
                self.assertEqual(response.status_code, 401)
                self.assertNotIn("Carla", response.text)
                response = self.post(
                    "call_end", {"call_id": "c1", "number": "+32470123456"}, key=key
                )
                self.assertEqual(response.status_code, 401)
        self.assertEqual(self.env["scrm.call.log"].search_count([]), calls_before)

    def test_archived_integration_is_refused(self):
        self.integration.active = False
        response = self.post("incoming", {"number": "+32470123456"}, key=self.key)
        self.assertEqual(response.status_code, 401)

    def test_caller_found_whatever_the_number_format(self):
        for number in (
            "+32470123456",
            "+32 470 12 34 56",
            "0470 12 34 56",
            "0470/12.34.56",
            "0032470123456",
        ):
            with self.subTest(number=number):
                response = self.post("incoming", {"number": number}, key=self.key)
                self.assertEqual(response.status_code, 200)
                data = response.json()
                self.assertTrue(data["known"])
                self.assertEqual(data["partner"]["id"], self.carla.id)
                self.assertEqual(data["partner"]["company"], "Fabrikam Pumps")
                self.assertEqual(
                    [t["reference"] for t in data["open_tickets"]],
                    [self.open_ticket.number],
                    "open tickets only",
                )
                self.assertTrue(data["last_interactions"])

    def test_contacts_of_another_company_are_not_shown(self):
        other_company = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        self.env["scrm.interaction"].create(
            {
                "partner_id": self.fabrikam.id,
                "contact_id": self.carla.id,
                "channel_id": self.Channel._get_by_code("phone").id,
                "direction": "in",
                "summary": "Private to the other company",
                "company_id": other_company.id,
            }
        )
        response = self.post("incoming", {"number": "+32470123456"}, key=self.key)
        summaries = [i["summary"] for i in response.json()["last_interactions"]]
        self.assertTrue(summaries)
        self.assertNotIn("Private to the other company", summaries)

    def test_caller_of_another_company_is_not_shown(self):
        other_company = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        self.env["res.partner"].create(
            {
                "name": "Olga Othercompany",
                "phone": "+32 2 555 11 11",
                "email": "olga@other.example.com",
                "company_id": other_company.id,
            }
        )
        response = self.post("incoming", {"number": "+32 2 555 11 11"}, key=self.key)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["known"])
        self.assertNotIn("Olga", response.text)

    def test_unknown_number(self):
        response = self.post("incoming", {"number": "+32 2 555 00 00"}, key=self.key)
        data = response.json()
        self.assertEqual(data["known"], False)
        self.assertEqual(data["number"], "+32 2 555 00 00")
        # The screen pop still opens a card: the agent creates the contact there.
        self.assertTrue(
            data["card_url"].endswith("/scrm_service/caller?number=%2B32+2+555+00+00")
        )

    def test_bad_payload_is_refused(self):
        response = self.post("incoming", None, key=self.key, raw="not json")
        self.assertEqual(response.status_code, 400)
        response = self.post("incoming", {"number": 32470123456}, key=self.key)
        self.assertEqual(response.status_code, 400)
        for duration in (-5, "ten", 10**9, True):
            with self.subTest(duration=duration):
                response = self.post(
                    "call_end",
                    {"call_id": "bad", "number": "0470123456", "duration": duration},
                    key=self.key,
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.env["scrm.call.log"].search([("external_call_id", "=", "bad")])
        )

    def test_call_end_is_logged_once(self):
        payload = {
            "call_id": "pbx-2026-0001",
            "number": "0470 12 34 56",
            "direction": "in",
            "duration": 300,
            "agent_login": "scrm_agent_bob",
            "notes": "Asked about the leak",
        }
        first = self.post("call_end", payload, key=self.key).json()
        second = self.post("call_end", payload, key=self.key).json()
        self.assertTrue(first["logged"])
        self.assertFalse(second["logged"])
        self.assertEqual(first["call_log_id"], second["call_log_id"])
        log = self.env["scrm.call.log"].search(
            [("external_call_id", "=", "pbx-2026-0001")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.partner_id, self.carla)
        self.assertEqual(log.duration, 5.0)
        self.assertEqual(log.user_id, self.agent_bob)
        self.assertEqual(log.integration_id, self.integration)
        timeline = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.call.log"), ("res_id", "=", log.id)]
        )
        self.assertEqual(len(timeline), 1)
        self.assertEqual(timeline.channel_id.code, "phone")
        self.assertEqual(timeline.partner_id, self.fabrikam)
        # The agent opens the logged call; the key stays out of their reach.
        form = Form(log.with_user(self.agent_bob))
        self.assertEqual(form.integration_id, self.integration)
        with self.assertRaises(AccessError):
            self.integration.with_user(self.agent_bob).read(["key_hash"])


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestCallLog(HttpCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def test_visit_is_logged_on_ticket_and_timeline(self):
        ticket = self._ticket(self.carla)
        visit = (
            self.env["scrm.call.log"]
            .with_user(self.agent_bob)
            .create(
                {
                    "kind": "visit",
                    "partner_id": self.carla.id,
                    "direction": "out",
                    "duration": 45,
                    "notes": "Seal replaced on site",
                    "outcome": "solved",
                    "ticket_id": ticket.id,
                }
            )
        )
        self.assertEqual(ticket.call_log_count, 1)
        self.assertIn(
            "Seal replaced on site", "".join(ticket.message_ids.mapped("body"))
        )
        entry = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.call.log"), ("res_id", "=", visit.id)]
        )
        self.assertEqual(entry.channel_id.code, "face_to_face")

    def test_call_about_an_open_ticket_joins_it(self):
        ticket = self._ticket(self.carla, name="Seal kit question")
        call = self.env["scrm.call.log"].create(
            {
                "partner_id": self.carla.id,
                "notes": "Seal kit question\nWants a price",
                "duration": 3,
            }
        )
        call.action_open_ticket()
        self.assertEqual(call.ticket_id, ticket)
        self.assertEqual(ticket.followup_count, 1)
        calls = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.fabrikam.id), ("channel_id.code", "=", "phone")]
        )
        self.assertEqual(len(calls), 1, "the call is on the timeline once")

    def test_negative_or_huge_duration_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["scrm.call.log"].create(
                {"partner_id": self.carla.id, "duration": 2000}
            )
        with self.assertRaises(ValidationError):
            self.env["scrm.call.log"].create(
                {"partner_id": self.carla.id, "duration": -1}
            )

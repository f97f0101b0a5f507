import json

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestCtiScreenPop(HttpCase, ServiceDataMixin):
    """An incoming call reported for an agent's extension pops up the
    caller's card on that agent's screen, and on no other agent's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.env.company.country_id = cls.env.ref("base.be")
        cls.integration = cls.env["scrm.service.integration"].create(
            {"name": "Office PBX", "country_id": cls.env.ref("base.be").id}
        )
        cls.key = cls.integration._scrm_generate_key()
        cls.agent_bob.scrm_phone_extension = "201"
        cls.agent_cleo.scrm_phone_extension = "202"

    def setUp(self):
        super().setUp()
        self.env["bus.bus"].sudo().search([]).unlink()

    def incoming(self, **payload):
        response = self.url_open(
            "/scrm_service/cti/incoming",
            data=json.dumps(payload),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def pops(self):
        """{partner id of the user notified: [payload, ...]}"""
        result = {}
        for row in self.env["bus.bus"].sudo().search([]):
            message = json.loads(row.message)
            if message["type"] != "scrm_service/incoming_call":
                continue
            channel = json.loads(row.channel)
            self.assertEqual(channel[1], "res.partner")
            result.setdefault(channel[2], []).append(message["payload"])
        return result

    def test_call_for_an_extension_pops_up_on_that_agent_only(self):
        data = self.incoming(number="+32 470 12 34 56", extension="201")
        self.assertTrue(data["agent_notified"])
        pops = self.pops()
        self.assertEqual(list(pops), [self.agent_bob.partner_id.id], "Bob only")
        self.assertEqual(
            pops[self.agent_bob.partner_id.id],
            [
                {
                    "number": "+32 470 12 34 56",
                    "name": "Carla Customer",
                    "company": "Fabrikam Pumps",
                    "card_url": "/scrm_service/caller?number=%2B32+470+12+34+56",
                }
            ],
        )
        self.assertTrue(
            data["card_url"].endswith(pops[self.agent_bob.partner_id.id][0]["card_url"])
        )

    def test_unknown_caller_pops_up_with_the_number(self):
        self.incoming(number="+32 2 999 99 99", agent_login=self.agent_cleo.login)
        pops = self.pops()
        self.assertEqual(list(pops), [self.agent_cleo.partner_id.id])
        self.assertFalse(pops[self.agent_cleo.partner_id.id][0]["name"])

    def test_no_agent_named_no_one_is_disturbed(self):
        for payload in ({}, {"extension": "999"}, {"agent_login": "portal"}):
            with self.subTest(payload=payload):
                data = self.incoming(number="+32 470 12 34 56", **payload)
                self.assertFalse(data["agent_notified"])
                self.assertTrue(data["known"], "the answer itself is unchanged")
        self.assertFalse(self.pops())

    def test_portal_user_is_never_an_agent(self):
        self.portal_carla.sudo().scrm_phone_extension = "301"
        data = self.incoming(number="+32 2 999 99 99", extension="301")
        self.assertFalse(data["agent_notified"])
        self.assertFalse(self.pops())

    def test_an_extension_belongs_to_one_agent(self):
        with self.assertRaises(ValidationError):
            self.agent_cleo.scrm_phone_extension = "201"

    def test_bad_extension_is_a_clear_400(self):
        response = self.url_open(
            "/scrm_service/cti/incoming",
            data=json.dumps({"number": "+32 470 12 34 56", "extension": "2" * 40}),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("extension", response.text)
        self.assertFalse(self.pops())

import json
from urllib.parse import urlparse

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ServiceDataMixin

# The same two numbers as people type them: a Chinese mobile, and a US number
# written like the demo's (846)-523-2111, whose area code the phone library
# refuses as unassigned (another number than the demo's, which may be loaded).
LI_WEI_FORMATS = (
    "+86 138 0013 8000",
    "+8613800138000",
    "008613800138000",
    "13800138000",
    "138-0013-8000",
)
BURKE_FORMATS = (
    "(846)-523-7788",
    "(846) 523-7788",
    "846 523 7788",
    "846.523.7788",
    "+1 846-523-7788",
    "1 (846) 523-7788",
)


class PhoneFormatsMixin(ServiceDataMixin):
    @classmethod
    def _setup_phone_data(cls):
        cls._setup_service_data()
        Partner = cls.env["res.partner"]
        # A US company receives the calls: numbers without a country code are
        # read as American first.
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.shenzhen = Partner.create(
            {
                "name": "Shenzhen Pump Works",
                "is_company": True,
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.li_wei = Partner.create(
            {
                "name": "Li Wei",
                "parent_id": cls.shenzhen.id,
                "mobile": "+86 138 0013 8000",
                "email": "li.wei@shenzhen-pumps.example.com",
                "function": "Maintenance Lead",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.burke = Partner.create(
            {"name": "Wanda Burke", "phone": "(846)-523-7788"}  # the demo's format
        )
        cls.li_ticket = cls._ticket(cls.li_wei, name="Pump P-300 hums at night")
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.li_wei.id,
                    "channel_code": "sms",
                    "purpose": "service",
                    "consent": "opt_out",
                },
                {
                    "partner_id": cls.li_wei.id,
                    "channel_code": "phone",
                    "purpose": "service",
                    "consent": "preferred",
                },
            ]
        )


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestPhoneFormats(HttpCase, PhoneFormatsMixin):
    """A caller is found from their number in any format, whatever the format
    it was stored in, also when the phone library refuses the number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_phone_data()
        cls.integration = cls.env["scrm.service.integration"].create(
            {"name": "Front Desk PBX", "country_id": cls.env.ref("base.us").id}
        )
        cls.key = cls.integration._scrm_generate_key()
        cls.employee = mail_new_test_user(
            cls.env, login="phone_employee", groups="base.group_user"
        )

    def test_every_format_finds_the_same_partner(self):
        Partner = self.env["res.partner"]
        for formats, partner in (
            (LI_WEI_FORMATS, self.li_wei),
            (BURKE_FORMATS, self.burke),
        ):
            for number in formats:
                with self.subTest(number=number):
                    self.assertEqual(Partner._scrm_find_by_phone(number), partner)

    def test_stored_in_any_format_found_from_the_other(self):
        """A number stored as typed without country code (the contact's
        country says which) is found from its international writing."""
        Partner = self.env["res.partner"]
        self.li_wei.mobile = "13800138000"
        self.burke.phone = "+1 846 523 7788"
        self.assertEqual(Partner._scrm_find_by_phone("+86 138 0013 8000"), self.li_wei)
        self.assertEqual(Partner._scrm_find_by_phone("(846)-523-7788"), self.burke)
        # Normalised on write: the stored keys followed the new numbers.
        self.assertEqual(self.li_wei.scrm_mobile_e164, "+8613800138000")
        self.assertEqual(self.burke.scrm_phone_e164, "+18465237788")

    def test_other_numbers_find_no_one(self):
        Partner = self.env["res.partner"]
        for number in ("(846) 523-7789", "+86 138 0013 8001", "7788", "8000", ""):
            with self.subTest(number=number):
                self.assertFalse(Partner._scrm_find_by_phone(number))

    def test_agent_console_shows_the_caller_card(self):
        form = Form(self.env["scrm.caller.lookup"].with_user(self.agent_bob))
        form.phone_number = "13800138000"
        self.assertEqual(form.partner_id, self.li_wei)
        self.assertEqual(form.commercial_partner_id, self.shenzhen)
        self.assertEqual(form.partner_function, "Maintenance Lead")
        self.assertEqual(form.open_ticket_count, 1)
        self.assertEqual(form.ticket_ids[0], self.li_ticket)
        self.assertEqual(form.preferred_channel_id.code, "phone")
        self.assertIn("SMS (Service)", form.refusal_text)
        self.assertTrue(form.interaction_ids, "the ticket is on the timeline")
        self.assertFalse(form.not_found)
        form.phone_number = "(846) 523-7789"
        self.assertFalse(form.partner_id)
        self.assertTrue(form.not_found)

    def test_open_a_ticket_from_the_card(self):
        lookup = (
            self.env["scrm.caller.lookup"]
            .with_user(self.agent_bob)
            .create({"phone_number": "+1 846-523-7788"})
        )
        action = lookup.action_open_ticket()
        ticket = Form(
            self.env["scrm.ticket"]
            .with_user(self.agent_bob)
            .with_context(**action["context"])
        )
        ticket.name = "Invoice question by phone"
        ticket = ticket.save()
        self.assertEqual(ticket.partner_id, self.burke)
        self.assertEqual(ticket.channel_id.code, "phone")

    def test_demo_caller_found(self):
        """The demo's Willie Burke, stored as (846)-523-2111, from the formats
        a phone system or an agent would use (when the demo data is loaded)."""
        willie = self.env.ref("base.res_partner_address_1", raise_if_not_found=False)
        if not willie or willie.phone != "(846)-523-2111":
            self.skipTest("without base's demo data")
        for number in ("+1 846 523 2111", "8465232111", "(846) 523-2111"):
            with self.subTest(number=number):
                self.assertIn(
                    willie, self.env["res.partner"]._scrm_find_by_phone(number)
                )

    def test_employee_without_service_rights_gets_no_card(self):
        with self.assertRaises(AccessError):
            self.env["scrm.caller.lookup"].with_user(self.employee).create(
                {"phone_number": "13800138000"}
            )

    def test_phone_system_finds_the_caller_and_pops_the_card(self):
        for number in LI_WEI_FORMATS[:2] + BURKE_FORMATS[:2]:
            with self.subTest(number=number):
                response = self.url_open(
                    "/scrm_service/cti/incoming",
                    data=json.dumps({"number": number}),
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {self.key}",
                    },
                )
                data = response.json()
                self.assertTrue(data["known"])
                expected = self.li_wei if number in LI_WEI_FORMATS else self.burke
                self.assertEqual(data["partner"]["id"], expected.id)
        self.authenticate("scrm_agent_bob", "scrm_agent_bob")
        card = urlparse(data["card_url"])
        response = self.url_open(f"{card.path}?{card.query}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        lookup_id = int(response.headers["Location"].rsplit("/", 1)[1])
        lookup = self.env["scrm.caller.lookup"].browse(lookup_id)
        self.assertEqual(lookup.partner_id, self.burke)

    def test_card_route_refuses_a_number_too_long(self):
        self.authenticate("scrm_agent_bob", "scrm_agent_bob")
        response = self.url_open("/scrm_service/caller?number=" + "1" * 60)
        self.assertEqual(response.status_code, 400)

    def test_tour_agent_finds_callers_from_formatted_numbers(self):
        self.start_tour(
            "/scrm_service/caller?number=13800138000",
            "scrm_service_caller_card",
            login="scrm_agent_bob",
        )

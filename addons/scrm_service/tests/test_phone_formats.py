from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "scrm_service_phone")
class TestPhoneFormats(TransactionCase):
    """The caller console finds a contact whatever the way its number and the
    incoming number are written, including the demo's own formats, which the
    phone library refuses as not assigned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        us = cls.env.ref("base.us")
        Partner = cls.env["res.partner"]
        cls.dana = Partner.create(
            {"name": "Dana Demo", "phone": "(846)-523-2111", "country_id": us.id}
        )
        cls.eli = Partner.create(
            {"name": "Eli Example", "mobile": "+1 555 0111", "country_id": us.id}
        )
        cls.us = us

    def find(self, number):
        return self.env["res.partner"]._scrm_find_by_phone(number, country=self.us)

    def test_demo_formats_found_in_any_format(self):
        self.assertEqual(self.dana.scrm_phone_e164, "+18465232111")
        for number in (
            "(846)-523-2111",
            "846 523 2111",
            "846.523.2111",
            "+1 (846) 523-2111",
            "1-846-523-2111",
            "0018465232111",
            "+1 846 523 2111 ext. 12",
        ):
            with self.subTest(number=number):
                self.assertEqual(self.find(number), self.dana)
        self.assertEqual(self.eli.scrm_mobile_e164, "+15550111")
        self.assertEqual(self.find("+1-555-0111"), self.eli)

    def test_other_numbers_and_junk_find_no_one(self):
        for number in ("846 523 2112", "+44 846 523 2111", "12", "abc", ""):
            with self.subTest(number=number):
                self.assertFalse(self.find(number))

    def test_normalised_again_on_write(self):
        self.dana.phone = "+1 846 523 2199"
        self.assertEqual(self.find("(846) 523-2199"), self.dana)
        self.assertFalse(self.find("(846)-523-2111"))

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_marketing_capture")
class TestLeadMarketingFields(ScrmSalesMarketingCommon):
    """What marketing adds to a lead that is marketing's alone: the form
    submissions behind it (visitors' entries and network addresses) and the
    double opt-in, the address's own consent. A salesperson opens and works the
    lead without them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = mail_new_test_user(
            cls.env,
            login="scrm_lead_marketer",
            name="Mia Marketer",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "scrm_sales_marketing.group_marketing_user",
        )
        campaign = cls.env["utm.campaign"].create({"name": "Pump Days 2026"})
        form = cls.env["scrm.marketing.form"].create(
            {"name": "Pump catalogue", "campaign_id": campaign.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Vera Pumps: catalogue",
                "type": "lead",
                "user_id": False,
                "email_from": "vera@prospect.example.com",
                "scrm_optin_state": "pending",
            }
        )
        cls.env["scrm.marketing.submission"].create(
            {
                "form_id": form.id,
                "name": "Vera Visitor",
                "email": "vera@prospect.example.com",
                "client_address": "203.0.113.7",
                "lead_id": cls.lead.id,
            }
        )

    def test_salesperson_opens_the_lead_without_marketing_fields(self):
        for user in (self.odoo_salesperson, self.salesperson):
            with self.subTest(user=user.login):
                lead = self.lead.with_user(user)
                # The lead's form opens (it read the submissions and failed).
                form = Form(lead)
                self.assertEqual(form.name, "Vera Pumps: catalogue")
                arch = lead.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertNotIn('name="scrm_submission_ids"', arch)
                with self.assertRaises(AccessError):
                    lead.read(["scrm_submission_ids"])
                # The opt-in is shown (no marketing before it is confirmed),
                # never set by a salesperson.
                self.assertEqual(lead.scrm_optin_state, "pending")
                with self.assertRaises(AccessError):
                    lead.write({"scrm_optin_state": "confirmed"})
                with self.assertRaises(AccessError):
                    lead.write({"scrm_optin_state": False})
                with self.assertRaises(AccessError):
                    self.env["crm.lead"].with_user(user).create(
                        {"name": "Self-confirmed", "scrm_optin_state": "confirmed"}
                    )
                lead.write({"description": "Called, sending the catalogue."})
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.scrm_optin_state, "pending")

    def test_marketer_reads_submissions_and_records_consent(self):
        lead = self.lead.with_user(self.marketer)
        arch = lead.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="scrm_submission_ids"', arch)
        self.assertEqual(lead.scrm_submission_ids.client_address, "203.0.113.7")
        lead.write({"scrm_optin_state": "confirmed"})
        self.assertEqual(lead.scrm_optin_state, "confirmed")

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MenuAssertions, ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_access")
class TestAccess(MenuAssertions, ScrmBaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.preference = cls.record(
            cls.contact_anna, cls.channel_email, "marketing", "opt_out"
        )

    def test_employee_without_scrm_group_cannot_edit_preferences(self):
        Preference = self.Preference.with_user(self.user_employee)
        self.assertEqual(
            Preference.search([("partner_id", "=", self.contact_anna.id)]),
            self.preference,
            "employees see what a partner accepts",
        )
        with self.assertRaises(AccessError):
            Preference.create(
                {
                    "partner_id": self.contact_ben.id,
                    "channel_id": self.channel_email.id,
                    "purpose": "marketing",
                    "consent": "opt_out",
                }
            )
        with self.assertRaises(AccessError):
            self.preference.with_user(self.user_employee).note = "changed"
        with self.assertRaises(AccessError):
            self.env["scrm.contact.preference.record"].with_user(
                self.user_employee
            ).create(
                {
                    "partner_id": self.contact_ben.id,
                    "channel_id": self.channel_email.id,
                }
            )
        self.assertFalse(
            self.Preference.search([("partner_id", "=", self.contact_ben.id)])
        )

    def test_history_is_deleted_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.preference.with_user(self.user_scrm).unlink()
        self.preference.with_user(self.user_manager).unlink()
        self.assertFalse(self.preference.exists())

    def test_channels_are_configured_by_managers(self):
        with self.assertRaises(AccessError):
            self.env["scrm.channel"].with_user(self.user_scrm).create(
                {"name": "Fax", "code": "fax"}
            )
        channel = (
            self.env["scrm.channel"]
            .with_user(self.user_manager)
            .create({"name": "Fax", "code": "fax"})
        )
        self.assertEqual(channel.code, "fax")

    def test_timeline_is_written_by_scrm_users(self):
        vals = {
            "partner_id": self.customer.id,
            "channel_id": self.channel_phone.id,
            "summary": "Call",
        }
        with self.assertRaises(AccessError):
            self.Interaction.with_user(self.user_employee).create(vals)
        entry = self.Interaction.with_user(self.user_scrm).create(vals)
        self.assertEqual(entry.user_id, self.user_scrm)

    def test_portal_user_reads_only_own_preferences(self):
        other = self.record(self.contact_ben, self.channel_email, "service", "opt_in")
        Preference = self.Preference.with_user(self.user_portal_anna)
        self.assertEqual(Preference.search([]), self.preference)
        with self.assertRaises(AccessError):
            other.with_user(self.user_portal_anna).read(["consent"])
        with self.assertRaises(AccessError):
            self.preference.with_user(self.user_portal_anna).note = "mine"
        with self.assertRaises(AccessError):
            self.Interaction.with_user(self.user_portal_anna).search([])

    def test_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_user = mail_new_test_user(
            self.env,
            login="other_company_user",
            groups="base.group_user,scrm_base.group_scrm_user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        ours = self.customer._scrm_log_interaction("phone", "Our call")
        theirs = self.Interaction.with_user(other_user).create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.channel_phone.id,
                "summary": "Their call",
            }
        )
        self.assertEqual(theirs.company_id, other_company)
        visible = self.Interaction.with_user(other_user).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(visible, theirs)
        with self.assertRaises(AccessError):
            ours.with_user(other_user).read(["summary"])

        private_partner = self.env["res.partner"].create(
            {"name": "Our private contact", "company_id": self.company.id}
        )
        private_pref = self.record(
            private_partner, self.channel_email, "marketing", "opt_out"
        )
        with self.assertRaises(AccessError):
            private_pref.with_user(other_user).read(["consent"])

    def test_menus(self):
        root = self.env.ref("scrm_base.scrm_menu_root")
        channels = self.env.ref("scrm_base.scrm_channel_menu")
        self.assertMenuReachable(root, self.user_scrm)
        self.assertMenuReachable(root, self.user_employee, reachable=False)
        self.assertMenuReachable(channels, self.user_scrm, reachable=False)
        self.assertMenuReachable(channels, self.user_manager)

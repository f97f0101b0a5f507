from lxml import html

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.scrm_mrp_ext.engine import ItemTable

from .test_portal import VmiPortalCase
from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_alerts")
class TestVmiAlerts(VmiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second contact of Acme, who refuses service emails.
        cls.carl = mail_new_test_user(
            cls.env,
            login="vmi_carl",
            name="Carl Acme",
            email="carl@acme-castings.example.com",
            groups="base.group_portal",
        )
        cls.carl.partner_id.parent_id = cls.vendor
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.carl.partner_id.id,
                    "channel_code": "email",
                    "purpose": "service",
                    "consent": "opt_out",
                }
            ]
        )

    def run_cron(self):
        self.env["scrm.vmi.agreement"]._cron_vmi_alerts()

    def alerts(self, agreement=None):
        return self.env["mail.message"].search(
            [
                ("model", "=", "scrm.vmi.agreement"),
                ("res_id", "=", (agreement or self.agreement).id),
                ("message_type", "in", ("notification", "user_notification")),
                ("body", "ilike", "Stock alert"),
            ]
        )

    def test_alert_once_through_allowed_channels(self):
        self.run_cron()
        alerts = self.alerts()
        portal_notice = alerts.filtered(lambda m: m.message_type == "notification")
        # The buyer's activity assignment is a user notification too.
        email = alerts.filtered(
            lambda m: (
                m.message_type == "user_notification"
                and m.partner_ids != self.buyer.partner_id
            )
        )
        self.assertEqual(len(portal_notice), 1)
        self.assertIn("VMI Bolt", portal_notice.body)
        self.assertIn("below minimum", portal_notice.body)
        self.assertNotIn("VMI Nut", portal_notice.body, "the nut is OK")
        self.assertEqual(email.partner_ids, self.alice.partner_id, "Carl refuses")
        self.assertEqual(email.notification_ids.mapped("notification_type"), ["email"])
        self.assertEqual(self.line_bolt.alert_key, "below_min")
        self.assertFalse(self.line_nut.alert_key)
        activity = self.agreement.activity_ids
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("Stock alert", activity.summary)
        self.assertFalse(self.alerts(self.other_agreement), "above max: no alert")

        self.run_cron()
        self.assertEqual(self.alerts(), alerts, "the same situation: no new alert")
        self.assertEqual(len(self.agreement.activity_ids), 1)

    def test_alert_in_each_readers_language(self):
        """The cron runs in no one's language: the supplier who reads Chinese gets
        the alert in Chinese on the portal and by email, the buyer in English."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "scrm_supplier_portal")]
        )._update_translations(["zh_CN"], overwrite=True)
        self.vendor.lang = "zh_CN"
        self.alice.partner_id.lang = "zh_CN"
        self.buyer.lang = "en_US"
        self.run_cron()
        to_supplier = self.alerts().filtered(
            lambda m: m.partner_ids != self.buyer.partner_id
        )
        self.assertFalse(to_supplier, "the supplier's alert has no English words")
        chinese = self.env["mail.message"].search(
            [
                ("model", "=", "scrm.vmi.agreement"),
                ("res_id", "=", self.agreement.id),
                ("subject", "=", f"库存预警\uff1a{self.agreement.name}"),
            ]
        )
        portal_notice = chinese.filtered(lambda m: m.message_type == "notification")
        email = chinese.filtered(lambda m: m.message_type == "user_notification")
        self.assertEqual(len(portal_notice), 1)
        self.assertIn(f"协议 {self.agreement.name} 下的库存预警", portal_notice.body)
        self.assertIn("低于最小值", portal_notice.body)
        self.assertEqual(email.partner_ids, self.alice.partner_id)
        activity = self.agreement.activity_ids
        self.assertEqual(activity.summary, f"Stock alert: {self.agreement.name}")
        self.assertIn("below minimum", activity.note)

    def test_new_situation_alerts_again(self):
        self.run_cron()
        self.set_stock(self.bolt, 60)
        self.run_cron()
        self.assertFalse(self.line_bolt.alert_key, "back to normal")
        self.assertEqual(
            len(self.alerts().filtered(lambda m: m.message_type == "notification")), 1
        )
        self.set_stock(self.bolt, 5)
        self.run_cron()
        self.assertEqual(self.line_bolt.alert_key, "below_safety")
        notices = self.alerts().filtered(lambda m: m.message_type == "notification")
        self.assertEqual(len(notices), 2)
        self.assertIn("below safety stock", notices[0].body)

    def test_projected_below_safety_within_lead_time(self):
        self.set_stock(self.bolt, 60)  # OK now
        # 55 needed this week by the MRP plan: projected 5, below safety 10.
        zero = [0.0]
        self.mrp_run()._write_tables(
            [self.monday],
            [ItemTable(self.bolt.id, [55.0], zero, zero, zero, zero, zero)],
        )
        self.run_cron()
        self.assertEqual(self.line_bolt.alert_key, "projected_below_safety")
        notice = self.alerts().filtered(lambda m: m.message_type == "notification")
        self.assertIn("projected below safety stock", notice.body)

    def mrp_run(self):
        mps = self.env["scrm.mps"].create(
            {"name": "Empty", "warehouse_id": self.warehouse.id, "period_count": 4}
        )
        return self.env["scrm.mrp.run"].create(
            {"name": "MRP test", "company_id": self.env.company.id, "mps_id": mps.id}
        )


@tagged("post_install", "-at_install", "scrm_vmi_alerts")
class TestVmiAlertsOnThePortal(VmiPortalCase):
    def test_supplier_sees_own_alerts_on_the_page(self):
        self.set_stock(self.washer, 20)  # Bolt Brothers' washer below safety
        self.env["scrm.vmi.agreement"]._cron_vmi_alerts()
        self.authenticate("vmi_alice", "vmi_alice")
        alerts = html.fromstring(self.url_open("/my/vmi").content).xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_vmi_alert ')]"
        )
        self.assertEqual(len(alerts), 1)
        text = alerts[0].text_content()
        self.assertIn("VMI Bolt", text)
        self.assertNotIn("VMI Washer", text)
        self.authenticate("vmi_bob", "vmi_bob")
        text = html.fromstring(self.url_open("/my/vmi").content).text_content()
        self.assertIn("VMI Washer", text)
        self.assertIn("below safety stock", text)
        self.assertNotIn("VMI Bolt", text)

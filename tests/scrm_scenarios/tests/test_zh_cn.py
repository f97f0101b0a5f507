from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

SCRM_MODULES = [
    "scrm_base",
    "scrm_mrp_ext",
    "scrm_supplier_portal",
    "scrm_sales_marketing",
    "scrm_service",
]


@tagged("post_install", "-at_install", "scrm_scenarios", "scrm_i18n")
class TestChineseDay(HttpCase):
    """A planner, a supplier and a customer who read 简体中文 see the suite in
    Chinese: a back-office form, their portal pages and the emails we send them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search(
            [("name", "in", SCRM_MODULES)]
        )._update_translations(["zh_CN"], overwrite=True)
        cls.planner = mail_new_test_user(
            env,
            login="zh_planner",
            name="Wang Planner",
            lang="zh_CN",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_user",
        )
        supplier = env["res.partner"].create(
            {"name": "Shenzhen Bolts", "is_company": True, "lang": "zh_CN"}
        )
        cls.supplier_user = mail_new_test_user(
            env,
            login="zh_supplier",
            name="Li Supplier",
            lang="zh_CN",
            groups="base.group_portal",
        )
        cls.supplier_user.partner_id.parent_id = supplier
        bolt = env["product.product"].create({"name": "Bolt", "is_storable": True})
        agreement = env["scrm.vmi.agreement"].create(
            {
                "name": "Bolts",
                "partner_id": supplier.id,
                "date_start": fields.Date.today() - timedelta(days=30),
                "warehouse_id": env["stock.warehouse"]
                .search([("company_id", "=", env.company.id)], limit=1)
                .id,
                "line_ids": [Command.create({"product_id": bolt.id, "max_qty": 40})],
            }
        )
        agreement.action_activate()
        cls.customer_user = mail_new_test_user(
            env,
            login="zh_customer",
            name="Zhang Customer",
            email="zhang@example.cn",
            lang="zh_CN",
            groups="base.group_portal",
        )
        (cls.planner | cls.supplier_user | cls.customer_user).lang = "zh_CN"
        cls.ticket = env["scrm.ticket"].create(
            {
                "name": "Pump leaks",
                "partner_id": cls.customer_user.partner_id.id,
            }
        )

    def test_planner_reads_the_schedule_form_in_chinese(self):
        planner = self.planner.with_user(self.planner)
        env = self.env(user=self.planner, context=planner.context_get())
        self.assertEqual(env.context["lang"], "zh_CN")
        arch = env["scrm.mps"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("运行物料需求计划", arch)  # the Run MRP button
        self.assertIn("检查能力", arch)  # the Check Capacity button
        self.assertNotIn("Check Capacity", arch)
        self.assertEqual(
            env["scrm.inventory.status"]
            ._fields["safety_stock"]
            .get_description(env)["string"],
            "安全库存",
        )

    def test_supplier_reads_the_vmi_page_in_chinese(self):
        self.authenticate("zh_supplier", "zh_supplier")
        page = self.url_open("/my/vmi")
        self.assertEqual(page.status_code, 200)
        self.assertIn("我们持有的您的产品库存", page.text)  # Our stock of your products
        self.assertIn("Bolt", page.text)
        self.assertNotIn("Our stock of your products", page.text)

    def test_customer_reads_tickets_and_emails_in_chinese(self):
        self.authenticate("zh_customer", "zh_customer")
        page = self.url_open("/my/tickets")
        self.assertEqual(page.status_code, 200)
        self.assertIn("新的请求", page.text)  # the New Request button
        self.assertIn("Pump leaks", page.text)
        self.assertIn("参考号", page.text)  # the Reference column
        self.assertNotIn("New Request", page.text)

        self.ticket.ack_pending = True
        self.env["scrm.ticket"]._cron_send_acknowledgements()
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "scrm.ticket"),
                ("res_id", "=", self.ticket.id),
                ("recipient_ids", "in", self.customer_user.partner_id.ids),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("我们已收到您的请求", mail.body_html)
        self.assertIn(self.ticket.number, mail.body_html)
        self.assertNotIn("We received your request", mail.body_html)

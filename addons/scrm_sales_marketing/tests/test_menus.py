from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_marketing_menus")
class TestMenus(ScrmSalesMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu = cls.env.ref("scrm_sales_marketing.res_partner_scrm_customer_menu")
        cls.action = cls.env.ref(
            "scrm_sales_marketing.res_partner_scrm_customer_action"
        )

    def test_sales_users_reach_customers_menu(self):
        self.assertMenuReachable(self.menu, self.salesperson)
        self.assertMenuReachable(self.menu, self.sales_manager)

    def test_salesperson_without_scrm_group_does_not(self):
        self.assertMenuReachable(self.menu, self.odoo_salesperson, reachable=False)

    def test_customers_menu_lists_customers_and_both(self):
        Partner = self.env["res.partner"]
        customer, both, supplier = Partner.create(
            [{"name": "Customer only"}, {"name": "Both ways"}, {"name": "Sells to us"}]
        )
        customer._scrm_add_role("customer")
        (both | supplier)._scrm_add_role("supplier")
        both._scrm_add_role("customer")
        found = Partner.with_user(self.salesperson).search(
            safe_eval(self.action.domain)
        )
        self.assertIn(customer, found)
        self.assertIn(both, found)
        self.assertNotIn(supplier, found)

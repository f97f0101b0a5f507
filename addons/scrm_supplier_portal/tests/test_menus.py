from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ScrmSupplierPortalCommon


@tagged("post_install", "-at_install", "scrm_supplier_portal_menus")
class TestMenus(ScrmSupplierPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu = cls.env.ref("scrm_supplier_portal.res_partner_scrm_supplier_menu")
        cls.action = cls.env.ref(
            "scrm_supplier_portal.res_partner_scrm_supplier_action"
        )

    def test_buyers_reach_suppliers_menu(self):
        self.assertMenuReachable(self.menu, self.buyer)
        self.assertMenuReachable(self.menu, self.vmi_manager)

    def test_purchase_manager_without_vmi_group_does_not(self):
        self.assertMenuReachable(self.menu, self.purchase_manager, reachable=False)

    def test_suppliers_menu_lists_suppliers_and_both(self):
        Partner = self.env["res.partner"]
        supplier, both, customer = Partner.create(
            [{"name": "Supplier only"}, {"name": "Both ways"}, {"name": "Buyer of us"}]
        )
        supplier._scrm_add_role("supplier")
        (both | customer)._scrm_add_role("customer")
        both._scrm_add_role("supplier")
        found = Partner.with_user(self.buyer).search(safe_eval(self.action.domain))
        self.assertIn(supplier, found)
        self.assertIn(both, found)
        self.assertNotIn(customer, found)

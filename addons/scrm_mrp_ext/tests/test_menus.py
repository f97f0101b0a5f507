from odoo.tests import tagged

from .common import ScrmMrpExtCommon


@tagged("post_install", "-at_install", "scrm_mrp_ext_menus")
class TestMenus(ScrmMrpExtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu = cls.env.ref("scrm_mrp_ext.product_product_inventory_status_menu")
        cls.action = cls.env.ref("scrm_mrp_ext.scrm_inventory_status_action")

    def test_planner_reaches_inventory_status(self):
        self.assertMenuReachable(self.menu, self.planner)

    def test_manager_is_a_planner(self):
        self.assertTrue(
            self.mrp_manager.has_group("scrm_mrp_ext.group_mrp_planning_user")
        )
        self.assertMenuReachable(self.menu, self.mrp_manager)

    def test_manufacturing_user_without_planner_group_does_not_see_it(self):
        self.assertMenuReachable(self.menu, self.mrp_operator, reachable=False)

    def test_inventory_status_lists_stocked_products_only(self):
        stocked, not_stocked = self.env["product.product"].create(
            [
                {"name": "Stocked bolt", "type": "consu", "is_storable": True},
                {"name": "Free screw", "type": "consu", "is_storable": False},
            ]
        )
        Status = self.env[self.action.res_model].with_user(self.planner)
        products = Status.search(
            [("product_id", "in", (stocked | not_stocked).ids)]
        ).product_id
        self.assertIn(stocked, products)
        self.assertNotIn(not_stocked, products)

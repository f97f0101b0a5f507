from odoo.tests import tagged

from .common import ScrmServiceCommon


@tagged("post_install", "-at_install", "scrm_service_menus")
class TestMenus(ScrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.env.ref("scrm_service.scrm_service_menu_root")
        cls.timeline = cls.env.ref("scrm_service.scrm_interaction_service_menu")

    def test_agents_reach_customer_timeline(self):
        self.assertMenuReachable(self.timeline, self.agent)
        self.assertMenuReachable(self.timeline, self.service_manager)

    def test_employee_without_service_group_sees_no_service_app(self):
        self.assertMenuReachable(self.root, self.employee, reachable=False)
        self.assertMenuReachable(self.timeline, self.employee, reachable=False)

    def test_service_app_has_its_icon(self):
        self.assertTrue(self.root.web_icon_data)

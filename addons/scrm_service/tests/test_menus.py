from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

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

    def test_agents_reach_tickets_but_not_configuration(self):
        tickets = self.env.ref("scrm_service.scrm_ticket_menu")
        config = self.env.ref("scrm_service.scrm_service_config_menu")
        reporting = self.env.ref("scrm_service.scrm_service_report_menu")
        self.assertMenuReachable(tickets, self.agent)
        self.assertMenuReachable(config, self.agent, reachable=False)
        self.assertMenuReachable(reporting, self.agent, reachable=False)
        self.assertMenuReachable(config, self.service_manager)
        self.assertMenuReachable(reporting, self.service_manager)
        self.assertMenuReachable(tickets, self.employee, reachable=False)

    def test_upsell_report_lists_opportunities_from_service(self):
        source = self.env.ref("scrm_service.utm_source_service")
        lead = self.env["crm.lead"].create(
            {"name": "From a ticket", "type": "opportunity", "source_id": source.id}
        )
        other = self.env["crm.lead"].create(
            {"name": "Trade fair", "type": "opportunity"}
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_service.crm_lead_action_from_service"
        )
        found = self.env["crm.lead"].search(safe_eval(action["domain"]))
        self.assertIn(lead, found)
        self.assertNotIn(other, found)

"""Behaviours the readme promises that no earlier test would have caught breaking."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_ticket")
class TestMergeMovesTheWholeHistory(TransactionCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def test_merge_moves_calls_timeline_and_followers(self):
        first = self._ticket(self.carla)
        duplicate = self._ticket(self.carla, name="Pump leaking again")
        call = self.env["scrm.call.log"].create(
            {
                "partner_id": self.carla.id,
                "ticket_id": duplicate.id,
                "notes": "Customer called about the leak",
            }
        )
        timeline = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.ticket"), ("res_id", "=", duplicate.id)]
        )
        self.assertTrue(timeline, "opening a ticket writes the timeline")
        watcher = self.env["res.partner"].create(
            {"name": "Walter Watcher", "email": "walter@fabrikam.example.com"}
        )
        duplicate.message_subscribe(partner_ids=watcher.ids)

        (first | duplicate).with_user(self.agent_bob).action_merge()

        self.assertEqual(call.ticket_id, first, "the call now belongs to the kept one")
        self.assertEqual(set(timeline.mapped("res_id")), {first.id})
        self.assertIn(watcher, first.message_partner_ids)
        self.assertIn(call, first.call_log_ids)


@tagged("post_install", "-at_install", "scrm_service_security")
class TestCompanyRulesAndCrmIsolation(TransactionCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.other_company = cls.env["res.company"].create({"name": "Other Pumps Ltd"})
        cls.manager_here = mail_new_test_user(
            cls.env,
            login="scrm_service_mgr_here",
            name="Hanna Manager",
            groups="base.group_user,scrm_service.group_service_manager",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, cls.env.company.ids)],
        )

    def test_a_manager_of_one_company_reads_nothing_of_another(self):
        env = self.env
        elsewhere = {
            "scrm.service.team": env["scrm.service.team"].create(
                {
                    "name": "Other Support",
                    "company_id": self.other_company.id,
                    "resource_calendar_id": self.other_company.resource_calendar_id.id,
                }
            ),
            "scrm.sla.policy": env["scrm.sla.policy"].create(
                {"name": "Other SLA", "company_id": self.other_company.id}
            ),
            "scrm.call.log": env["scrm.call.log"].create(
                {"partner_id": self.carla.id, "company_id": self.other_company.id}
            ),
            "scrm.service.integration": env["scrm.service.integration"].create(
                {"name": "Other PBX", "company_id": self.other_company.id}
            ),
        }
        for model, record in elsewhere.items():
            with self.subTest(model=model):
                as_manager = env[model].with_user(self.manager_here)
                self.assertFalse(as_manager.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.manager_here).check_access("read")
        # The same manager reads those of their own company.
        own_team = env["scrm.service.team"].with_user(self.manager_here)
        self.assertIn(self.team, own_team.search([]))

    def test_an_agent_with_crm_rights_reads_only_own_opportunities(self):
        salesman = self.env.ref("sales_team.group_sale_salesman")
        (self.agent_bob | self.agent_cleo).write({"groups_id": [(4, salesman.id)]})
        pump = self.env["product.product"].create({"name": "Pump", "list_price": 10})
        bobs = self._ticket(self.carla, product_id=pump.id)
        cleos = self._ticket(self.dan, product_id=pump.id, name="Other question")
        bobs.with_user(self.agent_bob).action_create_opportunity()
        cleos.with_user(self.agent_cleo).action_create_opportunity()
        self.assertEqual(cleos.lead_ids.scrm_agent_id, self.agent_cleo)
        # Salespeople read their own and unassigned leads (Odoo's rule); the
        # opportunity Cleo raised goes to the sales team, not to Bob.
        self.assertTrue(cleos.lead_ids.user_id)
        self.assertNotEqual(cleos.lead_ids.user_id, self.agent_bob)
        with self.assertRaises(AccessError):
            cleos.lead_ids.with_user(self.agent_bob).check_access("read")
        visible = self.env["crm.lead"].with_user(self.agent_bob).search([])
        self.assertNotIn(cleos.lead_ids, visible)

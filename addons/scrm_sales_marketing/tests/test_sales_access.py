from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_sales_territory import TerritoryCommon


@tagged("post_install", "-at_install", "scrm_sales_access")
class TestSalesAccess(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = mail_new_test_user(
            cls.env,
            login="scrm_rep_c",
            name="Carl Rep",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Paris team", "user_id": cls.sales_manager.id}
        )
        cls.paris.team_id = cls.team
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Paris deal", "country_id": cls.fr.id, "zip": "75010"}
        )
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.rep_of_b = mail_new_test_user(
            cls.env,
            login="scrm_rep_b_co",
            name="Beatrice B",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
            groups="base.group_user,scrm_sales_marketing.group_sales_manager",
        )

    def test_territory_member_sees_and_edits(self):
        colleague = (self.rep_a | self.rep_b) - self.lead.user_id
        lead = self.lead.with_user(colleague)
        lead.description = "Met at the fair"
        self.assertEqual(self.lead.description, "<p>Met at the fair</p>")

    def test_other_salesperson_refused(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.lead.with_user(self.outsider).write({"name": "Mine now"})
        self.assertEqual(self.lead.name, "Paris deal")

    def test_manager_sees_team(self):
        self.assertEqual(self.lead.team_id, self.team)
        found = (
            self.env["crm.lead"]
            .with_user(self.sales_manager)
            .search([("id", "=", self.lead.id)])
        )
        self.assertEqual(found, self.lead)

    def test_other_company_sees_nothing(self):
        Lead = self.env["crm.lead"].with_user(self.rep_of_b)
        self.assertFalse(Lead.search([("id", "=", self.lead.id)]))
        Territory = self.env["scrm.territory"].with_user(self.rep_of_b)
        self.assertFalse(Territory.search([]))
        with self.assertRaises(AccessError):
            self.paris.with_user(self.rep_of_b).read(["name"])

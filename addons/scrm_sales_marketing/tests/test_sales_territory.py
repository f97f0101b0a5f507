from contextlib import contextmanager
from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSalesMarketingCommon


class TerritoryCommon(ScrmSalesMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fr = cls.env.ref("base.fr")
        cls.be = cls.env.ref("base.be")
        cls.us = cls.env.ref("base.us")
        cls.texas = cls.env.ref("base.state_us_27")
        cls.industry = cls.env["res.partner.industry"].create({"name": "Pumps"})
        cls.tag = cls.env["res.partner.category"].create({"name": "Key account"})
        cls.rep_a = mail_new_test_user(
            cls.env,
            login="scrm_rep_a",
            name="Anna Rep",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.rep_b = mail_new_test_user(
            cls.env,
            login="scrm_rep_b",
            name="Bruno Rep",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        Territory = cls.env["scrm.territory"]
        # The test's own map, whatever the demo data holds.
        Territory.search([]).active = False
        cls.default = Territory.create(
            {"name": "Rest of the world", "is_default": True, "priority": 0}
        )
        cls.europe = Territory.create(
            {"name": "Europe", "country_ids": [(6, 0, (cls.fr | cls.be).ids)]}
        )
        cls.paris = Territory.create(
            {
                "name": "Paris",
                "parent_id": cls.europe.id,
                "zip_ranges": "75000-75999, 92000-92999",
                "priority": 20,
                "member_ids": [(6, 0, (cls.rep_a | cls.rep_b).ids)],
                "first_contact_hours": 4,
            }
        )
        cls.texas_territory = Territory.create(
            {"name": "Texas", "state_ids": [(6, 0, cls.texas.ids)]}
        )
        cls.pumps = Territory.create(
            {
                "name": "Pump makers",
                "industry_ids": [(6, 0, cls.industry.ids)],
                "priority": 30,
            }
        )
        cls.keys = Territory.create(
            {
                "name": "Key accounts",
                "category_ids": [(6, 0, cls.tag.ids)],
                "priority": 40,
            }
        )
        cls.big = Territory.create(
            {"name": "Big accounts", "revenue_min": 1e6, "priority": 35}
        )

    @contextmanager
    def assertRefused(self, message):
        """A ValidationError saying ``message``, and nothing stored (Odoo's
        assertRaises rolls back to a savepoint; assertRaisesRegex does not)."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def _account(self, **values):
        return self.env["res.partner"].create(
            {"name": "Account", "is_company": True, **values}
        )


@tagged("post_install", "-at_install", "scrm_sales_territory")
class TestTerritoryMatching(TerritoryCommon):
    def test_full_path_name(self):
        self.assertEqual(self.paris.complete_name, "Europe / Paris")

    def test_each_rule_kind(self):
        self.assertEqual(
            self._account(country_id=self.be.id).scrm_territory_id, self.europe
        )
        self.assertEqual(
            self._account(country_id=self.fr.id, zip="75011").scrm_territory_id,
            self.paris,
        )
        # A zip outside the ranges stays in the parent territory.
        self.assertEqual(
            self._account(country_id=self.fr.id, zip="69001").scrm_territory_id,
            self.europe,
        )
        self.assertEqual(
            self._account(
                country_id=self.us.id, state_id=self.texas.id
            ).scrm_territory_id,
            self.texas_territory,
        )
        self.assertEqual(
            self._account(industry_id=self.industry.id).scrm_territory_id, self.pumps
        )
        self.assertEqual(
            self._account(category_id=[(6, 0, self.tag.ids)]).scrm_territory_id,
            self.keys,
        )
        self.assertEqual(
            self._account(scrm_annual_revenue=2e6).scrm_territory_id, self.big
        )

    def test_priority_settles_overlap(self):
        # Both Paris (20) and the key accounts (40) match: the higher priority wins.
        account = self._account(
            country_id=self.fr.id, zip="75001", category_id=[(6, 0, self.tag.ids)]
        )
        self.assertEqual(account.scrm_territory_id, self.keys)

    def test_exclusion_and_inclusion(self):
        account = self.env["res.partner"].create({"name": "Later", "is_company": True})
        self.paris.exclude_partner_ids = account
        self.texas_territory.include_partner_ids = account
        account.write({"country_id": self.fr.id, "zip": "75002"})
        self.assertEqual(
            self.env["scrm.territory"]._match_partners(account)[account.id],
            self.texas_territory,
        )
        self.texas_territory.include_partner_ids = False
        self.assertEqual(
            self.env["scrm.territory"]._match_partners(account)[account.id],
            self.europe,
        )

    def test_default_territory(self):
        account = self._account(country_id=self.env.ref("base.jp").id)
        self.assertEqual(account.scrm_territory_id, self.default)

    def test_contacts_get_no_territory(self):
        contact = self.env["res.partner"].create(
            {"name": "Person", "parent_id": self.customer.id, "country_id": self.be.id}
        )
        self.assertFalse(contact.scrm_territory_id)


@tagged("post_install", "-at_install", "scrm_sales_territory")
class TestTerritoryValidation(TerritoryCommon):
    def test_own_ancestor(self):
        with self.assertRefused("own ancestor"):
            self.europe.parent_id = self.paris
        self.assertFalse(self.europe.parent_id)

    def test_zip_range_with_letters(self):
        with self.assertRefused("is not a zip range"):
            self.paris.zip_ranges = "75000-75ABC"
        with self.assertRefused("is not a zip range"):
            self.paris.zip_ranges = "75999-75000"

    def test_equal_priority_overlap(self):
        with self.assertRefused("overlap"):
            self.env["scrm.territory"].create(
                {
                    "name": "Belgium",
                    "country_ids": [(6, 0, self.be.ids)],
                    "priority": self.europe.priority,
                }
            )
        self.assertFalse(self.env["scrm.territory"].search([("name", "=", "Belgium")]))
        # Disjoint zip ranges at the same priority do not clash.
        self.env["scrm.territory"].create(
            {
                "name": "Lyon",
                "parent_id": self.europe.id,
                "zip_ranges": "69000-69999",
                "priority": 20,
            }
        )

    def test_member_of_another_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        stranger = mail_new_test_user(
            self.env,
            login="scrm_stranger",
            name="Stranger",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
            groups="base.group_user",
        )
        with self.assertRefused("does not work for"):
            self.paris.member_ids = [(4, stranger.id)]

    def test_one_default_per_company(self):
        with self.assertRefused("already has a default"):
            self.env["scrm.territory"].create({"name": "Other", "is_default": True})


@tagged("post_install", "-at_install", "scrm_sales_territory", "scrm_clock")
class TestLeadAssignment(TerritoryCommon):
    def test_new_lead_assigned_with_first_contact_activity(self):
        Lead = self.env["crm.lead"]
        leads = Lead.create(
            [
                {"name": f"Lead {i}", "country_id": self.fr.id, "zip": "75010"}
                for i in range(3)
            ]
        )
        self.assertEqual(leads.scrm_territory_id, self.paris)
        # Round robin over the two members.
        self.assertEqual(
            [lead.user_id.id for lead in leads],
            [self.rep_a.id, self.rep_b.id, self.rep_a.id],
        )
        activity_type = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_first_contact"
        )
        for lead in leads:
            activity = lead.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            self.assertEqual(activity.user_id, lead.user_id)
            self.assertEqual(
                activity.date_deadline,
                self.paris._first_contact_deadline(lead.create_date).date(),
            )

    def test_first_contact_in_working_hours(self):
        # Friday 15:00 in Brussels + 4 working hours of the 8-17 calendar:
        # two hours on Friday, two on Monday.
        self.env.company.resource_calendar_id.tz = "Europe/Brussels"
        deadline = self.paris._first_contact_deadline(datetime(2025, 6, 6, 13, 0))
        self.assertEqual(deadline.date().isoformat(), "2025-06-09")

    def test_least_load(self):
        self.paris.assignment_method = "least_load"
        self.env["crm.lead"].create(
            [{"name": f"Old {i}", "user_id": self.rep_a.id} for i in range(2)]
        )
        lead = self.env["crm.lead"].create(
            {"name": "New", "country_id": self.fr.id, "zip": "75010"}
        )
        self.assertEqual(lead.user_id, self.rep_b)

    def test_chosen_salesperson_kept(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Mine",
                "country_id": self.fr.id,
                "zip": "75010",
                "user_id": self.salesperson.id,
            }
        )
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertEqual(lead.scrm_territory_id, self.paris)

    def _first_contacts(self, leads):
        activity_type = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_first_contact"
        )
        return leads.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_unassigned_on_purpose_stays_in_crm_pool(self):
        # user_id False is Odoo's pool that CRM's lead assignment dispatches to
        # teams: the territory is recorded, nobody is picked, no activity.
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Pool {i}", "country_id": self.fr.id, "zip": "75010"}
                | {"user_id": False}
                for i in range(2)
            ]
        )
        self.assertEqual(leads.scrm_territory_id, self.paris)
        self.assertFalse(leads.user_id)
        self.assertFalse(leads.team_id)
        self.assertFalse(self._first_contacts(leads))

    def test_employee_lead_owned_by_creator(self):
        # Odoo's default: who creates a lead without naming anyone owns it.
        # Odoo's own salesperson has no right on territories; creating still
        # works, the territory is read by the system.
        lead = (
            self.env["crm.lead"]
            .with_user(self.odoo_salesperson)
            .create({"name": "Walk-in", "country_id": self.fr.id, "zip": "75010"})
        )
        self.assertEqual(lead.user_id, self.odoo_salesperson)
        self.assertEqual(lead.sudo().scrm_territory_id, self.paris)
        self.assertFalse(self._first_contacts(lead.sudo()))

    def test_lead_of_account_follows_account_owner(self):
        account = self._account(country_id=self.fr.id, zip="92100")
        self.assertEqual(account.scrm_territory_id, self.paris)
        self.assertIn(account.user_id, self.rep_a | self.rep_b)
        lead = self.env["crm.lead"].create({"name": "Repeat", "partner_id": account.id})
        self.assertEqual(lead.user_id, account.user_id)
        self.assertEqual(lead.scrm_territory_id, self.paris)

    def test_account_team_roles(self):
        account = self._account(country_id=self.fr.id, zip="75001")
        account.scrm_account_team_ids = [
            (0, 0, {"user_id": self.rep_a.id, "role": "account_manager"}),
            (0, 0, {"user_id": self.rep_b.id, "role": "field_sales"}),
        ]
        self.assertEqual(
            sorted(account.scrm_account_team_ids.mapped("role")),
            ["account_manager", "field_sales"],
        )

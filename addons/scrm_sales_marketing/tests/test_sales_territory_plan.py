from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_sales_territory import TerritoryCommon


@tagged("post_install", "-at_install", "scrm_sales_territory_plan")
class TestTerritoryPlan(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paris.user_id = cls.rep_a
        cls.acme = cls.env["res.partner"].create(
            {
                "name": "Acme Lyon",
                "is_company": True,
                "country_id": cls.fr.id,
                "zip": "69003",
            }
        )
        cls.beta = cls.env["res.partner"].create(
            {
                "name": "Beta Paris",
                "is_company": True,
                "country_id": cls.fr.id,
                "zip": "75003",
            }
        )
        cls.opp = cls.env["crm.lead"].create(
            {
                "name": "Acme line",
                "type": "opportunity",
                "partner_id": cls.acme.id,
                "expected_revenue": 12000,
            }
        )
        # The plan: Paris also takes Lyon, and Bruno owns it.
        cls.plan = cls.env["scrm.territory.plan"].create(
            {
                "name": "Paris and Lyon",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "territory_id": cls.paris.id,
                            "new_priority": 20,
                            "new_zip_ranges": "75000-75999, 69000-69999",
                            "new_user_id": cls.rep_b.id,
                        },
                    )
                ],
            }
        )

    def test_preview_equals_activation(self):
        self.assertEqual(self.acme.scrm_territory_id, self.europe)
        self.plan.action_preview()
        preview = {
            (
                m.partner_id,
                m.new_territory_id,
                m.new_user_id,
                m.opportunity_count,
                m.pipeline_value,
            )
            for m in self.plan.move_ids
        }
        self.assertIn((self.acme, self.paris, self.rep_b, 1, 12000), preview)
        self.assertIn((self.beta, self.paris, self.rep_b, 0, 0), preview)
        # Nothing moved yet.
        self.assertEqual(self.acme.scrm_territory_id, self.europe)
        self.plan.action_activate()
        done = {
            (
                m.partner_id,
                m.partner_id.scrm_territory_id,
                m.partner_id.user_id,
                m.opportunity_count,
                m.pipeline_value,
            )
            for m in self.plan.move_ids
        }
        self.assertEqual(done, preview)
        self.assertEqual(self.opp.user_id, self.rep_b)
        self.assertEqual(self.opp.scrm_territory_id, self.paris)
        self.assertEqual(self.paris.zip_ranges, "75000-75999, 69000-69999")
        entry = self.env["scrm.interaction"].search(
            [
                ("partner_id", "=", self.acme.id),
                ("res_model", "=", "scrm.territory.plan"),
            ]
        )
        self.assertEqual(len(entry), 1)
        self.assertIn("Paris", entry.summary)
        self.assertEqual(self.plan.state, "active")

    def test_previous_plan_archived(self):
        self.plan.action_activate()
        second = self.env["scrm.territory.plan"].create({"name": "Next year"})
        second.action_activate()
        self.assertEqual(self.plan.state, "archived")
        self.assertEqual(second.state, "active")
        # The archived plan keeps what it moved, for comparison.
        self.assertIn(self.acme, self.plan.move_ids.partner_id)

    def test_bad_zip_range_in_plan(self):
        with self.assertRaises(ValidationError):
            self.plan.line_ids.new_zip_ranges = "69000-69ABC"
        self.assertEqual(self.plan.line_ids.new_zip_ranges, "75000-75999, 69000-69999")

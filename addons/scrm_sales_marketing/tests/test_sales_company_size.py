from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_sales_territory import TerritoryCommon


@tagged("post_install", "-at_install", "scrm_sales_territory")
class TestCompanySizeBand(TerritoryCommon):
    def test_size_band_selects_accounts(self):
        large = self.env["scrm.territory"].create(
            {"name": "Large companies", "employees_min": 500, "priority": 50}
        )
        mid = self.env["scrm.territory"].create(
            {
                "name": "Mid-size companies",
                "employees_min": 50,
                "employees_max": 499,
                "priority": 50,
            }
        )
        Partner = self.env["res.partner"]
        big = Partner.create(
            {"name": "Big Pumps", "is_company": True, "scrm_employee_count": 800}
        )
        middle = Partner.create(
            {"name": "Mid Pumps", "is_company": True, "scrm_employee_count": 120}
        )
        small = Partner.create(
            {"name": "Small Pumps", "is_company": True, "scrm_employee_count": 8}
        )
        self.assertEqual(big.scrm_territory_id, large)
        self.assertEqual(middle.scrm_territory_id, mid)
        self.assertEqual(small.scrm_territory_id, self.default)

    def test_bad_bands_refused(self):
        Territory = self.env["scrm.territory"]
        Territory.create({"name": "Large", "employees_min": 500, "priority": 50})
        # The same priority and bands that meet: refused.
        with self.assertRaises(ValidationError):
            Territory.create(
                {
                    "name": "From 100",
                    "employees_min": 100,
                    "employees_max": 600,
                    "priority": 50,
                }
            )
        with self.assertRaises(ValidationError):
            Territory.create(
                {"name": "Upside down", "employees_min": 90, "employees_max": 10}
            )
        self.assertFalse(
            Territory.search([("name", "in", ("From 100", "Upside down"))])
        )

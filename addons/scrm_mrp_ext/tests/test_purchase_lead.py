from odoo.tests import tagged

from ..models.scrm_mrp_loader import MrpLoader
from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestPurchaseLead(MrpScenarioCommon):
    """The company's purchase lead time (Purchase settings, *Security Lead Time
    for Purchase*) comes on top of the vendor's delay of bought items, and never
    on made ones. Every other fixture sets it to 0."""

    def lead_times(self, products):
        self.mps.product_ids = products
        items = MrpLoader(self.env, self.env.company, self.mps).load_items()[1]
        return {product: items[product.id].lead_time_days for product in products}

    def test_purchase_lead_added_to_vendor_delay(self):
        products = self.fg | self.comp
        without = self.lead_times(products)
        self.env.company.po_lead = 2
        with_lead = self.lead_times(products)
        self.assertEqual(with_lead[self.comp], without[self.comp] + 2)
        self.assertEqual(with_lead[self.fg], without[self.fg], "made: no change")
        self.env.company.po_lead = 1.5
        self.assertEqual(
            self.lead_times(products)[self.comp],
            without[self.comp] + 2,
            "planned in whole days: 1.5 days are 2",
        )

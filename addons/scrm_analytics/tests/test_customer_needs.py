from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestCustomerNeeds(TransactionCase):
    """Needs read from confirmed sale orders, through the engine, onto the
    account and the opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Product = cls.env["product.product"]
        cls.filter = Product.create({"name": "Oil filter", "list_price": 10.0})
        cls.seal = Product.create({"name": "Seal kit", "list_price": 25.0})
        cls.regular = Partner.create({"name": "Regular Mills", "is_company": True})
        cls.others = Partner.create(
            [{"name": f"Mill {n}", "is_company": True} for n in range(3)]
        )
        # The regular buyer orders 40 filters every 28 days from 3 March
        # 2026: 3 Mar, 31 Mar, 28 Apr, 26 May. Next: 23 June, 40 units;
        # on 30 June that reorder is 7 days overdue.
        for step in range(4):
            cls._order(
                cls.regular, {cls.filter: 40}, date(2026, 3, 3) + timedelta(28 * step)
            )
        # Three other mills buy filters and seal kits together: of the 4
        # customers buying filters, 3 also buy seal kits (confidence 3/4,
        # support 3/4 of the 4 customers).
        for mill in cls.others:
            cls._order(mill, {cls.filter: 10, cls.seal: 2}, date(2026, 5, 4))
        cls.env["scrm.customer.need"]._refresh(today=TODAY)

    @classmethod
    def _order(cls, partner, quantities, day):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(day, datetime.min.time()).replace(hour=9)
        return order

    def test_next_expected_order_of_a_regular_buyer(self):
        [need] = self.regular.scrm_need_ids
        self.assertEqual(need.product_id, self.filter)
        self.assertEqual(need.cycle_days, 28.0)
        self.assertEqual(need.next_date, date(2026, 6, 23))
        self.assertEqual(need.next_qty, 40.0)
        self.assertEqual(need.overdue_days, 7)
        self.assertTrue(need.is_overdue)
        self.assertEqual(self.regular.scrm_overdue_need_count, 1)

    def test_co_purchase_suggestion_on_account_and_opportunity(self):
        suggestions = self.regular.scrm_suggestion_ids
        suggestion = suggestions.filtered(lambda s: s.product_id == self.seal)
        self.assertEqual(suggestion.from_product_id, self.filter)
        # Of the 4 customers buying filters, 3 buy seal kits: confidence 3/4.
        # Support: 3 over every customer with a confirmed order in the window
        # (the database may hold other customers' orders).
        self.assertAlmostEqual(suggestion.confidence, 0.75)
        customers = (
            self.env["sale.order"]
            .search([("state", "=", "sale"), ("date_order", ">=", "2024-07-01")])
            .partner_id.commercial_partner_id
        )
        self.assertAlmostEqual(suggestion.support, 3 / len(customers))
        lead = self.env["crm.lead"].create(
            {"name": "Filters for Q3", "partner_id": self.regular.id}
        )
        self.assertEqual(lead.scrm_need_ids.product_id, self.filter)
        self.assertIn(self.seal, lead.scrm_suggestion_ids.product_id)
        # An RFM segment for every customer with orders.
        self.assertTrue(self.regular.scrm_rfm_segment)
        self.assertRegex(self.regular.scrm_rfm_score, r"^[1-5]{3}$")

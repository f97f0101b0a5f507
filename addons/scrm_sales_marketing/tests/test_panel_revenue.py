from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_customer_role")
class TestPanelRevenue(ScrmSalesMarketingCommon):
    """ "Revenue This Year" on the relationship panel adds orders in any
    currency, each converted to the company's currency at its own date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.home = company.currency_id
        cls.foreign = cls.env.ref(
            "base.EUR" if cls.home != cls.env.ref("base.EUR") else "base.USD"
        )
        cls.foreign.active = True
        year_start = fields.Date.context_today(cls.customer).replace(month=1, day=1)
        cls.day_1 = year_start + timedelta(days=14)
        cls.day_2 = year_start + timedelta(days=45)
        # 1 home = 0.5 foreign from the year's start, 0.8 from the day before day 2.
        cls.env["res.currency.rate"].search(
            [("currency_id", "=", cls.foreign.id), ("name", ">=", year_start)]
        ).unlink()
        cls.env["res.currency.rate"].create(
            [
                {
                    "currency_id": cls.foreign.id,
                    "company_id": company.id,
                    "name": year_start,
                    "rate": 0.5,
                },
                {
                    "currency_id": cls.foreign.id,
                    "company_id": company.id,
                    "name": cls.day_2 - timedelta(days=1),
                    "rate": 0.8,
                },
            ]
        )
        cls.foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "Export", "currency_id": cls.foreign.id}
        )

    def _order(self, day, pricelist=None, price=100.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_contact.id,
                # The manager's own orders: a salesperson reads only theirs.
                "user_id": self.sales_manager.id,
                "pricelist_id": (pricelist or self.env["product.pricelist"]).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        # Confirming dates the order today: put it back on its day.
        order.date_order = datetime.combine(day, datetime.min.time().replace(hour=10))
        return order

    def test_orders_in_another_currency_are_converted_at_their_date(self):
        home = self._order(self.day_1)
        early = self._order(self.day_1, self.foreign_pricelist)
        late = self._order(self.day_2, self.foreign_pricelist)
        self.assertEqual(
            (home.currency_id, early.currency_id, late.currency_id),
            (self.home, self.foreign, self.foreign),
        )
        self.assertEqual(
            [home.amount_untaxed, early.amount_untaxed, late.amount_untaxed],
            [200.0, 200.0, 200.0],
        )
        figures = {
            f["key"]: f
            for f in self.customer_contact.with_user(self.sales_manager)
            .with_context(lang="en_US")
            .scrm_panel_data["figures"]
        }
        revenue = figures["sales_revenue_this_year"]
        # 200 + 200 foreign at 0.5 (400) + 200 foreign at 0.8 (250)
        self.assertEqual(revenue["value"], 850.0)
        self.assertIn("850.00", revenue["display"])
        self.assertIn(self.home.name, revenue["hint"])
        self.assertEqual(figures["sales_orders_this_year"]["value"], 3)

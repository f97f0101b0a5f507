from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_analytics_supply")
class TestSupplierTco(TransactionCase):
    """Two suppliers of a gasket, from real orders, receipts and returns:
    Cheap Gaskets (9.00, 12 % landed, 14 days late, 40 of 500 returned) and
    Punctual Gaskets (10.00, 4 % landed, on time)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in (
            ("scrm_analytics.tco_freight_percent", "5"),
            ("scrm_analytics.tco_quality_percent", "25"),
            ("scrm_analytics.tco_late_percent", "1"),
            ("scrm_analytics.months", "24"),
        ):
            params.set_param(key, value)
        cls.today = fields.Date.context_today(cls.env.user)
        Partner = cls.env["res.partner"]
        cls.cheap = Partner.create({"name": "Cheap Gaskets", "is_company": True})
        cls.punctual = Partner.create({"name": "Punctual Gaskets", "is_company": True})
        cls.direct = Partner.create({"name": "Gasket Direct", "is_company": True})
        cls.parent_categ = cls.env["product.category"].create({"name": "Sealing"})
        cls.categ = cls.env["product.category"].create(
            {"name": "Gaskets", "parent_id": cls.parent_categ.id}
        )
        cls.gasket = cls.env["product.product"].create(
            {
                "name": "Flange gasket",
                "is_storable": True,
                "categ_id": cls.categ.id,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.cheap.id,
                            "price": 9.0,
                            "delay": 10,
                            "scrm_landed_cost_percent": 12.0,
                            "scrm_capacity": 2000,
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": cls.punctual.id,
                            "price": 10.0,
                            "delay": 7,
                            "scrm_landed_cost_percent": 4.0,
                        }
                    ),
                ],
            }
        )
        # Gasket Direct can supply anything of "Sealing" (the parent category).
        cls.env["scrm.supplier.capability"].create(
            {
                "partner_id": cls.direct.id,
                "categ_id": cls.parent_categ.id,
                "capacity": 8000,
                "lead_time": 21,
            }
        )
        Tco = cls.env["scrm.supplier.tco"]
        day = cls.today - timedelta(days=60)
        Tco._demo_purchase(cls.gasket, cls.cheap, day, 9.0, 12.0, 10, 14, 40)
        Tco._demo_purchase(cls.gasket, cls.punctual, day, 10.0, 4.0, 7, 0, 0)
        cls.buyer = mail_new_test_user(
            cls.env,
            login="tco_buyer",
            name="Tina Buyer",
            groups="base.group_user,purchase.group_purchase_user,"
            "scrm_mrp_ext.group_mrp_planning_user",
        )
        cls.salesman = mail_new_test_user(
            cls.env,
            login="tco_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
        )

    def tco(self, partner, user=None):
        Tco = self.env["scrm.supplier.tco"].with_user(user or self.buyer)
        return Tco.search(
            [("product_id", "=", self.gasket.id), ("partner_id", "=", partner.id)]
        )

    def test_total_cost_of_ownership_by_hand(self):
        cheap = self.tco(self.cheap)
        # 500 at 9.00 = 4,500; freight 12 % = 540; 40 returned x 9.00 x 25 % = 90;
        # 500 received 14 days late x 9.00 x 1 % a day = 630: 5,760, 11.52 a unit.
        self.assertRecordValues(
            cheap,
            [
                {
                    "quantity": 500,
                    "qty_received": 500,
                    "qty_returned": 40,
                    "qty_late": 500,
                    "late_days": 14,
                    "purchase_cost": 4500,
                    "freight_cost": 540,
                    "quality_cost": 90,
                    "late_cost": 630,
                    "tco": 5760,
                    "price_unit": 9,
                    "tco_unit": 11.52,
                    "tco_index": 1.28,
                }
            ],
        )
        # 500 at 10.00 = 5,000 + 4 % freight = 5,200: 10.40 a unit.
        punctual = self.tco(self.punctual)
        self.assertRecordValues(
            punctual,
            [
                {
                    "qty_returned": 0,
                    "qty_late": 0,
                    "purchase_cost": 5000,
                    "freight_cost": 200,
                    "quality_cost": 0,
                    "late_cost": 0,
                    "tco_unit": 10.4,
                }
            ],
        )
        # The cheaper price is the dearer supplier.
        self.assertLess(cheap.price_unit, punctual.price_unit)
        self.assertGreater(cheap.tco_unit, punctual.tco_unit)
        # Lateness free of charge in the settings: Cheap Gaskets is cheaper again
        # (4,500 + 540 + 90 = 5,130: 10.26 a unit).
        self.env["ir.config_parameter"].sudo().set_param(
            "scrm_analytics.tco_late_percent", "0"
        )
        self.env["scrm.supplier.tco"].invalidate_model()
        self.assertAlmostEqual(self.tco(self.cheap).tco_unit, 10.26)
        # The drill-down opens the purchase order behind the figures.
        action = cheap.action_open_purchase_lines()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(orders.partner_id, self.cheap)

    def test_demo_cheapest_price_is_the_dearest_supplier(self):
        Tco = self.env["scrm.supplier.tco"]
        budget = Tco.search([("partner_id.name", "=", "Budget Seals")])
        steady = Tco.search([("partner_id.name", "=", "Steady Seals")])
        self.assertEqual(len(budget), 1, "the demo data is installed")
        self.assertEqual(budget.product_id, steady.product_id)
        self.assertLess(budget.price_unit, steady.price_unit)
        self.assertGreater(budget.tco_unit, steady.tco_unit)

    def test_salesperson_reads_no_supplier_costs(self):
        with self.assertRaises(AccessError):
            self.tco(self.cheap, user=self.salesman)
        with self.assertRaises(AccessError):
            self.env["scrm.supplier.price.history"].with_user(self.salesman).search([])

    def test_price_history_per_supplier(self):
        History = self.env["scrm.supplier.price.history"].with_user(self.buyer)
        action = self.gasket._scrm_action_price_history()
        rows = History.search(action["domain"])
        points = {(row.partner_id, row.source): row.price_unit for row in rows}
        self.assertEqual(
            points,
            {
                (self.cheap, "purchase"): 9.0,
                (self.cheap, "pricelist"): 9.0,
                (self.punctual, "purchase"): 10.0,
                (self.punctual, "pricelist"): 10.0,
            },
        )
        # A supplier's portal update, once approved, is a point of its own.
        entry = self.env["scrm.supplier.catalogue.request"].create(
            {
                "partner_id": self.cheap.id,
                "product_tmpl_id": self.gasket.product_tmpl_id.id,
                "price": 8.0,
                "min_qty": 1000,
            }
        )
        self.assertFalse(
            History.search(action["domain"] + [("source", "=", "portal")]),
            "not before approval",
        )
        entry.action_approve()
        portal = History.search(action["domain"] + [("source", "=", "portal")])
        self.assertRecordValues(
            portal,
            [{"partner_id": self.cheap.id, "price_unit": 8.0, "quantity": 1000}],
        )
        groups = History.read_group(
            action["domain"], ["price_unit:avg"], ["partner_id"]
        )
        self.assertEqual(len(groups), 2, "one line of the graph per supplier")

    def test_switch_vendor_of_a_planned_purchase(self):
        due = self.today + timedelta(days=30)
        order = self.env["scrm.mrp.planned.order"].create(
            {
                "name": "PLN-GASKET",
                "company_id": self.env.company.id,
                "product_id": self.gasket.id,
                "quantity": 300,
                "due_date": due,
                "release_date": due - timedelta(days=10),
                "supply_method": "buy",
                "vendor_id": self.cheap.id,
            }
        )
        action = order.with_user(self.buyer).action_switch_vendor()
        wizard = (
            self.env[action["res_model"]].with_user(self.buyer).browse(action["res_id"])
        )
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.cheap, self.punctual, self.direct})
        self.assertRecordValues(
            lines[self.cheap],
            [
                {
                    "unit_price": 9.0,
                    "landed_price": 10.08,
                    "tco_unit": 11.52,
                    "lead_time": 10,
                    "capacity": 2000,
                    "current": True,
                }
            ],
        )
        self.assertRecordValues(
            lines[self.punctual],
            [{"unit_price": 10.0, "tco_unit": 10.4, "lead_time": 7, "fits": True}],
        )
        # Gasket Direct: no price, but its "Sealing" capability covers gaskets.
        self.assertRecordValues(
            lines[self.direct],
            [{"unit_price": 0.0, "capacity": 8000, "lead_time": 21, "fits": True}],
        )
        lines[self.punctual].action_choose()
        self.assertEqual(order.vendor_id, self.punctual)
        self.assertEqual(order.release_date, due - timedelta(days=7))

    def test_switch_vendor_needs_planning_rights(self):
        purchase_only = mail_new_test_user(
            self.env,
            login="tco_purchase_only",
            groups="base.group_user,purchase.group_purchase_user,mrp.group_mrp_user",
        )
        due = self.today + timedelta(days=30)
        order = self.env["scrm.mrp.planned.order"].create(
            {
                "name": "PLN-GASKET-2",
                "company_id": self.env.company.id,
                "product_id": self.gasket.id,
                "quantity": 300,
                "due_date": due,
                "release_date": due,
                "supply_method": "buy",
                "vendor_id": self.cheap.id,
            }
        )
        with self.assertRaises(AccessError):
            order.with_user(purchase_only).action_switch_vendor()
        self.assertEqual(order.vendor_id, self.cheap)

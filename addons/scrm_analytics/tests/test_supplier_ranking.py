from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_analytics_supply")
class TestSupplierRanking(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # A foreign currency worth 2 of the company's: rate 0.5 per company unit.
        cls.foreign = cls.env["res.currency"].create(
            {
                "name": "SCX",
                "symbol": "X",
                "rate_ids": [
                    Command.create(
                        {
                            "name": fields.Date.today() - timedelta(days=1),
                            "rate": 0.5,
                            "company_id": cls.company.id,
                        }
                    )
                ],
            }
        )
        dozen = cls.env.ref("uom.product_uom_dozen")
        cls.bolt = cls.env["product.product"].create(
            {
                "name": "M8 bolt",
                "uom_id": cls.env.ref("uom.product_uom_unit").id,
                "uom_po_id": dozen.id,
            }
        )
        Partner = cls.env["res.partner"]
        cls.far = Partner.create({"name": "Far East Fasteners", "is_company": True})
        cls.near = Partner.create({"name": "Nearby Bolts", "is_company": True})
        Info = cls.env["product.supplierinfo"]
        # Far East: 6 SCX a dozen = 12 in company currency / 12 = 1.00 a unit,
        # + 20 % landed = 1.20; 30 days.
        Info.create(
            {
                "partner_id": cls.far.id,
                "product_tmpl_id": cls.bolt.product_tmpl_id.id,
                "price": 6.0,
                "currency_id": cls.foreign.id,
                "delay": 30,
                "scrm_landed_cost_percent": 20.0,
            }
        )
        # Nearby: 15 a dozen in company currency = 1.25 a unit; 5 days.
        Info.create(
            {
                "partner_id": cls.near.id,
                "product_tmpl_id": cls.bolt.product_tmpl_id.id,
                "price": 15.0,
                "currency_id": cls.company.currency_id.id,
                "delay": 5,
            }
        )

    def _rank(self, days):
        ranking = self.env["scrm.supplier.ranking"].create(
            {
                "product_id": self.bolt.id,
                "quantity": 240,
                "need_date": fields.Date.today() + timedelta(days=days),
            }
        )
        ranking.action_rank()
        return ranking.line_ids.sorted("rank")

    def test_ranking_with_currency_and_unit_conversion(self):
        lines = self._rank(days=60)
        self.assertEqual(lines.partner_id.ids, [self.far.id, self.near.id])
        self.assertAlmostEqual(lines[0].unit_price, 1.0)
        self.assertAlmostEqual(lines[0].landed_price, 1.2)
        self.assertAlmostEqual(lines[1].landed_price, 1.25)
        # Needed in 10 days: the far supplier would be 20 days late.
        lines = self._rank(days=10)
        self.assertEqual(lines.partner_id.ids, [self.near.id, self.far.id])
        self.assertEqual(lines[1].late_days, 20)
        self.assertFalse(lines[1].fits)

    def test_certificate_expiry_activity_and_rfq_flag(self):
        buyer = mail_new_test_user(
            self.env,
            login="scrm_an_buyer",
            name="Bea Buyer",
            groups="base.group_user,purchase.group_purchase_user",
        )
        Certification = self.env["scrm.supplier.certification"]
        soon = Certification.create(
            {
                "partner_id": self.far.id,
                "name": "ISO 9001",
                "date_expiry": fields.Date.today() + timedelta(days=10),
                "user_id": buyer.id,
            }
        )
        Certification.create(
            {
                "partner_id": self.near.id,
                "name": "ISO 14001",
                "date_expiry": fields.Date.today() - timedelta(days=1),
            }
        )
        Certification._cron_expiry_activities()
        self.assertEqual(soon.activity_ids.user_id, buyer)
        # Once only.
        Certification._cron_expiry_activities()
        self.assertEqual(len(soon.activity_ids), 1)
        rfq_near = self.env["purchase.order"].create({"partner_id": self.near.id})
        rfq_far = self.env["purchase.order"].create({"partner_id": self.far.id})
        self.assertEqual(rfq_near.scrm_expired_certification_ids.name, "ISO 14001")
        self.assertFalse(rfq_far.scrm_expired_certification_ids)
        # A salesperson may not rank suppliers.
        seller = mail_new_test_user(
            self.env,
            login="scrm_an_seller2",
            name="Sid Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        with self.assertRaises(AccessError):
            self.env["scrm.supplier.ranking"].with_user(seller).create(
                {"product_id": self.bolt.id, "quantity": 1, "need_date": date.today()}
            )

from datetime import datetime, time, timedelta

from odoo import Command, fields

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSupplierPortalCommon


class VmiCommon(ScrmSupplierPortalCommon):
    """Two suppliers with portal users, each with an active VMI agreement on the
    main warehouse's stock: Acme (buyer-approved) manages the bolt and the nut,
    Bolt Brothers (supplier-managed) the washer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every date of the tests is UTC like the users they create: the demo
        # data gives the superuser Brussels time, a day ahead late in the evening.
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, tz="UTC")
        )
        cls.env.company.po_lead = 0
        # The figures read days in the warehouse's time zone (its address's):
        # UTC too, whatever the demo data gave it.
        cls.env.company.partner_id.tz = "UTC"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.monday = cls.today - timedelta(days=cls.today.weekday())
        Partner = cls.env["res.partner"]
        cls.other_vendor = Partner.create({"name": "Bolt Brothers", "is_company": True})
        cls.alice = mail_new_test_user(
            cls.env,
            login="vmi_alice",
            name="Alice Acme",
            email="alice@acme-castings.example.com",
            groups="base.group_portal",
        )
        cls.alice.partner_id.parent_id = cls.vendor
        cls.bob = mail_new_test_user(
            cls.env,
            login="vmi_bob",
            name="Bob Bolt",
            email="bob@bolt-brothers.example.com",
            groups="base.group_portal",
        )
        cls.bob.partner_id.parent_id = cls.other_vendor
        Product = cls.env["product.product"]
        cls.bolt, cls.nut, cls.washer = Product.create(
            [
                {
                    "name": "VMI Bolt",
                    "default_code": "VB-1",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create(
                            {"partner_id": cls.vendor.id, "delay": 7, "price": 2.0}
                        )
                    ],
                },
                {
                    "name": "VMI Nut",
                    "default_code": "VN-1",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create(
                            {"partner_id": cls.vendor.id, "delay": 7, "price": 1.0}
                        )
                    ],
                },
                {
                    "name": "VMI Washer",
                    "default_code": "VW-1",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create(
                            {"partner_id": cls.other_vendor.id, "price": 0.5}
                        )
                    ],
                },
            ]
        )
        Agreement = cls.env["scrm.vmi.agreement"]
        cls.agreement = Agreement.create(
            {
                "name": "Acme fasteners",
                "partner_id": cls.vendor.id,
                "date_start": cls.today - timedelta(days=30),
                "warehouse_id": cls.warehouse.id,
                "mode": "buyer",
                "user_id": cls.buyer.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.bolt.id,
                            "min_qty": 20,
                            "max_qty": 100,
                            "safety_stock": 10,
                            "multiple": 10,
                            "moq": 20,
                            "lead_time": 7,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.nut.id,
                            "min_qty": 5,
                            "max_qty": 50,
                            "safety_stock": 2,
                            "lead_time": 7,
                        }
                    ),
                ],
            }
        )
        cls.line_bolt, cls.line_nut = cls.agreement.line_ids
        cls.other_agreement = Agreement.create(
            {
                "name": "Bolt Brothers washers",
                "partner_id": cls.other_vendor.id,
                "date_start": cls.today - timedelta(days=30),
                "warehouse_id": cls.warehouse.id,
                "mode": "supplier",
                "user_id": cls.buyer.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.washer.id,
                            "min_qty": 100,
                            "max_qty": 500,
                            "safety_stock": 50,
                            "multiple": 50,
                            "moq": 100,
                            "lead_time": 3,
                        }
                    )
                ],
            }
        )
        cls.line_washer = cls.other_agreement.line_ids
        (cls.agreement | cls.other_agreement).action_activate()
        cls.set_stock(cls.bolt, 15)  # below min (20), above safety (10)
        cls.set_stock(cls.nut, 30)  # OK
        cls.set_stock(cls.washer, 600)  # above max

    @classmethod
    def bolt_history(cls):
        """Real documents behind the bolt's figures (see test_figures for the
        hand-worked numbers): 15 on hand, 5 reserved, 4 in transit from Acme in
        week 2, 30 consumed today and 9 forty days ago, an MRP run with 5
        required this week and 12 next week."""
        cls.set_stock(cls.bolt, 45)
        cls.deliver(cls.bolt, 30, validate=True)
        cls.set_stock(cls.bolt, 24)
        old = cls.deliver(cls.bolt, 9, validate=True)
        old.move_ids.date = fields.Datetime.now() - timedelta(days=40)
        cls.reserved_delivery = cls.deliver(cls.bolt, 5)
        cls.purchase(cls.vendor, cls.bolt, 4, cls.monday + timedelta(days=15))
        cls.purchase(cls.other_vendor, cls.bolt, 25, cls.monday + timedelta(days=8))
        cls.mps = cls.env["scrm.mps"].create(
            {
                "name": "Fasteners",
                "warehouse_id": cls.warehouse.id,
                "period_type": "week",
                "period_count": 8,
                "product_ids": [Command.set(cls.bolt.ids)],
            }
        )
        cls.mps.action_prepare_lines()
        cls.mps.line_ids.filtered(
            lambda line: line.period_start == cls.monday + timedelta(weeks=1)
        ).forecast_qty = 12
        cls.env["scrm.mrp.run"]._launch(cls.env.company, mps=cls.mps)

    @classmethod
    def set_stock(cls, product, quantity, location=None):
        Quant = cls.env["stock.quant"]
        location = location or cls.stock
        current = Quant._get_available_quantity(product, location)
        Quant._update_available_quantity(product, location, quantity - current)

    @classmethod
    def purchase(cls, vendor, product, quantity, when):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "date_planned": datetime.combine(when, time(12)),
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        return order

    @classmethod
    def deliver(cls, product, quantity, validate=False):
        picking_type = cls.warehouse.out_type_id
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": cls.stock.id,
                "location_dest_id": cls.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.stock.id,
                            "location_dest_id": cls.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if validate:
            picking.move_ids.write({"quantity": quantity, "picked": True})
            picking.button_validate()
        return picking

    def propose(self, line, quantity, ship_date=None, arrival_date=None, **values):
        """A draft proposal of one product, as the supplier's portal makes it."""
        ship_date = ship_date or self.today
        return (
            self.env["scrm.replenishment.proposal"]
            .with_user(self.alice if line.partner_id == self.vendor else self.bob)
            .sudo()
            .create(
                {
                    "agreement_id": line.agreement_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": quantity,
                                "ship_date": ship_date,
                                "arrival_date": arrival_date
                                or ship_date + timedelta(days=line.lead_time),
                            }
                        )
                    ],
                    **values,
                }
            )
        )

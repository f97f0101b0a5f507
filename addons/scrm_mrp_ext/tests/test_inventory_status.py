from datetime import datetime, time

from odoo import Command, fields
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_inventory_status")
class TestInventoryStatus(MrpScenarioCommon):
    """The status record is read from stock and purchase data at read time."""

    def status(self, product):
        self.env.invalidate_all()
        return self.env["scrm.inventory.status"].search(
            [("product_id", "=", product.id), ("warehouse_id", "=", self.warehouse.id)]
        )

    def test_status_record_follows_receipts_deliveries_and_prices(self):
        record = self.status(self.comp)
        self.assertRecordValues(
            record,
            [
                {
                    "on_hand": 0,
                    "in_transit": 0,
                    "status": "out",
                    "vendor_id": self.vendor.id,
                }
            ],
        )
        self.assertEqual(record.lead_time, 7)
        self.assertEqual(record.where_used, "Finished Machine, Subassembly")
        self.assertEqual(record.used_in_products, "Finished Machine")
        self.assertEqual(self.status(self.sub).used_in_products, "Finished Machine")

        arrival = datetime.combine(self.weeks[2], time(12))
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.comp.id,
                            "product_qty": 50,
                            "date_planned": arrival,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        record = self.status(self.comp)
        self.assertEqual(record.in_transit, 50)
        self.assertEqual(record.next_arrival, arrival)

        receipt = purchase.picking_ids
        receipt.move_ids.quantity = 50
        receipt.button_validate()
        record = self.status(self.comp)
        self.assertRecordValues(
            record, [{"on_hand": 50, "in_transit": 0, "available": 50, "status": "ok"}]
        )

        delivery = self.deliver(self.comp, 20, fields.Date.today())
        record = self.status(self.comp)
        self.assertEqual(record.open_demand, 20)
        self.assertEqual(record.reserved, 20)
        self.assertEqual(record.available, 30)
        delivery.move_ids.quantity = 20
        delivery.button_validate()
        record = self.status(self.comp)
        self.assertRecordValues(
            record, [{"on_hand": 30, "open_demand": 0, "reserved": 0}]
        )
        self.assertAlmostEqual(record.daily_usage, 20 / 30)
        self.assertAlmostEqual(record.days_of_cover, 45.0)

        self.comp.seller_ids.price = 12.5
        self.assertIn("Bolt Vendor: 12.5", self.status(self.comp).suppliers)
        self.comp.scrm_safety_stock = 40
        self.assertEqual(self.status(self.comp).status, "below_safety")

    def test_status_page_query_count_is_flat(self):
        def materials(count, prefix):
            return self.env["product.product"].create(
                [
                    {
                        "name": f"{prefix} {i:05d}",
                        "is_storable": True,
                        "seller_ids": [Command.create({"partner_id": self.vendor.id})],
                    }
                    for i in range(count)
                ]
            )

        small, large = materials(20, "Small"), materials(2000, "Large")
        names = [
            "product_id",
            "on_hand",
            "in_transit",
            "available",
            "vendor_id",
            "where_used",
            "used_in_products",
            "suppliers",
            "status",
        ]
        Status = self.env["scrm.inventory.status"].with_user(self.planner)
        Status.search_read([("product_id", "in", small.ids)], names)  # warm the caches
        for batch in (small, large):
            self.env.invalidate_all()
            with self.assertQueryCount(12):
                page = Status.search_read(
                    [
                        ("product_id", "in", batch.ids),
                        ("warehouse_id", "=", self.warehouse.id),
                    ],
                    names,
                    limit=80,
                )
            self.assertEqual(len(page), min(80, len(batch)))

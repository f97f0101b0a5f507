"""What the readme promises of releasing planned orders and of daily periods,
that no earlier test would have caught breaking: one RFQ per vendor AND release
week, lines of one product merged, manufacturing orders confirmed; a daily
schedule buckets by day."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestStrengthRelease(MrpScenarioCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_vendor = cls.env["res.partner"].create({"name": "Nut Vendor"})
        cls.washer = cls.env["product.product"].create(
            {"name": "Washer", "is_storable": True}
        )

    def planned_order(self, product, quantity, release, due, vendor=None, bom=None):
        return self.env["scrm.mrp.planned.order"].create(
            {
                "name": f"TEST/{product.name}/{release}",
                "company_id": self.env.company.id,
                "product_id": product.id,
                "quantity": quantity,
                "release_date": release,
                "due_date": due,
                "supply_method": "make" if bom else "buy",
                "vendor_id": vendor.id if vendor else False,
                "bom_id": bom.id if bom else False,
            }
        )

    def test_release_splits_by_vendor_and_week_and_merges_a_product(self):
        monday = self.weeks[1]
        Order = self.env["scrm.mrp.planned.order"]
        # Week 1, Bolt Vendor: 10 + 5 Components (one line of 15, wanted by the
        # earlier due date) and 4 Washers.
        first = (
            self.planned_order(
                self.comp, 10, monday, monday + timedelta(7), self.vendor
            )
            | self.planned_order(
                self.comp, 5, monday + timedelta(3), monday + timedelta(11), self.vendor
            )
            | self.planned_order(
                self.washer,
                4,
                monday + timedelta(1),
                monday + timedelta(8),
                self.vendor,
            )
        )
        # Same vendor, next release week: an RFQ of its own.
        later = self.planned_order(
            self.comp, 7, monday + timedelta(7), monday + timedelta(14), self.vendor
        )
        # Same week, another vendor: an RFQ of its own.
        other = self.planned_order(
            self.comp,
            3,
            monday + timedelta(2),
            monday + timedelta(9),
            self.other_vendor,
        )
        make = self.planned_order(
            self.sub, 6, monday + timedelta(4), monday + timedelta(4), bom=self.bom_sub
        )
        orders = Order.browse((first | later | other | make).ids)
        orders.with_user(self.planner).action_release()
        self.assertEqual(set(orders.mapped("state")), {"released"})

        rfq = first.purchase_line_id.order_id
        self.assertEqual(len(rfq), 1)
        self.assertEqual(rfq.partner_id, self.vendor)
        self.assertEqual(rfq.state, "draft", "an RFQ, for the buyer to send")
        lines = {line.product_id: line for line in rfq.order_line}
        self.assertEqual(set(lines), {self.comp, self.washer})
        self.assertEqual(lines[self.comp].product_qty, 15)
        self.assertEqual(
            lines[self.comp].date_planned,
            datetime.combine(monday + timedelta(7), time(12)),
        )
        self.assertEqual(lines[self.washer].product_qty, 4)
        self.assertEqual(
            first.filtered(lambda o: o.product_id == self.comp).purchase_line_id,
            lines[self.comp],
            "both merged orders point at the line",
        )

        self.assertEqual(later.purchase_line_id.order_id.partner_id, self.vendor)
        self.assertNotEqual(later.purchase_line_id.order_id, rfq, "next week")
        self.assertEqual(later.purchase_line_id.product_qty, 7)
        self.assertEqual(other.purchase_line_id.order_id.partner_id, self.other_vendor)
        self.assertNotEqual(other.purchase_line_id.order_id, rfq, "other vendor")
        self.assertEqual(other.purchase_line_id.product_qty, 3)
        self.assertEqual(
            len((first | later | other).purchase_line_id.order_id), 3, "three RFQs"
        )

        production = make.production_id
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(
            (production.product_id, production.product_qty, production.bom_id),
            (self.sub, 6, self.bom_sub),
        )
        self.assertEqual(
            production.date_start, datetime.combine(monday + timedelta(4), time(8))
        )
        self.assertEqual(production.move_raw_ids.product_id, self.comp)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 18, "3 x 6")

    def test_daily_periods_bucket_by_day(self):
        part = self.env["product.product"].create(
            {
                "name": "Daily Part",
                "is_storable": True,
                "seller_ids": [Command.create({"partner_id": self.vendor.id})],
            }
        )
        daily = self.env["scrm.mps"].create(
            {
                "name": "Daily",
                "warehouse_id": self.warehouse.id,
                "period_type": "day",
                "period_count": 10,
                "product_ids": [Command.set(part.ids)],
            }
        )
        daily.action_prepare_lines()
        days = daily._period_starts()
        self.assertEqual(days, [days[0] + timedelta(n) for n in range(10)])
        self.deliver(part, 6, days[4])
        self.deliver(part, 2, days[5])
        run = self.env["scrm.mrp.run"]._launch(self.env.company, mps=daily)
        self.assertEqual(run.state, "done", run.log)
        records = self.env["scrm.mrp.record"].search(
            [("product_id", "=", part.id), ("run_id", "=", run.id)],
            order="period_start",
        )
        self.assertEqual(records.mapped("period_start"), days)
        self.assertEqual(
            records.mapped("gross_requirement"), [0, 0, 0, 0, 6, 2, 0, 0, 0, 0]
        )
        planned = self.planned(part).sorted("due_date")
        self.assertEqual(
            [(o.due_date, o.quantity) for o in planned], [(days[4], 6), (days[5], 2)]
        )

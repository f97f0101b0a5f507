from datetime import timedelta

from pytz import timezone

from odoo import Command, fields
from odoo.tests import BaseCase, tagged

from odoo.addons.scrm_mrp_ext.models.scrm_mrp_loader import local_day, utc_start

from ..models.scrm_vmi_figures import compute_figures, round_down, round_up
from .vmi_common import VmiCommon

BOUNDS = {
    "min_qty": 20,
    "max_qty": 100,
    "safety_stock": 10,
    "multiple": 10,
    "moq": 20,
    "lead_time": 7,
}


@tagged("post_install", "-at_install", "scrm_vmi_figures")
class TestFigureRules(BaseCase):
    """The rules of the figures, on plain numbers."""

    def figures(self, on_hand, reserved=0, transit=None, needs=None, **bounds):
        return compute_figures(
            {**BOUNDS, **bounds},
            on_hand,
            reserved,
            transit or [0.0] * 4,
            needs or [0.0] * 4,
            consumed=60,
            window=30,
        )

    def test_statuses(self):
        self.assertEqual(self.figures(5)["status"], "below_safety")
        self.assertEqual(self.figures(15)["status"], "below_min")
        self.assertEqual(self.figures(20)["status"], "ok")
        self.assertEqual(self.figures(100)["status"], "ok")
        self.assertEqual(self.figures(101)["status"], "above_max")
        # Reserved stock is gone, what is in transit is coming.
        self.assertEqual(self.figures(25, reserved=10)["status"], "below_min")
        self.assertEqual(
            self.figures(15, transit=[0, 10, 0, 0])["status"], "ok", "15 + 10"
        )

    def test_recommended_fills_up_to_max_in_multiples(self):
        self.assertEqual(self.figures(14)["recommended"], 80)  # 86 down to 80
        self.assertEqual(self.figures(20)["recommended"], 0)
        # The minimum order quantity wins over a smaller gap.
        figures = self.figures(15, min_qty=20, max_qty=25, moq=20, multiple=0)
        self.assertEqual(figures["recommended"], 20)
        figures = self.figures(15, min_qty=20, max_qty=25, moq=25, multiple=10)
        self.assertEqual(figures["recommended"], 30, "MOQ rounded up to the multiple")

    def test_status_follows_the_projection_over_the_lead_time(self):
        """Above the maximum today, but the plan takes it all within the lead
        time: the status says so, as the alert does, and the recommended
        quantity fills up to the maximum from the projected position."""
        figures = self.figures(380, needs=[500, 0, 0, 0], max_qty=300)
        self.assertEqual(figures["position_status"], "above_max")
        self.assertTrue(figures["short_within_lead_time"])
        self.assertEqual(figures["projected_position"], -120)
        self.assertEqual(figures["status"], "below_safety")
        self.assertEqual(figures["recommended"], 420)  # 300 + 120
        # Beyond the lead time (one week), the plan does not count yet.
        later = self.figures(380, needs=[0, 500, 0, 0], max_qty=300)
        self.assertEqual(later["status"], "above_max")
        self.assertEqual(later["recommended"], 0)
        # A two-week lead time reaches it.
        longer = self.figures(380, needs=[0, 500, 0, 0], max_qty=300, lead_time=14)
        self.assertEqual(longer["status"], "below_safety")
        # Reserved stock and the plan are the same demand: the larger counts.
        figures = self.figures(50, reserved=30, needs=[25, 0, 0, 0])
        self.assertEqual(figures["projected_position"], 20)
        self.assertEqual(figures["status"], "ok")

    def test_projection_cover_and_usage(self):
        figures = self.figures(50, reserved=10, transit=[0, 30, 0, 0], needs=[20] * 4)
        self.assertEqual(figures["projected"], [30, 40, 20, 0])
        self.assertEqual(figures["daily_usage"], 2.0)
        self.assertEqual(figures["days_of_cover"], 20.0)
        self.assertTrue(self.figures(50, needs=[45, 0, 0, 0])["short_within_lead_time"])
        self.assertFalse(
            self.figures(50, needs=[0, 45, 0, 0])["short_within_lead_time"]
        )
        no_usage = compute_figures(BOUNDS, 5, 0, [0], [0], 0, 30)
        self.assertIsNone(no_usage["days_of_cover"])

    def test_rounding(self):
        self.assertEqual(round_down(86, 10), 80)
        # a whole number of multiples, without float noise (3 * 0.1 is
        # 0.30000000000000004 in binary floating point)
        self.assertEqual(round_down(0.3, 0.1), 0.3)
        self.assertEqual(round_down(0.75, 0.25), 0.75)
        self.assertEqual(round_up(0.25, 0.1), 0.3)
        self.assertEqual(round_up(0.7, 0.1), 0.7)
        self.assertEqual(round_up(21, 10), 30)
        self.assertEqual(round_up(20, 10), 20)
        self.assertEqual(round_up(7, 0), 7)


@tagged("post_install", "-at_install", "scrm_vmi_figures", "scrm_clock")
class TestVmiFigures(VmiCommon):
    """Stock, transit, usage and MRP requirements of real documents, against
    figures worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt_history()

    def test_bolt_figures(self):
        figures = self.line_bolt._vmi_figures(window=30)[self.line_bolt.id]
        self.assertEqual(figures["on_hand"], 15)
        self.assertEqual(figures["reserved"], 5)
        self.assertEqual(figures["in_transit"], 4)
        self.assertEqual(figures["position"], 14)  # 15 - 5 + 4
        self.assertEqual(figures["daily_usage"], 1.0)  # 30 over 30 days
        self.assertEqual(figures["requirements"], [5, 12, 0, 0, 0, 0])
        # 15 - 5 = 10; - 12 = -2; + 4 = 2
        self.assertEqual(figures["projected"], [10, -2, 2, 2, 2, 2])
        self.assertEqual(figures["days_of_cover"], 10.0)  # (15 - 5) / 1
        self.assertEqual(figures["status"], "below_min")
        self.assertEqual(figures["recommended"], 80)  # 100 - 14 = 86, by 10

    def test_window_changes_usage(self):
        by_window = {
            window: self.line_bolt._vmi_figures(window=window)[self.line_bolt.id]
            for window in (7, 90)
        }
        self.assertAlmostEqual(by_window[7]["daily_usage"], 30 / 7)
        self.assertAlmostEqual(by_window[90]["daily_usage"], 39 / 90)

    def test_other_products(self):
        figures = (self.line_nut | self.line_washer)._vmi_figures()
        nut, washer = figures[self.line_nut.id], figures[self.line_washer.id]
        self.assertEqual((nut["on_hand"], nut["status"]), (30, "ok"))
        self.assertIsNone(nut["days_of_cover"])
        self.assertEqual(nut["recommended"], 0)
        self.assertEqual(nut["requirements"], [0] * 6)
        self.assertEqual((washer["on_hand"], washer["status"]), (600, "above_max"))

    def test_sub_location_counts_other_location_does_not(self):
        shelf = self.env["stock.location"].create(
            {"name": "Bolt shelf", "location_id": self.stock.id}
        )
        elsewhere = self.env["stock.location"].create(
            {"name": "Quarantine", "usage": "internal"}
        )
        self.set_stock(self.bolt, 7, shelf)
        self.set_stock(self.bolt, 100, elsewhere)
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual(figures["on_hand"], 22)


@tagged("post_install", "-at_install", "scrm_vmi_figures", "scrm_clock")
class TestVmiFiguresTimeZone(VmiCommon):
    """Days and weeks of the figures are the warehouse's, not UTC's: a
    Shanghai warehouse's Monday starts at 16:00 UTC on Sunday. Passes at any
    hour (UTC and Shanghai dates differ from 16:00 to 24:00 UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zone = timezone("Asia/Shanghai")
        cls.warehouse.partner_id.tz = "Asia/Shanghai"
        cls.local_today = local_day(fields.Datetime.now(), cls.zone)
        cls.local_monday = cls.local_today - timedelta(days=cls.local_today.weekday())

    def at(self, day, hour):
        """Naive UTC datetime of ``day`` at ``hour`` o'clock in Shanghai."""
        return utc_start(day, self.zone) + timedelta(hours=hour)

    def test_receipt_early_on_monday_counts_in_that_week(self):
        next_monday = self.local_monday + timedelta(weeks=1)
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.bolt.id,
                            "product_qty": 10,
                            # 01:00 in Shanghai, 17:00 on Sunday in UTC
                            "date_planned": self.at(next_monday, 1),
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        self.assertEqual(order.picking_ids.move_ids.date.weekday(), 6, "Sunday in UTC")
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual(figures["in_transit"], 10)
        # 15 on hand this week, 25 from next week on
        self.assertEqual(figures["projected"], [15, 25, 25, 25, 25, 25])

    def test_usage_window_starts_at_local_midnight(self):
        first_day = self.local_today - timedelta(days=30)
        inside = self.deliver(self.bolt, 6, validate=True)
        inside.move_ids.date = self.at(first_day, 1)  # 17:00 UTC the day before
        before = self.deliver(self.bolt, 3, validate=True)
        before.move_ids.date = self.at(first_day, -1)  # 23:00 the day before
        figures = self.line_bolt._vmi_figures(window=30)[self.line_bolt.id]
        self.assertAlmostEqual(figures["daily_usage"], 6 / 30)


@tagged("post_install", "-at_install", "scrm_vmi_figures")
class TestVmiFiguresReceiptSteps(VmiCommon):
    """With 2 or 3 receipt steps the supplier's goods go through the input
    (and quality) location on their way to stock: there they are in transit,
    neither lost between the two figures nor counted in both."""

    def validate(self, picking):
        for move in picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def figures(self):
        return self.line_bolt._vmi_figures()[self.line_bolt.id]

    def assertFigures(self, in_transit, on_hand, step):
        figures = self.figures()
        self.assertEqual(
            (figures["in_transit"], figures["on_hand"]), (in_transit, on_hand), step
        )

    def receive_in_steps(self, steps, locations):
        self.warehouse.reception_steps = steps
        order = self.purchase(self.vendor, self.bolt, 10, self.today + timedelta(3))
        picking = order.picking_ids
        self.assertFigures(10, 15, "ordered")
        for location in locations:
            self.assertEqual(picking.location_dest_id, location)
            self.validate(picking)
            self.assertFigures(10, 15, f"waiting in {location.name}")
            picking = picking.move_ids.move_dest_ids.picking_id
        self.assertEqual(picking.location_dest_id, self.stock)
        self.validate(picking)
        self.assertFigures(0, 25, "stored")

    def test_two_steps(self):
        self.receive_in_steps("two_steps", self.warehouse.wh_input_stock_loc_id)

    def test_three_steps(self):
        self.receive_in_steps(
            "three_steps",
            self.warehouse.wh_input_stock_loc_id | self.warehouse.wh_qc_stock_loc_id,
        )

    def test_other_supplier_goods_in_input_are_not_this_supplier_s(self):
        self.warehouse.reception_steps = "two_steps"
        order = self.purchase(self.other_vendor, self.bolt, 7, self.today)
        self.validate(order.picking_ids)
        self.assertFigures(0, 15, "Bolt Brothers' goods, not Acme's")

"""What a run reads from Odoo's records, as a planner means them (issue 20):
time zones, past forecasts, warehouses, vendor lines, rounding. Each case is
built through the ORM and planned by Run MRP as the button does."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from ..models.scrm_mrp_loader import utc_start
from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run", "scrm_clock")
class TestMrpInput(MrpScenarioCommon):
    def product(self, name, **values):
        return self.env["product.product"].create(
            {"name": name, "is_storable": True, **values}
        )

    def schedule(self, products, forecasts=()):
        """Put ``products`` on the schedule (periods from its own today) and
        set ``forecasts``: ``[(product, week, quantity)]``."""
        self.mps.product_ids |= products
        self.mps.action_prepare_lines()
        self.weeks = self.mps._period_starts()
        for product, week, quantity in forecasts:
            self.cell(product, self.weeks[week]).forecast_qty = quantity

    def cell(self, product, start):
        return self.mps.line_ids.filtered(
            lambda line: line.product_id == product and line.period_start == start
        )

    def gross(self, product):
        records = self.env["scrm.mrp.record"].search(
            [("product_id", "=", product.id)], order="period_start"
        )
        return records.mapped("gross_requirement")

    def run_button(self):
        self.mps.action_run_mrp()
        self.run_queued()
        run = self.env["scrm.mrp.run"].search([], order="id desc", limit=1)
        self.assertEqual(run.state, "done", run.log)
        return run

    def deliver_at(self, product, quantity, when_utc):
        picking = self.deliver(product, quantity, when_utc.date())
        picking.scheduled_date = when_utc
        self.assertEqual(picking.move_ids.date, when_utc)
        return picking

    # 1. time zones ------------------------------------------------------------

    def test_dates_land_in_the_period_of_the_schedules_time_zone(self):
        """Auckland: Monday 09:00 local is Sunday 20:00 UTC, and belongs to the
        Monday's week; Los Angeles: Sunday 17:00 local is Monday 01:00 UTC, and
        belongs to the Sunday's week."""
        belt = self.product("Drive Belt")
        self.planner.tz = "Europe/Paris"  # the planner's own zone plays no part
        for zone_name, week, local_hours, expected_week in (
            ("Pacific/Auckland", 2, 9, 2),
            ("America/Los_Angeles", 2, -7, 1),
        ):
            with self.subTest(zone=zone_name):
                self.warehouse.partner_id.tz = zone_name
                zone = self.mps._zone()
                self.assertEqual(zone.zone, zone_name)
                self.schedule(belt)
                when = utc_start(self.weeks[week], zone) + timedelta(hours=local_hours)
                picking = self.deliver_at(belt, 5, when)
                self.assertNotEqual(
                    when.date() >= self.weeks[week], expected_week == week
                )
                self.mps.with_user(self.planner).action_run_mrp()
                self.run_queued()
                gross = self.gross(belt)
                self.assertEqual(gross[expected_week], 5, gross)
                self.assertEqual(sum(gross), 5)
                planned = self.planned(belt)
                self.assertEqual(planned.due_date, self.weeks[expected_week])
                # The grid shows it in the same week.
                self.mps.line_ids.invalidate_recordset()
                self.assertEqual(
                    self.cell(belt, self.weeks[expected_week]).actual_qty, 5
                )
                self.assertEqual(
                    sum(
                        self.mps.line_ids.filtered(
                            lambda line: line.product_id == belt
                        ).mapped("actual_qty")
                    ),
                    5,
                )
                picking.action_cancel()

    # 2. past forecasts --------------------------------------------------------

    def test_forecasts_of_past_periods_are_over(self):
        belt = self.product("Drive Belt")
        self.schedule(belt, [(belt, 0, 10)])
        last_week = self.weeks[0] - timedelta(weeks=1)
        self.env["scrm.mps.line"].create(
            {
                "mps_id": self.mps.id,
                "product_id": belt.id,
                "period_start": last_week,
                "forecast_qty": 10,
            }
        )
        self.deliver(belt, 4, self.weeks[0] + timedelta(days=1))
        self.run_button()
        self.assertEqual(self.gross(belt)[0], 10, "this week's forecast only")
        self.assertEqual(sum(self.planned(belt).mapped("quantity")), 10)
        # A late delivery still counts: it carries forward to this week.
        self.deliver(belt, 3, last_week + timedelta(days=2))
        self.run_button()
        self.assertEqual(self.gross(belt)[0], 10, "4 + 3 ordered, within 10")

    # 3. reordering rules of another warehouse ---------------------------------

    def test_reordering_rule_of_another_warehouse_does_not_take_the_product(self):
        belt = self.product("Drive Belt")
        other = self.env["stock.warehouse"].create({"name": "South", "code": "STH"})
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": belt.id,
                "warehouse_id": other.id,
                "location_id": other.lot_stock_id.id,
                "trigger": "auto",
                "product_min_qty": 1,
                "product_max_qty": 5,
            }
        )
        self.schedule(belt, [(belt, 2, 10)])
        self.run_button()
        self.assertEqual(self.planned(belt).mapped("quantity"), [10])
        # A rule of the schedule's own warehouse does take it out.
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": belt.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "trigger": "auto",
            }
        )
        self.run_button()
        self.assertFalse(self.planned(belt))

    # 4. vendor lines ----------------------------------------------------------

    def test_vendor_lines_are_selected_as_odoo_selects_them(self):
        Partner = self.env["res.partner"]
        archived, expired, bulk, valid, later = Partner.create(
            [
                {"name": "Gone Supplies"},
                {"name": "Old Contract Ltd"},
                {"name": "Bulk Only"},
                {"name": "Current Vendor"},
                {"name": "Next Year Vendor"},
            ]
        )
        archived.action_archive()
        today = self.mps._today()
        belt = self.product(
            "Drive Belt",
            seller_ids=[
                Command.create({"partner_id": archived.id, "sequence": 1, "delay": 1}),
                Command.create(
                    {
                        "partner_id": expired.id,
                        "sequence": 2,
                        "delay": 21,
                        "date_end": today - timedelta(days=1),
                    }
                ),
                Command.create(
                    {
                        "partner_id": bulk.id,
                        "sequence": 3,
                        "delay": 2,
                        "min_qty": 100,
                    }
                ),
                Command.create(
                    {
                        "partner_id": later.id,
                        "sequence": 4,
                        "delay": 3,
                        "date_start": today + timedelta(days=400),
                    }
                ),
                Command.create(
                    {"partner_id": valid.id, "sequence": 5, "delay": 7, "price": 10}
                ),
                # the same vendor, cheaper: Odoo takes the cheaper line
                Command.create(
                    {
                        "partner_id": valid.id,
                        "sequence": 6,
                        "delay": 4,
                        "price": 5,
                    }
                ),
            ],
        )
        self.schedule(belt, [(belt, 4, 10), (belt, 6, 150)])
        self.run_button()
        small, large = self.planned(belt).sorted("due_date")
        self.assertEqual((small.quantity, small.vendor_id), (10, valid))
        self.assertEqual(small.release_date, self.weeks[4] - timedelta(days=4))
        # what Odoo itself would buy from, for the same quantity and date
        self.assertEqual(
            belt._select_seller(quantity=10, date=self.weeks[4]).partner_id, valid
        )
        self.assertEqual((large.quantity, large.vendor_id), (150, bulk))
        self.assertEqual(large.release_date, self.weeks[6] - timedelta(days=2))
        run = self.env["scrm.mrp.run"].search([], order="id desc", limit=1)
        self.assertFalse(
            run.exception_ids.filtered(lambda e: e.product_id == belt),
            "released in time, with a vendor",
        )

    # 5. draft RFQs of another warehouse ---------------------------------------

    def test_draft_rfqs_of_another_warehouse_are_not_supply(self):
        belt = self.product(
            "Drive Belt",
            seller_ids=[Command.create({"partner_id": self.vendor.id})],
        )
        other = self.env["stock.warehouse"].create({"name": "South", "code": "STH"})
        self.schedule(belt, [(belt, 3, 10)])
        when = fields.Datetime.to_datetime(self.weeks[3]) + timedelta(hours=12)
        rfqs = self.env["purchase.order"].create(
            [
                {
                    "partner_id": self.vendor.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": belt.id,
                                "product_qty": quantity,
                                "date_planned": when,
                            }
                        )
                    ],
                }
                for warehouse, quantity in ((other, 10), (self.warehouse, 4))
            ]
        )
        self.assertEqual(set(rfqs.mapped("state")), {"draft"})
        run = self.env["scrm.mrp.run"]._launch(
            self.env.company, mps=self.mps, include_rfq=True
        )
        self.assertEqual(run.state, "done", run.log)
        records = self.env["scrm.mrp.record"].search(
            [("product_id", "=", belt.id)], order="period_start"
        )
        self.assertEqual(records[3].scheduled_receipts, 4, "this warehouse's only")
        self.assertEqual(self.planned(belt).mapped("quantity"), [6])

    # 6. rounding --------------------------------------------------------------

    def test_a_residue_below_the_units_precision_buys_no_extra_lot(self):
        """Three products take a bolt per dozen (1/12 each): 80 of each need
        3 x 6.666667 = 20.000001 bolts, and with lots of 5, 20 suffice."""
        bolt = self.product(
            "Bolt",
            seller_ids=[Command.create({"partner_id": self.vendor.id})],
            scrm_lot_multiple=5,
        )
        dozen = self.env.ref("uom.product_uom_dozen")
        panels = self.env["product.product"]
        for name in ("Panel A", "Panel B", "Panel C"):
            panel = self.product(name)
            self.env["mrp.bom"].create(
                {
                    "product_tmpl_id": panel.product_tmpl_id.id,
                    "product_qty": 1,
                    "product_uom_id": dozen.id,
                    "bom_line_ids": [
                        Command.create({"product_id": bolt.id, "product_qty": 1})
                    ],
                }
            )
            panels |= panel
        self.schedule(panels, [(panel, 3, 80) for panel in panels])
        self.run_button()
        self.assertEqual(self.planned(bolt).mapped("quantity"), [20])
        self.assertAlmostEqual(self.gross(bolt)[3], 20, places=5)
        # A real shortage of a hundredth still buys a lot.
        self.cell(panels[0], self.weeks[3]).forecast_qty = 81
        self.run_button()
        self.assertEqual(self.planned(bolt).mapped("quantity"), [25])

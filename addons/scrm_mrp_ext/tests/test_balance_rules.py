import math

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_ext_balance")
class TestBalanceRules(MrpScenarioCommon):
    """Balancing moves production only into periods that can still be
    produced, in the product's own steps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id.tz = "UTC"

    def first_open(self):
        return self.mps._scrm_first_open_period(self.mps._period_starts())

    def test_current_week_is_closed_once_its_working_days_are_over(self):
        with freeze_time("2026-12-01 09:00:00"):  # a Tuesday morning
            self.assertEqual(self.first_open(), 0)
        with freeze_time("2026-12-05 10:00:00"):  # the Saturday after
            self.assertEqual(self.first_open(), 1)

    def test_quantities_are_whole_pieces_and_never_more_than_planned(self):
        mps = self.mps
        self.assertEqual(self.fg.uom_id.rounding, 0.01)
        self.assertEqual(mps._scrm_balance_quantity(self.fg, 3.75, 20), 4)
        self.assertEqual(mps._scrm_balance_quantity(self.fg, 3.75, 3.5), 3)
        self.assertEqual(mps._scrm_balance_quantity(self.fg, 3.75, 0.5), 0)
        self.fg.product_tmpl_id.scrm_lot_multiple = 5
        self.assertEqual(mps._scrm_balance_quantity(self.fg, 3.75, 20), 5)
        kg = self.env.ref("uom.product_uom_kgm")
        flour = self.env["product.product"].create(
            {"name": "Flour", "is_storable": True, "uom_id": kg.id, "uom_po_id": kg.id}
        )
        self.assertAlmostEqual(
            mps._scrm_balance_quantity(flour, 3.7512, 20),
            math.ceil(3.7512 / kg.rounding) * kg.rounding,
            msg="kilograms move in the unit's own rounding, not whole kilos",
        )

    def test_a_move_into_a_closed_period_is_refused(self):
        with freeze_time("2026-12-05 10:00:00"):
            starts = self.mps._period_starts()
            Balance = self.env["scrm.mps.balance"].with_user(self.planner)
            values = {
                "mps_id": self.mps.id,
                "workcenter_id": self.env["mrp.workcenter"]
                .create({"name": "Balance Press"})
                .id,
                "product_id": self.fg.id,
                "period_from": starts[2],
                "period_to": starts[0],
                "quantity": 4,
            }
            with self.assertRaises(ValidationError):
                Balance.create(values)
            with self.assertRaises(ValidationError):
                Balance.create({**values, "period_to": starts[1], "quantity": 3.75})
            move = Balance.create({**values, "period_to": starts[1]})
            self.assertEqual(move.direction, "earlier")

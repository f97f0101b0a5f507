from datetime import datetime, time, timedelta

from pytz import timezone

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.scrm_mrp_loader import utc_start
from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_capacity", "scrm_clock")
class TestRoughCutCapacity(MrpScenarioCommon):
    """FG = 2 SUB + 1 COMP (made, 7 days), SUB = 3 COMP (made), COMP bought.

    Work centres, on a calendar of 8 hours a day, Monday to Friday (40 h/week):
    - Assembly: 1 hour per FG, 30 + 30 minutes of setup and cleanup, 100 %;
    - Press: 30 minutes per cycle of 2 SUB, no setup, 50 % efficient (so 20
      available hours a week).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Day shift (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, period in ((8, "morning"), (13, "afternoon"))
                ],
            }
        )
        Center = cls.env["mrp.workcenter"]
        cls.assembly = Center.create(
            {
                "name": "Assembly",
                "resource_calendar_id": cls.calendar.id,
                "time_start": 30,
                "time_stop": 30,
                "default_capacity": 1,
                "time_efficiency": 100,
            }
        )
        cls.press = Center.create(
            {
                "name": "Press",
                "resource_calendar_id": cls.calendar.id,
                "default_capacity": 2,
                "time_efficiency": 50,
            }
        )
        cls.bom_fg.operation_ids = [
            Command.create(
                {
                    "name": "Assemble",
                    "workcenter_id": cls.assembly.id,
                    "time_cycle_manual": 60,
                }
            )
        ]
        cls.bom_sub.operation_ids = [
            Command.create(
                {
                    "name": "Press",
                    "workcenter_id": cls.press.id,
                    "time_cycle_manual": 30,
                }
            )
        ]

    def cells(self, center):
        rows = self.env["scrm.mps.capacity"].search(
            [("mps_id", "=", self.mps.id), ("workcenter_id", "=", center.id)],
            order="period_start",
        )
        self.assertEqual(rows.mapped("period_start"), self.weeks)
        return rows

    def test_load_of_two_levels_through_two_work_centres(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Plant holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime.combine(self.weeks[3] + timedelta(2), time(0)),
                "date_to": datetime.combine(self.weeks[3] + timedelta(2), time(23, 59)),
            }
        )
        self.run_mrp()
        self.mps.action_compute_capacity()
        # 10 FG due in week 3: Assembly 1 h setup + 10 x 1 h; Press: 20 SUB in
        # cycles of 2, 30 minutes each = 5 h. The holiday takes 8 hours of week
        # 3 (4 of the half-efficient Press).
        assembly, press = self.cells(self.assembly), self.cells(self.press)
        self.assertEqual(assembly.mapped("required_hours"), [0, 0, 0, 11, 0, 0, 0, 0])
        self.assertEqual(press.mapped("required_hours"), [0, 0, 0, 5, 0, 0, 0, 0])
        self.assertEqual(assembly[2].available_hours, 40)
        self.assertEqual(assembly[3].available_hours, 32)
        self.assertEqual(press[2].available_hours, 20)
        self.assertEqual(press[3].available_hours, 16)
        self.assertEqual(assembly[3].load_percent, 34.4, "11 / 32, one decimal")
        self.assertFalse((assembly | press).filtered("overloaded"))
        # Bought components carry no load; the pivot reads the same figures.
        groups = self.env["scrm.mps.capacity"].read_group(
            [("mps_id", "=", self.mps.id)],
            ["required_hours:sum", "available_hours:sum"],
            ["workcenter_id"],
        )
        totals = {g["workcenter_id"][0]: g["required_hours"] for g in groups}
        self.assertEqual(totals[self.assembly.id], 11)
        self.assertEqual(totals[self.press.id], 5)

    def test_confirmed_orders_load_their_period(self):
        production = self.env["mrp.production"].create(
            {
                "product_id": self.fg.id,
                "bom_id": self.bom_fg.id,
                "product_qty": 4,
                "date_start": datetime.combine(self.weeks[4], time(8)),
            }
        )
        production.action_confirm()
        production.date_finished = datetime.combine(self.weeks[5], time(8))
        self.mps.action_compute_capacity()
        self.assertEqual(
            self.cells(self.assembly).mapped("required_hours"),
            [0, 0, 0, 0, 0, 5, 0, 0],
            "the rest of a confirmed order loads its period: 1 h setup + 4 h",
        )

    def test_order_finishing_early_on_monday_loads_that_week(self):
        """In a Shanghai warehouse an order finishing at 01:00 on a Monday
        (17:00 on Sunday in UTC) loads Monday's week, not the week before."""
        self.mps.warehouse_id.partner_id.tz = "Asia/Shanghai"
        weeks = self.weeks = self.mps._period_starts()  # Shanghai's weeks
        production = self.env["mrp.production"].create(
            {
                "product_id": self.fg.id,
                "bom_id": self.bom_fg.id,
                "product_qty": 4,
                "date_start": datetime.combine(weeks[4], time(8)),
            }
        )
        production.action_confirm()
        production.date_finished = utc_start(
            weeks[5], timezone("Asia/Shanghai")
        ) + timedelta(hours=1)
        self.assertEqual(production.date_finished.weekday(), 6, "Sunday in UTC")
        self.mps.action_compute_capacity()
        self.assertEqual(
            self.cells(self.assembly).mapped("required_hours"),
            [0, 0, 0, 0, 0, 5, 0, 0],
        )

    def test_overload_is_flagged_and_balanced_by_a_prebuild(self):
        self.forecast(self.fg, 3, 50)
        self.run_mrp()
        self.mps.action_compute_capacity()
        # Week 3: Assembly 1 + 50 = 51 hours for 40; Press 100 SUB = 25 h for 20.
        self.assertTrue(self.cells(self.assembly)[3].overloaded)
        self.assertTrue(self.cells(self.press)[3].overloaded)
        self.assertEqual(self.mps.overload_count, 2)
        line = self.mps.line_ids.filtered(
            lambda line: (
                line.product_id == self.fg and line.period_start == self.weeks[3]
            )
        )
        self.assertTrue(line.capacity_overload, "flagged in red on the MPS grid")

        self.mps.action_propose_balancing()
        move = self.mps.balance_ids
        self.assertEqual(len(move), 1)
        # The 11 Assembly hours that do not fit are 11 FG, moved to week 2,
        # which has room on both Assembly (12 h) and Press (22 SUB = 5.5 h).
        # That also takes 5.5 h off the Press in week 3: no second move.
        self.assertEqual(
            (move.product_id, move.period_from, move.period_to, move.quantity),
            (self.fg, self.weeks[3], self.weeks[2], 11),
        )
        self.assertEqual(move.hours, 11)
        self.assertEqual(move.direction, "earlier")
        self.assertIn("11", move.effect)

        move.with_user(self.planner).action_accept()
        self.assertEqual(move.state, "accepted")
        planned = self.mps.line_ids.filtered(lambda line: line.product_id == self.fg)
        self.assertEqual(planned.mapped("planned_qty"), [0, 0, 11, 39, 0, 0, 0, 0])
        self.assertFalse(self.cells(self.assembly).filtered("overloaded"))
        self.assertEqual(self.cells(self.assembly)[2].required_hours, 12)

        self.run_mrp()
        fg = self.planned(self.fg).sorted("due_date")
        self.assertEqual(fg.mapped("due_date"), [self.weeks[2], self.weeks[3]])
        self.assertEqual(fg.mapped("quantity"), [11, 39])
        self.assertEqual(fg.mapped("firm"), [True, False])
        # The sub-assemblies follow: 22 for the pre-build (released week 1).
        sub = self.planned(self.sub).sorted("due_date")
        self.assertEqual(sub.mapped("due_date"), [self.weeks[1], self.weeks[2]])
        self.assertEqual(sub.mapped("quantity"), [22, 78])

    def test_postpone_when_no_earlier_period_has_room(self):
        self.forecast(self.fg, 0, 39)
        self.forecast(self.fg, 1, 50)
        self.forecast(self.fg, 3, 0)
        self.run_mrp()
        self.mps.action_propose_balancing()
        move = self.mps.balance_ids
        self.assertEqual(
            (move.period_from, move.period_to, move.quantity, move.direction),
            (self.weeks[1], self.weeks[2], 11, "later"),
        )
        move.action_accept()
        forecast = self.mps.line_ids.filtered(lambda line: line.product_id == self.fg)
        self.assertEqual(forecast.mapped("forecast_qty")[:3], [39, 39, 11])
        self.run_mrp()
        fg = self.planned(self.fg).sorted("due_date")
        self.assertEqual(fg.mapped("quantity"), [39, 39, 11])
        self.assertFalse(fg.filtered("firm"))

    def test_prebuild_split_over_earlier_periods_when_none_has_room_alone(self):
        # Weeks 0 to 2: 32 FG each, 33 Assembly hours of 40: room for 6 more
        # as an order of their own (1 hour of setup; the Press, 16 of 20
        # hours, would take 8). Week 3: 50 FG, 51 hours, 11 too many: no
        # earlier week takes 11, weeks 2 and 1 together do, nearest first.
        for week in (0, 1, 2):
            self.forecast(self.fg, week, 32)
        self.forecast(self.fg, 3, 50)
        self.run_mrp()
        self.mps.action_propose_balancing()
        moves = self.mps.balance_ids.sorted("period_to", reverse=True)
        self.assertEqual(
            [
                (m.product_id, m.period_from, m.period_to, m.quantity, m.hours)
                for m in moves
            ],
            [
                (self.fg, self.weeks[3], self.weeks[2], 6, 6),
                (self.fg, self.weeks[3], self.weeks[1], 5, 5),
            ],
        )
        self.assertEqual(set(moves.mapped("direction")), {"earlier"})
        for move in moves:
            move.with_user(self.planner).action_accept()
        planned = self.mps.line_ids.filtered(lambda line: line.product_id == self.fg)
        self.assertEqual(planned.mapped("planned_qty")[1:4], [37, 38, 39])
        # two orders (setups) in weeks 1 and 2 now, and every week fits
        self.assertEqual(
            self.cells(self.assembly).mapped("required_hours")[1:4], [39, 40, 40]
        )
        self.assertFalse(self.cells(self.assembly).filtered("overloaded"))

    def test_edited_move_is_checked(self):
        self.forecast(self.fg, 3, 50)
        self.run_mrp()
        self.mps.action_propose_balancing()
        move = self.mps.balance_ids
        with self.assertRaises(ValidationError):
            move.quantity = -5
        with self.assertRaises(ValidationError):
            move.period_to = self.weeks[3] + timedelta(days=1)
        move.quantity = 60
        with self.assertRaisesRegex(UserError, "Only 50"):
            move.action_accept()
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [50])
        self.assertEqual(move.state, "proposed")

    def test_work_centre_without_calendar_is_reported(self):
        loose = self.env["mrp.workcenter"].create(
            {"name": "Paint booth", "resource_calendar_id": False}
        )
        self.bom_sub.operation_ids = [
            Command.create(
                {"name": "Paint", "workcenter_id": loose.id, "time_cycle_manual": 6}
            )
        ]
        self.run_mrp()
        self.mps.action_compute_capacity()
        cells = self.cells(loose)
        self.assertTrue(all(cells.mapped("no_calendar")))
        self.assertEqual(cells.filtered("overloaded").period_start, self.weeks[3])
        self.assertEqual(cells[3].required_hours, 2, "20 SUB x 6 minutes")
        self.assertIn("Paint booth", self.mps.capacity_warning)

    def test_operator_reads_but_cannot_accept(self):
        self.forecast(self.fg, 3, 50)
        self.run_mrp()
        self.mps.action_propose_balancing()
        move = self.mps.balance_ids.with_user(self.mrp_operator)
        self.assertEqual(move.quantity, 11)
        with self.assertRaises(AccessError):
            move.action_accept()
        self.assertEqual(self.planned(self.fg).mapped("quantity"), [50])

    def test_a_work_centres_own_leave_takes_only_its_hours(self):
        """A day off of the Assembly alone (its resource's leave, not the
        calendar's) takes 8 of its hours; the Press on the same calendar keeps
        all of its own."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Assembly maintenance",
                "calendar_id": self.calendar.id,
                "resource_id": self.assembly.resource_id.id,
                "date_from": datetime.combine(self.weeks[3] + timedelta(2), time(0)),
                "date_to": datetime.combine(self.weeks[3] + timedelta(2), time(23, 59)),
            }
        )
        self.run_mrp()
        self.mps.action_compute_capacity()
        assembly, press = self.cells(self.assembly), self.cells(self.press)
        self.assertEqual(assembly[2].available_hours, 40)
        self.assertEqual(assembly[3].available_hours, 32)
        self.assertEqual(press[3].available_hours, 20, "no leave of its own")

    def test_only_forecast_not_yet_ordered_is_postponed(self):
        """The move of 11 later was proposed on forecast alone; customers then
        order 45 of the 50 of week 1: only 5 are still forecast, so the move
        is refused and the schedule is left as it was."""
        self.forecast(self.fg, 0, 39)
        self.forecast(self.fg, 1, 50)
        self.forecast(self.fg, 3, 0)
        self.run_mrp()
        self.mps.action_propose_balancing()
        move = self.mps.balance_ids
        self.assertEqual((move.quantity, move.direction), (11, "later"))
        self.deliver(self.fg, 45, self.weeks[1] + timedelta(days=1))
        self.env.invalidate_all()  # as the next request would read it
        with self.assertRaisesRegex(UserError, "Only 5.0 .* not yet ordered"):
            move.with_user(self.planner).action_accept()
        self.assertEqual(move.state, "proposed")
        forecast = self.mps.line_ids.filtered(lambda line: line.product_id == self.fg)
        self.assertEqual(forecast.mapped("forecast_qty")[:3], [39, 50, 0])
        self.assertEqual(
            self.planned(self.fg).sorted("due_date").mapped("quantity"), [39, 50]
        )
        # Proposed again with the orders known, at most the 5 still forecast move.
        self.mps.action_propose_balancing()
        later = self.mps.balance_ids.filtered(
            lambda m: m.state == "proposed" and m.direction == "later"
        )
        self.assertLessEqual(sum(later.mapped("quantity")), 5)

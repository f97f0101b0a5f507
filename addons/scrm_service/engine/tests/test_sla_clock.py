"""The SLA clock's arithmetic alone, over plain datetimes (no database)."""

from datetime import datetime

from .. import sla_clock
from .common import BaseCase, tagged


@tagged("post_install", "-at_install", "scrm_service_sla")
class TestSlaClock(BaseCase):
    """The arithmetic alone, over plain datetimes."""

    def setUp(self):
        super().setUp()
        # Monday 23 and Tuesday 24 November 2026, 9:00-17:00.
        self.intervals = [
            (datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 17)),
            (datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 17)),
        ]

    def test_hours_inside_one_day(self):
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, datetime(2026, 11, 23, 10), 4),
            datetime(2026, 11, 23, 14),
        )

    def test_hours_run_over_the_night(self):
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, datetime(2026, 11, 23, 15), 4),
            datetime(2026, 11, 24, 11),
        )

    def test_start_outside_working_hours(self):
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, datetime(2026, 11, 23, 7), 1),
            datetime(2026, 11, 23, 10),
        )

    def test_not_enough_time(self):
        self.assertIsNone(
            sla_clock.add_working_hours(self.intervals, datetime(2026, 11, 23, 9), 17)
        )

    def test_negative_hours_are_refused(self):
        with self.assertRaises(ValueError):
            sla_clock.add_working_hours(self.intervals, datetime(2026, 11, 23, 9), -1)

    def test_pause_is_cut_out(self):
        working = sla_clock.subtract_pauses(
            self.intervals,
            [(datetime(2026, 11, 23, 11), datetime(2026, 11, 23, 13))],
        )
        self.assertEqual(
            working,
            [
                (datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 11)),
                (datetime(2026, 11, 23, 13), datetime(2026, 11, 23, 17)),
                (datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 17)),
            ],
        )
        self.assertEqual(
            sla_clock.working_hours_between(
                working, datetime(2026, 11, 23, 0), datetime(2026, 11, 24, 0)
            ),
            6.0,
        )

    def test_open_pause_stops_the_clock(self):
        working = sla_clock.subtract_pauses(
            self.intervals, [(datetime(2026, 11, 23, 12), None)]
        )
        self.assertEqual(
            working, [(datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 12))]
        )

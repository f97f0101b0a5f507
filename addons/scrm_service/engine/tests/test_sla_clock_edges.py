"""The SLA clock at the edges: pauses that touch a working interval's ends,
targets that end exactly at closing time, and clocks started on a later day.

Found by mutation testing (``make mutants``): each test fails when one
comparison or loop step of ``sla_clock`` is changed.
"""

from datetime import datetime

from .. import sla_clock
from .common import BaseCase, tagged


def at(day, hour, minute=0):
    """A moment of November 2026 (Monday 23 and Tuesday 24 are working days)."""
    return datetime(2026, 11, day, hour, minute)


@tagged("post_install", "-at_install", "scrm_service_sla")
class TestSlaClockEdges(BaseCase):
    def setUp(self):
        super().setUp()
        # Monday 23 and Tuesday 24 November 2026, 9:00-17:00.
        self.intervals = [(at(23, 9), at(23, 17)), (at(24, 9), at(24, 17))]

    def test_pause_on_the_second_day_keeps_the_first(self):
        """A pause on Tuesday leaves Monday whole and cuts Tuesday only."""
        self.assertEqual(
            sla_clock.subtract_pauses(self.intervals, [(at(24, 10), at(24, 11))]),
            [
                (at(23, 9), at(23, 17)),
                (at(24, 9), at(24, 10)),
                (at(24, 11), at(24, 17)),
            ],
        )

    def test_open_pause_on_the_second_day(self):
        """A ticket waiting since Tuesday noon, still waiting: Monday counts in
        full, Tuesday until noon, nothing after."""
        working = sla_clock.subtract_pauses(self.intervals, [(at(24, 12), None)])
        self.assertEqual(working, [(at(23, 9), at(23, 17)), (at(24, 9), at(24, 12))])
        self.assertEqual(
            sla_clock.working_hours_between(working, at(23, 0), at(25, 0)), 11.0
        )

    def test_open_pause_ended_by_now(self):
        """Without an end, ``now`` closes the pause: the clock runs again after."""
        self.assertEqual(
            sla_clock.subtract_pauses(
                self.intervals, [(at(23, 12), None)], now=at(24, 10)
            ),
            [(at(23, 9), at(23, 12)), (at(24, 10), at(24, 17))],
        )

    def test_pause_from_opening_time_leaves_no_empty_interval(self):
        self.assertEqual(
            sla_clock.subtract_pauses(self.intervals, [(at(23, 9), at(23, 12))]),
            [(at(23, 12), at(23, 17)), (at(24, 9), at(24, 17))],
        )

    def test_pause_until_closing_time_leaves_no_empty_interval(self):
        self.assertEqual(
            sla_clock.subtract_pauses(self.intervals, [(at(23, 12), at(23, 17))]),
            [(at(23, 9), at(23, 12)), (at(24, 9), at(24, 17))],
        )

    def test_target_ending_at_closing_time(self):
        """Four hours from 13:00 end at 17:00 the same day, not next morning."""
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, at(23, 13), 4), at(23, 17)
        )

    def test_clock_started_on_the_second_day(self):
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, at(24, 10), 2), at(24, 12)
        )

    def test_zero_and_fractional_hours(self):
        """A zero target is due at once (at the next working moment when the
        clock starts outside working hours: the day ends at 17:00 sharp); half an
        hour is thirty minutes."""
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, at(23, 10), 0), at(23, 10)
        )
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, at(23, 17), 0), at(24, 9)
        )
        self.assertEqual(
            sla_clock.add_working_hours(self.intervals, at(23, 10), 0.5),
            at(23, 10, 30),
        )

    def test_negative_hours_message(self):
        with self.assertRaises(ValueError) as caught:
            sla_clock.add_working_hours(self.intervals, at(23, 9), -0.5)
        self.assertEqual(str(caught.exception), "hours must not be negative")

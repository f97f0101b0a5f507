"""SLA clocks over working time, with pauses.

Plain functions over naive UTC datetimes: the ORM adapter loads the working
intervals of a team's calendar and the ticket's pauses, these functions do the
arithmetic. A pause (the ticket waits for the customer) stops the clock.
"""

from datetime import timedelta


def subtract_pauses(intervals, pauses, now=None):
    """Working intervals minus the pause intervals.

    :param intervals: sorted list of (start, end) working intervals
    :param pauses: list of (start, end) where end may be None (still paused,
        then ``now`` ends it; without ``now`` it lasts forever)
    :return: sorted list of (start, end)
    """
    result = list(intervals)
    for pause_start, pause_end in pauses:
        pause_end = pause_end or now
        kept = []
        for start, end in result:
            if pause_end is not None and (end <= pause_start or start >= pause_end):
                kept.append((start, end))
                continue
            if pause_end is None and end <= pause_start:
                kept.append((start, end))
                continue
            if start < pause_start:
                kept.append((start, pause_start))
            if pause_end is not None and end > pause_end:
                kept.append((pause_end, end))
        result = kept
    return sorted(result)


def add_working_hours(intervals, start, hours):
    """The moment ``hours`` of working time after ``start``, or None when the
    intervals do not hold that much time.

    :param intervals: sorted (start, end) working intervals (pauses removed)
    """
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    for interval_start, interval_end in intervals:
        interval_start = max(interval_start, start)
        if interval_end <= interval_start:
            continue
        available = interval_end - interval_start
        if available >= remaining:
            return interval_start + remaining
        remaining -= available
    return None


def working_hours_between(intervals, start, end):
    """Working hours (float) in [start, end] of the intervals."""
    total = timedelta()
    for interval_start, interval_end in intervals:
        interval_start = max(interval_start, start)
        interval_end = min(interval_end, end)
        if interval_end > interval_start:
            total += interval_end - interval_start
    return total.total_seconds() / 3600

"""What each customer needs: the purchase cycle of each product a customer
buys again (median days between its orders), the next expected order (date and
quantity) and how many days a reorder is overdue."""

from collections import defaultdict
from datetime import timedelta
from itertools import pairwise
from statistics import median
from typing import NamedTuple


class Need(NamedTuple):
    partner_id: int
    product_id: int
    order_count: int
    first_date: object
    last_date: object
    cycle_days: float
    next_qty: float
    next_date: object
    overdue_days: int


def purchase_cycles(orders, today, min_orders=3):
    """The needs of every (customer, product) bought at least ``min_orders``
    times.

    ``orders``: iterable of ``(partner_id, product_id, day, qty)``, one per
    order and product (several lines of one day are summed first).
    ``cycle_days`` is the median of the days between successive orders,
    ``next_qty`` the median quantity per order, ``next_date`` the last order's
    day plus the cycle rounded to whole days, ``overdue_days`` how long ago
    that date passed (0 when still ahead).
    """
    if min_orders < 2:
        raise ValueError("a purchase cycle needs at least two orders")
    days = defaultdict(lambda: defaultdict(float))
    for partner_id, product_id, day, qty in orders:
        days[partner_id, product_id][day] += qty
    needs = []
    for (partner_id, product_id), per_day in days.items():
        if len(per_day) < min_orders:
            continue
        dates = sorted(per_day)
        gaps = [(later - earlier).days for earlier, later in pairwise(dates)]
        cycle = float(median(gaps))
        next_date = dates[-1] + timedelta(days=round(cycle))
        needs.append(
            Need(
                partner_id,
                product_id,
                len(dates),
                dates[0],
                dates[-1],
                cycle,
                float(median(per_day.values())),
                next_date,
                max(0, (today - next_date).days),
            )
        )
    needs.sort(key=lambda need: (need.partner_id, need.next_date, need.product_id))
    return needs

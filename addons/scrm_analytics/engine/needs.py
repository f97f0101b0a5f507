"""What each customer needs: the purchase cycle of each product a customer
buys again (median days between its orders), the next expected order (date and
quantity) and how many days a reorder is overdue."""

from datetime import date
from itertools import groupby, pairwise
from operator import itemgetter
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


def purchase_cycles(orders, today, min_orders=3, presorted=False):
    """The needs of every (customer, product) bought at least ``min_orders``
    times.

    ``orders``: iterable of ``(partner_id, product_id, day, qty)``, one per
    order and product (several lines of one day are summed first); pass
    ``presorted=True`` when they come sorted by partner, product and day (the
    loader's ``ORDER BY``), which saves the sort.
    ``cycle_days`` is the median of the days between successive orders,
    ``next_qty`` the median quantity per order, ``next_date`` the last order's
    day plus the cycle rounded to whole days, ``overdue_days`` how long ago
    that date passed (0 when still ahead).
    """
    if min_orders < 2:
        raise ValueError("a purchase cycle needs at least two orders")
    if not presorted:
        orders = sorted(orders, key=itemgetter(0, 1, 2))
    today_ordinal = today.toordinal()
    needs = []
    # itertools.groupby over runs of sorted lines; the engine runs without Odoo.
    runs = groupby(orders, key=itemgetter(0, 1))  # pylint: disable=bad-builtin-groupby
    for (partner_id, product_id), rows in runs:
        days = []
        quantities = []
        for _partner, _product, day, qty in rows:
            ordinal = day.toordinal()
            if days and days[-1] == ordinal:
                quantities[-1] += qty
            else:
                days.append(ordinal)
                quantities.append(qty)
        if len(days) < min_orders:
            continue
        gaps = [later - earlier for earlier, later in pairwise(days)]
        cycle = float(median(gaps))
        next_ordinal = days[-1] + round(cycle)
        needs.append(
            Need(
                partner_id,
                product_id,
                len(days),
                date.fromordinal(days[0]),
                date.fromordinal(days[-1]),
                cycle,
                float(median(quantities)),
                date.fromordinal(next_ordinal),
                max(0, today_ordinal - next_ordinal),
            )
        )
    needs.sort(key=lambda need: (need.partner_id, need.next_date, need.product_id))
    return needs

"""The MRP run: netting, lot sizing, offsetting, explosion, pegging, exceptions.

See the package docstring for the rules. Implementation notes:

- every quantity is carried as an integer number of micro-units (1e-6) from input
  to output, so sums and comparisons are exact (no epsilon needed) and outputs are
  rounded to 6 decimals by construction;
- a requirement ("piece") is a tuple ``(date ordinal, quantity, demand_ref,
  top_ref, period)``; pieces are put in date order by a stable sort on the
  ordinal, so ties keep their arrival order;
- items are visited once, in increasing low-level code, with plain lists of
  ints per period.
"""

import gc
from bisect import bisect_right
from datetime import timedelta
from itertools import accumulate, pairwise, repeat
from operator import itemgetter

from .bom import low_level_codes
from .data import (
    ExceptionMessage,
    ItemTable,
    Pegging,
    PlannedOrder,
    PlanResult,
)

UNIT = 1_000_000  # micro-units per unit
SUPPLY_METHODS = ("buy", "make")
LOT_POLICIES = ("lfl", "foq", "minmax", "poq")
FORECAST = "forecast"
ADDITIVE_KINDS = frozenset({"component", "dependent"})
FIRM = "firm"
_ORDINAL = itemgetter(0)
_QUANTITY = itemgetter(1)


def plan(data, progress=None):
    """Compute the material requirements plan of ``data`` (a ``PlanInput``).

    :param progress: called as ``progress(done, total)`` with the number of
        items planned so far, each time the planning passes to the next
        low-level code (a background run shows it); None: not called

    The cyclic garbage collector is paused during the run: it creates millions of
    small objects and no reference cycles, and the collector's passes over that
    growing heap would otherwise cost several times the run itself.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Run(data).execute(progress)
    finally:
        if collecting:
            gc.enable()


def _micro(value):
    return round(value * UNIT)


def _fmt(micro):
    """A quantity for a message: ``12.5``, ``3``."""
    text = f"{micro / UNIT:.6f}".rstrip("0")
    return text.rstrip(".")


def _round_up(quantity, multiple):
    if multiple and quantity % multiple:
        return quantity + multiple - quantity % multiple
    return quantity


class _Run:
    """One planning run; its state lives in plain dicts and lists."""

    def __init__(self, data):
        self.data = data
        self.today = data.today
        self.periods = list(data.periods)
        self.horizon_end = data.horizon_end
        self.items = data.items
        self.n = len(self.periods)
        self.date_cache = {}
        self.release_cache = {}
        self.tables = []
        self.planned_orders = []
        self.exceptions = []
        self.zeros = [0.0] * self.n

    # ---- input -----------------------------------------------------------------

    def _check_periods(self):
        periods = self.periods
        if not periods:
            raise ValueError("The plan needs at least one period.")
        for previous, current in pairwise(periods):
            if current <= previous:
                raise ValueError(
                    f"Periods must be sorted start dates: {current} follows {previous}."
                )
        if self.horizon_end <= periods[-1]:
            raise ValueError(
                f"The horizon end {self.horizon_end} must follow the last period start "
                f"{periods[-1]}."
            )

    def _check_items(self):
        for item_id, item in self.items.items():
            label = f"Item {item.name!r} ({item.id})"
            if item_id != item.id:
                raise ValueError(f"{label} is filed under the id {item_id}.")
            if item.supply_method not in SUPPLY_METHODS:
                raise ValueError(
                    f"{label}: unknown supply method {item.supply_method!r} "
                    "(expected 'buy' or 'make')."
                )
            if item.lot_policy not in LOT_POLICIES:
                raise ValueError(
                    f"{label}: unknown lot policy {item.lot_policy!r} "
                    f"(expected one of {', '.join(LOT_POLICIES)})."
                )
            for name in (
                "lead_time_days",
                "safety_stock",
                "fixed_qty",
                "min_qty",
                "max_qty",
                "multiple",
            ):
                value = getattr(item, name)
                if value < 0:
                    raise ValueError(f"{label}: {name} must not be negative ({value}).")
            if item.poq_periods < 1:
                raise ValueError(
                    f"{label}: poq_periods must be at least 1 ({item.poq_periods})."
                )
            if item.lot_policy == "foq" and _micro(item.fixed_qty) <= 0:
                raise ValueError(
                    f"{label}: a fixed order quantity policy needs fixed_qty > 0."
                )
            if item.lot_policy == "minmax" and item.max_qty:
                if item.min_qty > item.max_qty:
                    raise ValueError(
                        f"{label}: min_qty {item.min_qty} exceeds max_qty "
                        f"{item.max_qty}."
                    )
                multiple = _micro(item.multiple)
                cap = _micro(item.max_qty)
                if multiple and cap - cap % multiple < max(_micro(item.min_qty), 1):
                    raise ValueError(
                        f"{label}: no multiple of {item.multiple} lies between "
                        f"min_qty {item.min_qty} and max_qty {item.max_qty}."
                    )
            if not 0 < item.yield_percent <= 100:
                raise ValueError(
                    f"{label}: the yield must be above 0 and at most 100 % "
                    f"({item.yield_percent})."
                )
            for line in item.bom_lines:
                if line.quantity < 0:
                    raise ValueError(
                        f"{label}: component {line.component_id} has a negative "
                        f"quantity ({line.quantity})."
                    )
                if line.scrap < 0:
                    raise ValueError(
                        f"{label}: component {line.component_id} has a negative "
                        f"scrap percentage ({line.scrap})."
                    )

    def _bucket(self, day):
        """``(period index, date ordinal)`` of a date, ``None`` past the horizon."""
        cached = self.date_cache.get(day, False)
        if cached is False:
            if day >= self.horizon_end:
                cached = None
            else:
                cached = (max(bisect_right(self.periods, day) - 1, 0), day.toordinal())
            self.date_cache[day] = cached
        return cached

    def _label(self, item_id, what):
        item = self.items.get(item_id)
        if item is None:
            return f"{what}: item {item_id} is not among the planned items."
        return f"{what} of item {item.name!r} ({item_id})"

    def _load_demands(self):
        """Independent demand by item: forecast, actual and additive pieces."""
        items = self.items
        forecast, actual, pieces = {}, {}, {}
        bucket = self._bucket
        for demand in self.data.demands:
            item = items.get(demand.item_id)
            if item is None:
                raise ValueError(self._label(demand.item_id, f"Demand {demand.ref}"))
            if demand.quantity < 0:
                raise ValueError(
                    self._label(demand.item_id, f"Demand {demand.ref}")
                    + f" has a negative quantity ({demand.quantity})."
                )
            if not item.planned:
                continue
            where = bucket(demand.date)
            quantity = _micro(demand.quantity)
            if where is None or not quantity:
                continue
            period, ordinal = where
            piece = (ordinal, quantity, demand.ref, demand.ref, period)
            kind = demand.kind
            if kind == FORECAST:
                target = forecast
            elif kind in ADDITIVE_KINDS:
                target = pieces
            else:
                target = actual
            target.setdefault(demand.item_id, []).append(piece)
        return forecast, actual, pieces

    def _load_supplies(self):
        """Scheduled receipts per item and period, the supplies to review, and the
        firm planned orders of make items (their components are demanded)."""
        items = self.items
        receipts, reviewed, firm = {}, {}, {}
        n = self.n
        bucket = self._bucket
        for supply in self.data.supplies:
            item = items.get(supply.item_id)
            if item is None:
                raise ValueError(self._label(supply.item_id, f"Supply {supply.ref}"))
            if supply.quantity < 0:
                raise ValueError(
                    self._label(supply.item_id, f"Supply {supply.ref}")
                    + f" has a negative quantity ({supply.quantity})."
                )
            if not item.planned or item.phantom:
                continue
            where = bucket(supply.date)
            if where is None:
                continue
            quantity = _micro(supply.quantity)
            row = receipts.get(supply.item_id)
            if row is None:
                row = receipts[supply.item_id] = [0] * n
            row[where[0]] += quantity
            if supply.kind != FIRM:
                reviewed.setdefault(supply.item_id, []).append(
                    (where[0], quantity, supply)
                )
            elif item.supply_method == "make" and item.bom_lines:
                firm.setdefault(supply.item_id, []).append(supply)
        return receipts, reviewed, firm

    def _load_on_hand(self):
        on_hand = {}
        items = self.items
        for item_id, quantity in self.data.on_hand.items():
            if quantity < 0:
                raise ValueError(
                    self._label(item_id, "On hand") + f" is negative ({quantity})."
                )
            if item_id in items and quantity:
                on_hand[item_id] = _micro(quantity)
        return on_hand

    def _release_table(self, lead_time):
        """For a lead time, per due period: release dates, release periods,
        release date ordinals and past-due flags (four lists, cached)."""
        table = self.release_cache.get(lead_time)
        if table is None:
            periods = self.periods
            offset = timedelta(days=lead_time)
            dates = [start - offset for start in periods]
            table = (
                dates,
                [max(bisect_right(periods, day) - 1, 0) for day in dates],
                [day.toordinal() for day in dates],
                [day < self.today for day in dates],
            )
            self.release_cache[lead_time] = table
        return table

    # ---- run -------------------------------------------------------------------

    def execute(self, progress=None):
        """Validate, load, then plan each item once in low-level-code order."""
        self._check_periods()
        self._check_items()
        codes = low_level_codes(self.items)
        forecast, actual, pieces = self._load_demands()
        receipts, reviewed, firm = self._load_supplies()
        on_hand = self._load_on_hand()
        items = self.items
        level = None
        order = sorted(items, key=lambda key: (codes[key], key))
        for done, item_id in enumerate(order):
            if progress is not None and codes[item_id] != level:
                level = codes[item_id]
                progress(done, len(items))
            item = items[item_id]
            if not item.planned:
                continue
            requirements = pieces.pop(item_id, None) or []
            own_forecast = forecast.pop(item_id, None)
            own_actual = actual.pop(item_id, None)
            if own_forecast:
                requirements += _consume_forecast(own_forecast, own_actual)
            elif own_actual:
                requirements += own_actual
            if item.phantom:
                self._pass_through(item, requirements, pieces)
                continue
            self._plan_item(
                item,
                requirements,
                receipts.get(item_id),
                on_hand.get(item_id, 0),
                reviewed.get(item_id),
                pieces,
            )
            if item_id in firm:
                self._explode_firm(item, firm[item_id], pieces)
        return PlanResult(
            periods=self.periods,
            tables=self.tables,
            planned_orders=self.planned_orders,
            exceptions=self.exceptions,
            low_level_codes=codes,
        )

    def _pass_through(self, kit, requirements, pieces):
        """A phantom kit's requirements go to its components at the same date."""
        items = self.items
        for line in kit.bom_lines:
            component_id = line.component_id
            if not items[component_id].planned or line.quantity <= 0:
                continue
            factor = _line_factor(kit, line)
            target = pieces.setdefault(component_id, [])
            target += [
                (ordinal, scaled, ref, top_ref, period)
                for ordinal, quantity, ref, top_ref, period in requirements
                if (scaled := round(quantity * factor)) > 0
            ]

    def _plan_item(self, item, requirements, receipts, on_hand, reviewed, pieces):
        """Net one stocked item, then size, peg and explode its planned orders
        (dependent pieces go to ``pieces``) and write its period records."""
        n = self.n
        gross = [0] * n
        for piece in requirements:
            gross[piece[4]] += piece[1]
        if receipts is None:
            receipts = [0] * n
        safety = _micro(item.safety_stock)
        if reviewed:
            self._review_supplies(item, gross, receipts, on_hand, safety, reviewed)
        projected = [0] * n
        nets = [0] * n
        planned = [0] * n
        releases = [0] * n
        due_periods, quantities = _net(
            item, gross, receipts, on_hand, safety, projected, nets, planned
        )
        if due_periods:
            orders = self._make_orders(item, due_periods, quantities, releases)
            top_refs = _peg(
                orders, due_periods, quantities, requirements, receipts, on_hand, safety
            )
            if item.supply_method == "make" and item.bom_lines:
                self._explode(item, orders, due_periods, quantities, top_refs, pieces)
        rows = (gross, receipts, projected, nets, planned, releases)
        self._write_records(item.id, rows)

    def _write_records(self, item_id, rows):
        """The item's table, in units, from the rows of micro-unit quantities."""
        zeros = self.zeros
        unit = UNIT
        self.tables.append(
            ItemTable(
                item_id,
                *(
                    [value / unit for value in row] if any(row) else zeros
                    for row in rows
                ),
            )
        )

    def _seller(self, item, period, quantity):
        """``(vendor id, lead time)`` of the vendor line an order of ``quantity``
        (micro-units) due in ``period`` takes (see the package docstring)."""
        day = max(self.periods[period], self.today)
        chosen = None
        for seller in item.sellers:
            if (
                (seller.date_start and seller.date_start > day)
                or (seller.date_end and seller.date_end < day)
                or quantity < _micro(seller.min_qty)
            ):
                continue
            if chosen is None or (
                seller.vendor_id == chosen.vendor_id and seller.rank < chosen.rank
            ):
                chosen = seller
        if chosen is None:
            return item.vendor_id, item.lead_time_days
        return chosen.vendor_id, chosen.lead_time_days

    def _make_orders(self, item, due_periods, quantities, releases):
        """The PlannedOrder of each ``(due period, quantity)`` of one item, in
        order; planned releases are added up per period in ``releases``."""
        if item.supply_method == "buy" and item.sellers:
            return self._make_purchases(item, due_periods, quantities, releases)
        item_id = item.id
        periods = self.periods
        release_dates, release_periods, _ordinals, late = self._release_table(
            item.lead_time_days
        )
        for period, quantity in zip(due_periods, quantities, strict=True):
            releases[release_periods[period]] += quantity
        method = item.supply_method
        prefix = f"PO-{item_id}-"
        unit = UNIT
        count_orders = len(due_periods)
        orders = list(
            map(
                PlannedOrder,
                [prefix + str(number) for number in range(1, count_orders + 1)],
                repeat(item_id, count_orders),
                [quantity / unit for quantity in quantities],
                map(periods.__getitem__, due_periods),
                map(release_dates.__getitem__, due_periods),
                repeat(method, count_orders),
                repeat(item.vendor_id if method == "buy" else None, count_orders),
                repeat(item.bom_id if method == "make" else None, count_orders),
                map(late.__getitem__, due_periods),
                [[] for _order in due_periods],
            )
        )
        self.planned_orders += orders
        if late[due_periods[0]]:
            for order in orders:
                if not order.past_due:
                    break
                self._order_exception(item, order, "release_late")
        if method == "buy" and item.vendor_id is None:
            for order in orders:
                self._order_exception(item, order, "no_vendor")
        return orders

    def _make_purchases(self, item, due_periods, quantities, releases):
        """:meth:`_make_orders` of a bought item with vendor lines: each order
        takes its own line's vendor and lead time."""
        periods = self.periods
        prefix = f"PO-{item.id}-"
        orders = []
        for number, (period, quantity) in enumerate(
            zip(due_periods, quantities, strict=True), 1
        ):
            vendor_id, lead = self._seller(item, period, quantity)
            dates, release_periods, _ordinals, late = self._release_table(lead)
            releases[release_periods[period]] += quantity
            orders.append(
                PlannedOrder(
                    prefix + str(number),
                    item.id,
                    quantity / UNIT,
                    periods[period],
                    dates[period],
                    "buy",
                    vendor_id,
                    None,
                    late[period],
                    [],
                )
            )
        self.planned_orders += orders
        for order in orders:
            if order.past_due:
                self._order_exception(item, order, "release_late")
            if order.vendor_id is None:
                self._order_exception(item, order, "no_vendor")
        return orders

    def _order_exception(self, item, order, kind):
        what = (
            f"Planned order {order.key} for {_fmt(_micro(order.quantity))} "
            f"{item.name} due {order.due_date}"
        )
        if kind == "release_late":
            suggested = self.today
            message = (
                f"{what} should have been released on {order.release_date}; "
                "release it now."
            )
        else:
            suggested = None
            message = f"{what} has no vendor to buy from."
        self.exceptions.append(
            ExceptionMessage(
                item.id, kind, None, order.release_date, suggested, message
            )
        )

    def _explode(self, item, orders, due_periods, quantities, top_refs, pieces):
        """Dependent demand of each planned order, at its release date."""
        _dates, release_periods, ordinals, _late = self._release_table(
            item.lead_time_days
        )
        rows = [
            (ordinals[period], quantity, order.key, top_ref, release_periods[period])
            for period, quantity, order, top_ref in zip(
                due_periods, quantities, orders, top_refs, strict=True
            )
        ]
        self._pass_down(item, rows, pieces)

    def _explode_firm(self, item, supplies, pieces):
        """A firm planned order of a make item is a scheduled receipt like any
        other, but nothing else will ask for its components: it demands them at
        its release date (due date minus lead time), referenced by the order."""
        offset = timedelta(days=item.lead_time_days)
        bucket = self._bucket
        rows = []
        for supply in supplies:
            quantity = _micro(supply.quantity)
            where = bucket(supply.date - offset)
            if where is not None and quantity:
                period, ordinal = where
                rows.append((ordinal, quantity, supply.ref, supply.ref, period))
        self._pass_down(item, rows, pieces)

    def _pass_down(self, item, rows, pieces):
        """Dependent pieces of ``rows`` (the parent's own) to each component."""
        items = self.items
        for line in item.bom_lines:
            factor = _line_factor(item, line)
            if factor <= 0 or not items[line.component_id].planned:
                continue
            target = pieces.setdefault(line.component_id, [])
            if factor == 1:
                target += rows  # pieces are immutable tuples: shared
            else:
                target += [
                    (ordinal, scaled, key, top_ref, period)
                    for ordinal, quantity, key, top_ref, period in rows
                    if (scaled := round(quantity * factor)) > 0
                ]

    def _review_supplies(self, item, gross, receipts, on_hand, safety, reviewed):
        """Exception messages on existing (not firm) supplies of one item.

        A supply is needed from the first period where the projection WITHOUT it
        (and without any planned order) falls below the safety stock: "cancel"
        when there is no such period in the horizon, "expedite" when that period
        comes before the supply's period, "defer" when after it (suggested date:
        that period's start). O(periods) per supply.
        """
        n = self.n
        periods = self.periods
        base = []
        stock = on_hand
        first_short = n
        for period in range(n):
            stock += receipts[period] - gross[period]
            base.append(stock)
            if stock < safety and first_short == n:
                first_short = period
        for period, quantity, supply in reviewed:
            needed = first_short
            if needed >= period:
                needed = n
                threshold = safety + quantity
                for later in range(period, n):
                    if base[later] < threshold:
                        needed = later
                        break
            if needed == period:
                continue
            what = (
                f"{supply.ref} ({supply.kind} of {_fmt(quantity)} {item.name} due "
                f"{supply.date})"
            )
            if needed == n:
                kind, suggested = "cancel", None
                message = f"Cancel {what}: it is not needed within the horizon."
            elif needed < period:
                kind, suggested = "expedite", periods[needed]
                message = f"Expedite {what} to {suggested}: it is needed earlier."
            else:
                kind, suggested = "defer", periods[needed]
                message = f"Defer {what} to {suggested}: it is not needed before."
            self.exceptions.append(
                ExceptionMessage(
                    item.id, kind, supply.ref, supply.date, suggested, message
                )
            )


def _line_factor(item, line):
    """Component quantity per unit of the parent's order: the line's quantity
    grossed up by its scrap percentage and by the parent's yield."""
    factor = line.quantity
    if line.scrap:
        factor *= 1 + line.scrap / 100
    if item.yield_percent != 100:
        factor /= item.yield_percent / 100
    return factor


def _consume_forecast(forecasts, actuals):
    """Forecast pieces left once actual demand of their period consumed them.

    Per period gross = max(forecast, actual): the actual pieces all stay; the
    forecast pieces are reduced, earliest first, by the period's actual total.
    Returns the actual pieces followed by what is left of the forecasts.
    """
    if not actuals:
        return forecasts
    consumed = {}
    for piece in actuals:
        consumed[piece[4]] = consumed.get(piece[4], 0) + piece[1]
    kept = list(actuals)
    forecasts.sort(key=_ORDINAL)
    for piece in forecasts:
        left = consumed.get(piece[4])
        if not left:
            kept.append(piece)
            continue
        quantity = piece[1]
        if quantity <= left:
            consumed[piece[4]] = left - quantity
            continue
        consumed[piece[4]] = 0
        kept.append((piece[0], quantity - left, *piece[2:]))
    return kept


def _net(item, gross, receipts, on_hand, safety, projected, nets, planned):
    """Period-by-period netting and lot sizing of one item.

    Fills ``projected``, ``nets`` and ``planned`` in place and returns the planned
    orders as two lists, due periods and quantities, in date order.
    """
    policy = item.lot_policy
    rounding = _micro(item.rounding)
    half = rounding // 2
    multiple = _micro(item.multiple)
    fixed = _micro(item.fixed_qty)
    minimum = _micro(item.min_qty)
    cap = _micro(item.max_qty)
    if cap and multiple:
        cap -= cap % multiple
    horizon = item.poq_periods
    n = len(gross)
    due_periods = []
    quantities = []
    stock = on_hand
    for period in range(n):
        demand = gross[period]
        available = stock + receipts[period]
        need = demand + safety - available
        if rounding > 1 and need > 0:
            # as Odoo compares quantities: to the unit's precision, half up
            need = (need + half) // rounding * rounding
        if need <= 0:
            stock = available - demand
            projected[period] = stock
            continue
        nets[period] = need
        if policy == "lfl":
            quantity = need
            if multiple and quantity % multiple:
                quantity += multiple - quantity % multiple
            due_periods.append(period)
            quantities.append(quantity)
        elif policy == "foq":
            quantity = -(-need // fixed) * fixed
            due_periods.append(period)
            quantities.append(quantity)
        elif policy == "poq":
            # continue the projection with no planned receipt: the order covers
            # the largest shortfall below safety stock over its periods
            quantity = need
            running = available - demand
            for later in range(period + 1, min(period + horizon, n)):
                running += receipts[later] - gross[later]
                if safety - running > quantity:
                    quantity = safety - running
            if rounding > 1:
                quantity = (quantity + half) // rounding * rounding
            quantity = _round_up(quantity, multiple)
            due_periods.append(period)
            quantities.append(quantity)
        else:  # minmax: several orders of at most ``cap`` when one is not enough
            quantity = 0
            while quantity < need:
                lot = _round_up(max(need - quantity, minimum), multiple)
                if cap and lot > cap:
                    lot = cap
                due_periods.append(period)
                quantities.append(lot)
                quantity += lot
        planned[period] = quantity
        stock = available + quantity - demand
        projected[period] = stock
    return due_periods, quantities


def _peg(orders, due_periods, quantities, requirements, receipts, on_hand, safety):
    """Give each planned order's quantity to the requirements it covers.

    Supply is lined up in time order (on hand, then per period the scheduled
    receipts before the planned orders) and requirements in date order, the
    safety stock first: each requirement takes from the earliest supply not used
    up yet (FIFO). Netting guarantees that what a period needs has arrived by
    then. Both lines are cumulated, so unit ``x`` of supply covers unit ``x`` of
    requirement: an order's range is found by bisection and only the
    requirements it overlaps are visited. Returns, per order, the top_ref its
    dependent demand inherits: that of the first requirement it covers, else the
    order's own key.
    """
    requirements.sort(key=_ORDINAL)
    # bounds[k] .. bounds[k + 1]: requirement k; 0 .. bounds[0]: safety stock
    bounds = list(accumulate(map(_QUANTITY, requirements), initial=safety))
    total = bounds[-1]
    size = len(requirements)
    unit = UNIT
    top_refs = []
    position = on_hand
    received_until = -1
    for order, period, quantity in zip(orders, due_periods, quantities, strict=True):
        while received_until < period:
            received_until += 1
            position += receipts[received_until]
        start = position
        end = position = start + quantity
        if start >= total:
            top_refs.append(order.key)
            continue
        index = max(bisect_right(bounds, start) - 1, 0)
        pegging = order.pegging
        while index < size and bounds[index] < end:
            _ordinal, _quantity, ref, top_ref, _period = requirements[index]
            index += 1
            low = bounds[index - 1]
            high = bounds[index]
            share = (high if high < end else end) - (low if low > start else start)
            pegging.append(Pegging(ref, top_ref, share / unit))
        top_refs.append(pegging[0].top_ref if pegging else order.key)
    return top_refs

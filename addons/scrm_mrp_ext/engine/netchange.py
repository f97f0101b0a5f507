"""Net-change planning: replan the changed items and what lies below them.

An item's plan depends only on its own inputs (parameters, bill of materials,
demands, supplies, on hand) and on the dependent demand its parents pass down.
So when the inputs of some items changed ("dirty" items), only those items and
every item below them in the bills of materials can plan differently; the
others keep the plan they had. Their components that must be replanned still
receive their dependent demand: it is rebuilt from the planned orders those
parents kept (the ``previous_orders``), in the same planning order as a full
run, so the replanned items see exactly the pieces a full run would give them
(figures, planned orders, pegging and exceptions equal, which the property
tests check).

What the caller must guarantee: every item whose own inputs changed since the
previous plan is dirty, including the former components of a bill of
materials that changed (they lose demand) and the items of a changed phantom
kit; the periods and today's date are those of the previous plan.
"""

import gc
from dataclasses import dataclass

from .bom import explodes, low_level_codes
from .data import PlanInput, PlanResult
from .planner import UNIT, _consume_forecast, _Run


@dataclass(slots=True)
class NetChange:
    """What :func:`plan_net_change` returns: the plan of the ``replanned``
    items only (tables, planned orders, exceptions) and every item's low-level
    code."""

    plan: PlanResult
    replanned: frozenset


def net_change_scope(items, dirty):
    """``(replan, feeders)``: the items to replan (the dirty ones, all items
    below them, and the phantom kits above one of those, since a kit has no
    plan of its own to keep), and the items outside that set whose exploded
    planned orders reach it (their kept orders are passed down again)."""
    parents = {}
    for item_id, item in items.items():
        if item.bom_lines and explodes(item):
            for line in item.bom_lines:
                parents.setdefault(line.component_id, []).append(item_id)
    replan = set()
    stack = [item_id for item_id in dirty if item_id in items]
    while stack:
        item_id = stack.pop()
        if item_id in replan:
            continue
        replan.add(item_id)
        item = items[item_id]
        if explodes(item):
            stack.extend(line.component_id for line in item.bom_lines)
        stack.extend(
            parent_id
            for parent_id in parents.get(item_id, ())
            if items[parent_id].phantom
        )
    feeders = {
        parent_id
        for item_id in replan
        for parent_id in parents.get(item_id, ())
        if parent_id not in replan
    }
    return replan, feeders


def plan_net_change(data, dirty, previous_orders):
    """Replan the ``dirty`` items of ``data`` and everything below them.

    :param data: the whole :class:`PlanInput` (only the demands, supplies and
        on hand of the items in scope are read: the caller may leave the others
        out)
    :param dirty: ids of the items whose inputs changed
    :param previous_orders: the planned orders of the previous plan, at least
        those of the feeders (see :func:`net_change_scope`); their pegging may
        be tuples or lists ``[demand ref, top ref, quantity]``
    :return: a :class:`NetChange`
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _NetChangeRun(data, dirty, previous_orders).execute()
    finally:
        if collecting:
            gc.enable()


def merge_plans(previous, change):
    """The whole plan: ``previous`` with the items of ``change`` replanned, in
    the order a full run gives (low-level code, then id)."""
    replanned = change.replanned
    new = change.plan
    codes = new.low_level_codes

    def key(row):
        return (codes.get(row.item_id, -1), row.item_id)

    def merged(old_rows, new_rows):
        rows = [
            row
            for row in old_rows
            if row.item_id not in replanned and row.item_id in codes
        ]
        # a stable sort keeps each item's own rows in their order
        return sorted(rows + list(new_rows), key=key)

    return PlanResult(
        periods=new.periods,
        tables=merged(previous.tables, new.tables),
        planned_orders=merged(previous.planned_orders, new.planned_orders),
        exceptions=merged(previous.exceptions, new.exceptions),
        low_level_codes=codes,
    )


def _order_number(order):
    return int(order.key.rsplit("-", 1)[1])


class _NetChangeRun(_Run):
    def __init__(self, data, dirty, previous_orders):
        self.dirty = dirty
        self.previous_orders = previous_orders
        super().__init__(data)

    def execute(self, progress=None):
        self._check_periods()
        items = self.items
        codes = low_level_codes(items)
        replan, feeders = net_change_scope(items, self.dirty)
        scope = replan | feeders
        whole = self.data
        self.data = PlanInput(
            today=whole.today,
            periods=whole.periods,
            horizon_end=whole.horizon_end,
            items={item_id: items[item_id] for item_id in replan},
            on_hand={
                item_id: quantity
                for item_id, quantity in whole.on_hand.items()
                if item_id in replan
            },
            demands=[row for row in whole.demands if row.item_id in replan],
            supplies=[row for row in whole.supplies if row.item_id in scope],
        )
        self.items = self.data.items
        self._check_items()
        forecast, actual, pieces = self._load_demands()
        self.items = items
        receipts, reviewed, firm = self._load_supplies()
        on_hand = self._load_on_hand()
        kept = {}
        for order in self.previous_orders:
            if order.item_id in feeders:
                kept.setdefault(order.item_id, []).append(order)
        for item_id in sorted(scope, key=lambda key: (codes[key], key)):
            item = items[item_id]
            if not item.planned:
                continue
            if item_id in feeders:
                self._feed(item, kept.get(item_id, ()), pieces)
                if item_id in firm:
                    self._explode_firm(item, firm[item_id], pieces)
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
        self.data = whole
        return NetChange(
            PlanResult(
                periods=self.periods,
                tables=self.tables,
                planned_orders=self.planned_orders,
                exceptions=self.exceptions,
                low_level_codes=codes,
            ),
            frozenset(replan),
        )

    def _feed(self, item, orders, pieces):
        """Pass down the dependent demand of a kept item's planned orders, as
        :meth:`_plan_item` did when it planned them."""
        if not orders or item.supply_method != "make" or not item.bom_lines:
            return
        index = {start: position for position, start in enumerate(self.periods)}
        orders = sorted(orders, key=_order_number)
        due_periods = []
        for order in orders:
            period = index.get(order.due_date)
            if period is None:
                raise ValueError(
                    f"Planned order {order.key} is due {order.due_date}, not at a "
                    "period start: the periods changed since the previous plan, "
                    "which needs a full run."
                )
            due_periods.append(period)
        quantities = [round(order.quantity * UNIT) for order in orders]
        top_refs = [
            order.pegging[0][1] if order.pegging else order.key for order in orders
        ]
        self._explode(item, orders, due_periods, quantities, top_refs, pieces)

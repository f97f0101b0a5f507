"""Time-phased, multi-level material requirements planning over plain data.

No ORM here (standard library only): the addon loads a :class:`PlanInput`, calls
:func:`plan` and stores the :class:`PlanResult`. Quantities are in each item's own
unit. They are rounded to 6 decimals on input and carried as integer micro-units,
so sums and comparisons are exact (no epsilon is needed) and every output
quantity is rounded to 6 decimals. Input data is never modified.

Periods
    ``periods`` are sorted period start dates; period ``i`` is
    ``[periods[i], periods[i + 1])`` and the last one ends at ``horizon_end``
    (excluded). A date belongs to the last period starting on or before it; a
    date before ``periods[0]`` falls in period 0 (past due); a demand or supply
    dated on or after ``horizon_end`` is ignored.

Gross requirements
    Per item and period: ``max(forecasts, actual demand) + additive demand``.
    Forecasts (kind ``"forecast"``) are consumed by actual demand (``"sale"`` and
    any kind not named here) of the same period, not added to it. Demand of kind
    ``"component"`` (components of confirmed manufacturing orders) and dependent
    demand from planned orders of parents are added.

Low-level codes
    0 for items no make item or phantom kit uses, else the deepest level the item
    appears at (max over parents + 1). Items are planned once, in increasing
    code, so all dependent demand on an item is known before it is netted. A
    bill of materials that contains itself, directly or through others
    (phantoms included), raises :class:`BomCycleError`. The BoM lines of a bought
    item are ignored.

Netting, per item and period ``t``
    ``available = projected_on_hand[t-1] (on hand for t = 0) + scheduled_receipts[t]``;
    ``net_requirement = max(0, gross + safety_stock - available)``; when it is
    positive a receipt is planned per the lot policy;
    ``projected_on_hand[t] = available + planned_receipt - gross``. Open supplies
    of every kind (firm planned orders included) are scheduled receipts.
    With an item ``rounding`` (its unit's precision, e.g. 0.01), the net
    requirement is first rounded half-up to a multiple of it, as Odoo compares
    quantities: a residue below half the precision (dependent demand of
    fractional BoM lines, rounded per piece to 6 decimals) plans nothing and
    never buys an extra lot; the projection keeps the exact residue.

Lot policies (``multiple`` rounds up, after ``min_qty``)
    - ``lfl``: the net requirement, rounded up to ``multiple``.
    - ``foq``: ``k * fixed_qty``, the smallest k covering the net requirement.
    - ``minmax``: at least ``min_qty``, rounded up to ``multiple``; when above
      ``max_qty`` (rounded down to ``multiple``) several orders of at most that
      size are planned for the same date until the requirement is covered.
    - ``poq``: one order covers the periods ``t .. t + poq_periods - 1``: the
      projection is continued with no planned receipt and the order is the
      largest shortfall below safety stock over those periods (the sum of their
      net requirements), rounded up to ``multiple``.

Lead time
    A planned order is due at its period start; it is released ``lead_time_days``
    calendar days earlier; its quantity is counted as planned release in the
    period of the release date (period 0 when earlier). An order whose release
    date is before ``today`` is kept, flagged ``past_due`` and gets a
    ``release_late`` message (suggested date: today).

Vendors
    A bought item with ``sellers`` (vendor lines, in the vendors' order of
    preference) picks one per planned order, as Odoo picks a vendor line for a
    purchase: the lines valid on ``max(due date, today)`` (``date_start`` and
    ``date_end`` included) whose ``min_qty`` the order reaches; the vendor of
    the first of them, and of that vendor's valid lines the lowest ``rank``.
    The order takes that line's vendor and lead time. When no line qualifies,
    the item's ``vendor_id`` and ``lead_time_days`` apply (the fallback).

Dependent demand
    Each planned order of a make item requires ``quantity * line.quantity`` of
    each component at the order's release date, referenced by the order's key
    (``PO-<item id>-<n>``). A firm planned order (supply of kind ``"firm"``) of
    a make item requires its components the same way, at its due date minus the
    item's lead time, referenced by the supply's ref. The demand of a phantom
    kit passes to its components at the same date with the same references,
    recursively; kits get no records or orders and their on hand and supplies
    are ignored. Items with
    ``planned=False`` are skipped entirely: no records, no orders, and no demand
    is passed to them.
    Scrap and yield gross the component quantity up: per unit of the parent it
    is ``line.quantity * (1 + line.scrap / 100) / (parent.yield_percent / 100)``
    (a line with 10 % scrap asks for 1.1 per unit; a parent with a yield of
    80 % starts 1.25 units for each good one), rounded per piece to 6 decimals.

Pegging
    Per item, supply is lined up in time order (on hand; then per period the
    scheduled receipts, then the planned orders) and requirements in date order,
    the safety stock first; requirements of the same date keep their arrival
    order (component and dependent demand, then actual demand, then forecasts,
    each in input order). Each requirement takes from the earliest supply not
    used up yet (FIFO; netting guarantees that what a period needs has arrived
    by then); the parts planned orders give are their pegging, one
    ``Pegging(demand_ref, top_ref, quantity)`` per requirement an order covers,
    so a requirement can be split over several orders. What an order covers
    beyond any requirement (safety stock, lot-size surplus) is not pegged.
    ``top_ref`` is the ref of the independent demand (forecast, sale,
    component...) itself; for dependent demand it is inherited from the parent
    order: the ``top_ref`` of the first requirement that order covers (the one
    whose shortage triggered it), or the parent order's own key when it covers
    none (an order for stock). One root per parent order keeps pegging linear
    in size; the quantities pegged stay exact.

Exceptions
    On each existing, not firm, supply within the horizon: it is needed from the
    first period in which the projection without it (and without planned
    orders) falls below safety stock. ``cancel`` when no such period exists;
    ``expedite`` when that period comes before the supply's period; ``defer``
    when it comes after it (suggested date: that period's start); supplies due
    after the horizon are not judged. It costs O(periods) per supply. On
    planned orders: ``release_late`` (past due, suggested date: today) and
    ``no_vendor`` (bought, no vendor).

Validation
    ``ValueError`` naming the item for negative demand, supply or on-hand
    quantities, negative lead times, safety stocks, lot sizes, multiples or BoM
    quantities, unknown policies or supply methods, ``foq`` without
    ``fixed_qty``, ``poq_periods < 1``, ``min_qty > max_qty`` or no multiple
    between them, demand or supply of an item not in ``items``, a BoM component
    not in ``items``, and empty or unsorted periods. On hand of items not in
    ``items`` is ignored.

Output: ``tables`` (one :class:`ItemTable` per planned item: its figures per
period; ``records`` gives them as one :class:`PeriodRecord` per item and
period), planned orders, exceptions and low-level codes. Order: tables and
planned orders item by item in planning order (low-level
code, then id), periods and orders in date order.
"""

from .bom import low_level_codes
from .data import (
    BomCycleError,
    BomLine,
    Demand,
    ExceptionMessage,
    Item,
    ItemTable,
    Pegging,
    PeriodRecord,
    PlanInput,
    PlannedOrder,
    PlanResult,
    Seller,
    Supply,
)
from .netchange import NetChange, merge_plans, net_change_scope, plan_net_change
from .planner import plan

__all__ = [
    "BomCycleError",
    "BomLine",
    "Demand",
    "ExceptionMessage",
    "Item",
    "ItemTable",
    "NetChange",
    "Pegging",
    "PeriodRecord",
    "PlanInput",
    "PlanResult",
    "PlannedOrder",
    "Seller",
    "Supply",
    "low_level_codes",
    "merge_plans",
    "net_change_scope",
    "plan",
    "plan_net_change",
]

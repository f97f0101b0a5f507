"""Plain data the engine reads and writes: slotted dataclasses, no behaviour."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


@dataclass(slots=True)
class BomLine:
    """One component of a bill of materials.

    ``quantity`` is per ONE unit of the parent, already in the component's unit.
    """

    component_id: int
    quantity: float
    scrap: float = 0.0  # percent of the component lost: demand grossed up by it


@dataclass(slots=True)
class Seller:
    """A vendor line a planned purchase may take (see the package docstring).

    ``min_qty`` is in the item's unit; ``rank`` orders the lines of one vendor
    by preference (the lowest wins); ``date_start`` / ``date_end`` (included)
    may be ``None``."""

    vendor_id: int
    lead_time_days: int
    min_qty: float = 0.0
    date_start: date | None = None
    date_end: date | None = None
    rank: int = 0


@dataclass(slots=True)
class Item:
    """A product as the planner sees it (see the package docstring for policies)."""

    id: int
    name: str
    supply_method: str  # "buy" or "make"
    lead_time_days: int = 0
    safety_stock: float = 0.0
    lot_policy: str = "lfl"  # "lfl" | "foq" | "minmax" | "poq"
    fixed_qty: float = 0.0
    min_qty: float = 0.0
    max_qty: float = 0.0
    multiple: float = 0.0
    poq_periods: int = 1
    vendor_id: int | None = None
    bom_id: int | None = None
    bom_lines: list[BomLine] = field(default_factory=list)
    phantom: bool = False
    planned: bool = True
    rounding: float = 0.0  # the unit's precision: a smaller residue buys nothing
    sellers: list[Seller] = field(default_factory=list)
    # percent of a made item's output that is good: its components are
    # demanded for the whole start quantity (order quantity / yield)
    yield_percent: float = 100.0


@dataclass(slots=True)
class Demand:
    """A requirement: "forecast", "sale", "component" or any other (actual) kind."""

    item_id: int
    date: date
    quantity: float
    kind: str
    ref: str


@dataclass(slots=True)
class Supply:
    """An open receipt: "purchase", "production", "rfq", "firm" (planned order)..."""

    item_id: int
    date: date
    quantity: float
    kind: str
    ref: str


@dataclass(slots=True)
class PlanInput:
    """Everything one run needs; ``periods`` are sorted period start dates."""

    today: date
    periods: list[date]
    horizon_end: date
    items: dict[int, Item]
    on_hand: dict[int, float]
    demands: list[Demand]
    supplies: list[Supply]


@dataclass(slots=True)
class PeriodRecord:
    """One line of the time-phased table of a planned item, for one period."""

    item_id: int
    period_index: int
    period_start: date
    gross: float
    scheduled_receipts: float
    projected_on_hand: float
    net_requirement: float
    planned_receipt: float
    planned_release: float


class Pegging(NamedTuple):
    """A share of a planned order given to one demand, and the demand's root
    (a tuple: plans hold a million of them, and JSON writes them as arrays)."""

    demand_ref: str
    top_ref: str
    quantity: float


@dataclass(slots=True)
class PlannedOrder:
    """A proposed purchase or manufacturing order."""

    key: str
    item_id: int
    quantity: float
    due_date: date
    release_date: date
    supply_method: str
    vendor_id: int | None
    bom_id: int | None
    past_due: bool
    pegging: list[Pegging]


@dataclass(slots=True)
class ExceptionMessage:
    """Something the planner should act on ("expedite", "defer", "cancel"...)."""

    item_id: int
    kind: str
    supply_ref: str | None
    date: date | None
    suggested_date: date | None
    message: str


@dataclass(slots=True)
class ItemTable:
    """The time-phased table of one planned item: one list per figure, one value
    per period (the columns of its period records)."""

    item_id: int
    gross: list[float]
    scheduled_receipts: list[float]
    projected_on_hand: list[float]
    net_requirement: list[float]
    planned_receipt: list[float]
    planned_release: list[float]


@dataclass(slots=True)
class PlanResult:
    """What :func:`plan` returns."""

    periods: list[date]
    tables: list[ItemTable]
    planned_orders: list[PlannedOrder]
    exceptions: list[ExceptionMessage]
    low_level_codes: dict[int, int]

    @property
    def records(self):
        """The tables as one :class:`PeriodRecord` per item and period (built on
        each call: storing the tables does not need them)."""
        return [
            PeriodRecord(table.item_id, index, start, *figures)
            for table in self.tables
            for index, (start, *figures) in enumerate(
                zip(
                    self.periods,
                    table.gross,
                    table.scheduled_receipts,
                    table.projected_on_hand,
                    table.net_requirement,
                    table.planned_receipt,
                    table.planned_release,
                    strict=True,
                )
            )
        ]


class BomCycleError(ValueError):
    """Bills of materials that contain themselves, directly or through others.

    ``items`` lists the item ids of the cycle in order, the first repeated last.
    """

    def __init__(self, items, names):
        self.items = list(items)
        super().__init__("Bill of materials cycle: " + " -> ".join(names))

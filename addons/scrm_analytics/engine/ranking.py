"""Who can supply this, at what price: the suppliers of a product ranked by
landed unit price in the company currency and the product's unit of measure,
with the fit of their lead time against the need date and their delivery
record.

Every offer is a price break of a supplier (``min_qty`` and ``price`` in the
offer's purchase unit and currency). For a quantity, each supplier's applicable
break is the one with the largest minimum quantity the quantity reaches; a
supplier none of whose breaks the quantity reaches is left out.
"""

from datetime import timedelta
from typing import NamedTuple


class Offer(NamedTuple):
    supplier_id: int
    min_qty: float  # in the purchase unit
    price: float  # per purchase unit, in the offer's currency
    rate: float  # company currency per one unit of the offer's currency
    uom_factor: float  # product units in one purchase unit
    lead_days: int
    landed_percent: float = 0.0  # freight, duty, handling on top of the price
    ref: object = None  # the caller's record (e.g. the supplierinfo id)


class Ranked(NamedTuple):
    supplier_id: int
    offer: Offer
    unit_price: float  # company currency per product unit
    landed_price: float
    arrival: object
    fits: bool
    late_days: int
    on_time_rate: object  # 0-100, None when unknown
    in_full_rate: object
    rank: int


def rank_suppliers(offers, qty, need_date, today, scores=None):
    """``qty`` in the product's unit; ``scores``: ``{supplier_id: (on_time,
    in_full)}`` in percent. Suppliers arriving in time first, then by landed
    unit price, then by on-time rate (unknown last), then by supplier id."""
    if qty <= 0:
        raise ValueError("the quantity must be positive")
    scores = scores or {}
    best = {}
    for offer in offers:
        if offer.uom_factor <= 0 or offer.rate <= 0:
            raise ValueError("unit factors and currency rates must be positive")
        if qty < offer.min_qty * offer.uom_factor:
            continue
        current = best.get(offer.supplier_id)
        if current is None or (offer.min_qty, -offer.price) > (
            current.min_qty,
            -current.price,
        ):
            best[offer.supplier_id] = offer
    rows = []
    for supplier_id, offer in best.items():
        unit = offer.price * offer.rate / offer.uom_factor
        landed = unit * (1 + offer.landed_percent / 100.0)
        arrival = today + timedelta(days=offer.lead_days)
        late = max(0, (arrival - need_date).days)
        on_time, in_full = scores.get(supplier_id, (None, None))
        rows.append(
            [
                supplier_id,
                offer,
                unit,
                landed,
                arrival,
                late == 0,
                late,
                on_time,
                in_full,
            ]
        )
    rows.sort(
        key=lambda row: (
            not row[5],
            round(row[3], 6),
            -(row[7] if row[7] is not None else -1),
            row[0],
        )
    )
    return [Ranked(*row, rank) for rank, row in enumerate(rows, start=1)]

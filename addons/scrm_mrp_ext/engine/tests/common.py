"""Helpers for the tests of the pure-Python MRP engine (no database, no test here).

The tests run under plain pytest (``make pytest``, no Odoo imported) and under
Odoo's runner (``make test``, which imports them from ``scrm_mrp_ext/tests``):
imported by Odoo the cases are Odoo test cases with their tags, otherwise
unittest ones.

Every scenario plans weekly periods starting on Monday 2025-01-06 (``week(0)``);
``today`` is that Monday unless a test says otherwise. Tables are asserted row by
row against literal lists computed by hand in the tests.
"""

import unittest
from datetime import date, timedelta

from .. import Demand, Item, PlanInput, Supply, plan

if __name__.startswith("odoo.addons."):
    from odoo import tests as odoo_tests

    BaseCase = odoo_tests.BaseCase
    tagged = odoo_tests.tagged
else:
    BaseCase = unittest.TestCase

    def tagged(*_tags):
        """Odoo's test tags mean nothing to pytest."""
        return lambda cls: cls


MONDAY = date(2025, 1, 6)
ROWS = (
    "gross",
    "scheduled_receipts",
    "projected_on_hand",
    "net_requirement",
    "planned_receipt",
    "planned_release",
)


def week(index, day=0):
    """The date ``day`` days after the start of week ``index`` (0 = 2025-01-06)."""
    return MONDAY + timedelta(weeks=index, days=day)


def buy(item_id, name, **values):
    values.setdefault("vendor_id", 100)
    return Item(item_id, name, "buy", **values)


def make(item_id, name, **values):
    values.setdefault("bom_id", 1000 + item_id)
    return Item(item_id, name, "make", **values)


def demand(item_id, when, quantity, ref, kind="sale"):
    return Demand(item_id, when, quantity, kind, ref)


def supply(item_id, when, quantity, ref, kind="purchase"):
    return Supply(item_id, when, quantity, kind, ref)


class EngineCase(BaseCase):
    """Runs the engine on small inputs and compares its tables with literal ones."""

    weeks = 8

    def plan(
        self, items, demands=(), supplies=(), on_hand=None, today=MONDAY, progress=None
    ):
        periods = [week(index) for index in range(self.weeks)]
        return plan(
            PlanInput(
                today=today,
                periods=periods,
                horizon_end=week(self.weeks),
                items={item.id: item for item in items},
                on_hand=dict(on_hand or {}),
                demands=list(demands),
                supplies=list(supplies),
            ),
            progress,
        )

    def records_of(self, result, item_id):
        records = [record for record in result.records if record.item_id == item_id]
        return sorted(records, key=lambda record: record.period_index)

    def orders_of(self, result, item_id):
        return [order for order in result.planned_orders if order.item_id == item_id]

    def assertTable(self, result, item_id, **rows):
        """Each given row (gross=[...], projected_on_hand=[...], ...) equals the
        item's records, period by period; omitted rows must be all zeros."""
        unknown = set(rows) - set(ROWS)
        self.assertFalse(unknown, f"unknown rows {unknown}")
        records = self.records_of(result, item_id)
        self.assertEqual(
            [record.period_index for record in records], list(range(self.weeks))
        )
        self.assertEqual(
            [record.period_start for record in records],
            [week(index) for index in range(self.weeks)],
        )
        for row in ROWS:
            expected = [float(value) for value in rows.get(row, [0] * self.weeks)]
            actual = [getattr(record, row) for record in records]
            self.assertEqual(actual, expected, f"item {item_id}, row {row}")

    def assertOrders(self, result, item_id, expected):
        """Planned orders of the item as (quantity, due date, release date, past
        due) tuples, in date order."""
        self.assertEqual(
            [
                (order.quantity, order.due_date, order.release_date, order.past_due)
                for order in self.orders_of(result, item_id)
            ],
            expected,
        )

    def pegging_of(self, order):
        return [(peg.demand_ref, peg.top_ref, peg.quantity) for peg in order.pegging]

    def exceptions_of(self, result, item_id=None):
        """(kind, item, supply ref, date, suggested date) of the exceptions."""
        return [
            (
                message.kind,
                message.item_id,
                message.supply_ref,
                message.date,
                message.suggested_date,
            )
            for message in result.exceptions
            if item_id is None or message.item_id == item_id
        ]

"""Net-change planning equals a full regenerative run (seeded property test).

Each sequence starts from a full plan of random multi-level data, applies random
changes (demands, supplies, on hand, item parameters, bills of materials, kits,
planned flags), marks dirty the items a change touches (as the addon's write
overrides do) and replans them with :func:`plan_net_change`, building each step
on the previous net-change plan. After every step the merged plan must equal a
full run on the same data: every figure, planned order, peg and exception.
"""

import copy
import random

from .. import (
    BomLine,
    PlanInput,
    merge_plans,
    net_change_scope,
    plan,
    plan_net_change,
)
from .common import MONDAY, EngineCase, buy, demand, make, supply, tagged, week
from .test_engine_properties import POLICIES, random_case

SEQUENCES = 200
STEPS = 6


def _input(items, demands, supplies, on_hand, weeks):
    return PlanInput(
        today=MONDAY,
        periods=[week(index) for index in range(weeks)],
        horizon_end=week(weeks),
        items={item.id: item for item in items},
        on_hand=dict(on_hand),
        demands=list(demands),
        supplies=list(supplies),
    )


class _Data:
    """Random data that random changes alter; each change returns the ids of
    the items whose own inputs it changed."""

    def __init__(self, seed, weeks):
        items, demands, supplies, on_hand = random_case(seed, weeks)
        self.rng = random.Random(seed * 7919 + 1)
        self.weeks = weeks
        self.items = {item.id: item for item in items}
        self.demands = demands
        self.supplies = supplies
        self.on_hand = on_hand
        self.serial = 0
        # random_case's levels: make items take components from lower levels
        self.levels = {}
        for item in items:
            self.levels.setdefault(item.supply_method, []).append(item.id)

    def as_input(self):
        items = copy.deepcopy(list(self.items.values()))
        return _input(items, self.demands, self.supplies, self.on_hand, self.weeks)

    def _ref(self, prefix):
        self.serial += 1
        return f"{prefix},{self.serial}"

    def _when(self):
        return week(self.rng.randrange(-1, self.weeks + 1), self.rng.randrange(7))

    def change(self):
        rng = self.rng
        kind = rng.choice(
            (
                "add_demand",
                "add_demand",
                "drop_demand",
                "edit_demand",
                "add_supply",
                "drop_supply",
                "edit_supply",
                "on_hand",
                "parameters",
                "bom",
                "phantom",
                "planned",
            )
        )
        return getattr(self, f"_{kind}")()

    def _add_demand(self):
        item_id = self.rng.choice(list(self.items))
        kind = self.rng.choice(("sale", "sale", "forecast", "component"))
        self.demands.append(
            demand(
                item_id,
                self._when(),
                self.rng.randint(1, 25),
                self._ref(kind),
                kind,
            )
        )
        return {item_id}

    def _drop_demand(self):
        if not self.demands:
            return set()
        row = self.demands.pop(self.rng.randrange(len(self.demands)))
        return {row.item_id}

    def _edit_demand(self):
        if not self.demands:
            return set()
        index = self.rng.randrange(len(self.demands))
        old = self.demands[index]
        new = copy.copy(old)
        new.quantity = self.rng.randint(1, 25)
        new.date = self._when()
        if self.rng.random() < 0.3:
            new.item_id = self.rng.choice(list(self.items))
        self.demands[index] = new
        return {old.item_id, new.item_id}

    def _add_supply(self):
        item_id = self.rng.choice(list(self.items))
        kind = self.rng.choice(("purchase", "production", "firm"))
        self.supplies.append(
            supply(
                item_id,
                self._when(),
                self.rng.randint(1, 30),
                self._ref(kind),
                kind,
            )
        )
        return {item_id}

    def _drop_supply(self):
        if not self.supplies:
            return set()
        row = self.supplies.pop(self.rng.randrange(len(self.supplies)))
        return {row.item_id}

    def _edit_supply(self):
        if not self.supplies:
            return set()
        index = self.rng.randrange(len(self.supplies))
        new = copy.copy(self.supplies[index])
        new.quantity = self.rng.randint(0, 30)
        new.date = self._when()
        self.supplies[index] = new
        return {new.item_id}

    def _on_hand(self):
        item_id = self.rng.choice(list(self.items))
        self.on_hand[item_id] = self.rng.randint(0, 40)
        return {item_id}

    def _parameters(self):
        item = self.rng.choice(list(self.items.values()))
        for name, value in {
            "lot_policy": "lfl",
            "fixed_qty": 0.0,
            "min_qty": 0.0,
            "max_qty": 0.0,
            "multiple": 0.0,
            "poq_periods": 1,
            **self.rng.choice(POLICIES),
            "lead_time_days": self.rng.choice((0, 3, 7, 14)),
            "safety_stock": self.rng.choice((0, 2, 5.5)),
            "yield_percent": self.rng.choice((100, 100, 80)),
        }.items():
            setattr(item, name, value)
        return {item.id}

    def _bom(self):
        """Replace a line of a made item's bill of materials: the parent and
        its former components change (they lose the parent's demand)."""
        made = [i for i in self.items.values() if i.supply_method == "make"]
        item = self.rng.choice(made)
        codes = plan(self.as_input()).low_level_codes
        lower = [i for i in self.items if codes[i] > codes[item.id]]
        changed = {item.id} | {line.component_id for line in item.bom_lines}
        lines = list(item.bom_lines)
        if lines and self.rng.random() < 0.4:
            lines.pop(self.rng.randrange(len(lines)))
        if lower:
            lines.append(
                BomLine(
                    self.rng.choice(lower),
                    self.rng.choice((1, 2, 0.5, 3)),
                    self.rng.choice((0, 0, 10)),
                )
            )
        item.bom_lines = lines
        return changed

    def _phantom(self):
        """A made item becomes a kit, or a kit a made item again."""
        made = [i for i in self.items.values() if i.supply_method == "make"]
        item = self.rng.choice(made)
        item.phantom = not item.phantom
        return {item.id}

    def _planned(self):
        item = self.rng.choice(list(self.items.values()))
        item.planned = not item.planned
        return {item.id}


def _by_item(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.item_id, []).append(row)
    return grouped


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestNetChange(EngineCase):
    weeks = 10

    def assertSamePlan(self, net, full, context):
        self.assertEqual(net.low_level_codes, full.low_level_codes, context)
        self.assertEqual(
            {table.item_id for table in net.tables},
            {table.item_id for table in full.tables},
            context,
        )
        for name in ("tables", "planned_orders", "exceptions"):
            self.assertEqual(
                _by_item(getattr(net, name)), _by_item(getattr(full, name)), context
            )
            # and in the order a full run writes them
            self.assertEqual(getattr(net, name), getattr(full, name), context)

    def test_random_change_sequences(self):
        replanned = total = 0
        for seed in range(SEQUENCES):
            data = _Data(seed, self.weeks)
            current = plan(data.as_input())
            for step in range(STEPS):
                dirty = set()
                for _change in range(data.rng.randint(1, 3)):
                    dirty |= data.change()
                change = plan_net_change(data.as_input(), dirty, current.planned_orders)
                current = merge_plans(current, change)
                full = plan(data.as_input())
                self.assertSamePlan(current, full, f"seed {seed}, step {step}")
                replanned += len(change.replanned)
                total += len(data.items)
        # net change replans a part of the items, not all of them every time
        self.assertLess(replanned, total * 0.8)

    def test_scope_is_the_dirty_items_and_below(self):
        # 1 -> 2 -> 3 (made), 4 -> 3, 5 bought alone; 6 a kit of 7, made by 8
        items = {
            item.id: item
            for item in (
                make(1, "A", bom_lines=[BomLine(2, 1)]),
                make(2, "B", bom_lines=[BomLine(3, 2)]),
                buy(3, "C"),
                make(4, "D", bom_lines=[BomLine(3, 1)]),
                buy(5, "E"),
                make(6, "K", phantom=True, bom_lines=[BomLine(7, 1)]),
                buy(7, "F"),
                make(8, "G", bom_lines=[BomLine(6, 1)]),
            )
        }
        self.assertEqual(net_change_scope(items, {2}), ({2, 3}, {1, 4}))
        self.assertEqual(net_change_scope(items, {5}), ({5}, set()))
        self.assertEqual(net_change_scope(items, {99}), (set(), set()))
        # a kit has no plan of its own: replanning its component replans it,
        # fed by the made item above it
        self.assertEqual(net_change_scope(items, {7}), ({6, 7}, {8}))

    def test_kept_parent_orders_feed_replanned_component(self):
        """A sale of the component alone replans it, not its parent, and the
        parent's kept planned order is still its demand, pegged as before."""
        items = [
            make(1, "Table", lead_time_days=7, bom_lines=[BomLine(2, 4)]),
            buy(2, "Leg"),
        ]
        demands = [demand(1, week(3), 10, "sale,1")]
        data = _input(items, demands, [], {}, self.weeks)
        previous = plan(data)
        demands.append(demand(2, week(1), 5, "sale,2"))
        data = _input(items, demands, [], {}, self.weeks)
        change = plan_net_change(data, {2}, previous.planned_orders)
        self.assertEqual(change.replanned, frozenset({2}))
        self.assertEqual(
            [o.key for o in change.plan.planned_orders], ["PO-2-1", "PO-2-2"]
        )
        self.assertEqual(
            [(o.due_date, o.quantity) for o in change.plan.planned_orders],
            [(week(1), 5.0), (week(2), 40.0)],
        )
        self.assertEqual(
            [list(o.pegging) for o in change.plan.planned_orders],
            [[("sale,2", "sale,2", 5.0)], [("PO-1-1", "sale,1", 40.0)]],
        )
        self.assertEqual(merge_plans(previous, change), plan(data))

    def test_changed_periods_refused(self):
        items = [make(1, "Table", bom_lines=[BomLine(2, 1)]), buy(2, "Leg")]
        data = _input(items, [demand(1, week(3), 10, "sale,1")], [], {}, self.weeks)
        previous = plan(data)
        moved = _input(items, [demand(1, week(3), 10, "sale,1")], [], {}, self.weeks)
        moved.periods = [week(index, 1) for index in range(self.weeks)]
        with self.assertRaisesRegex(ValueError, "PO-1-1 is due .* full run"):
            plan_net_change(moved, {2}, previous.planned_orders)

"""Invariants of the plan on random multi-level data (seeded, reproducible).

The hand-made tables elsewhere check the rules one by one; here every record,
order and pegging of random plans must satisfy the netting equations, the
dependent demand must be exactly what the parents' orders release, and pegging
must never give more than an order holds or a requirement needs.
"""

import random
from collections import defaultdict
from datetime import timedelta

from .. import BomLine
from .common import EngineCase, buy, demand, make, supply, tagged, week

POLICIES = (
    {"lot_policy": "lfl"},
    {"lot_policy": "lfl", "multiple": 4},
    {"lot_policy": "foq", "fixed_qty": 25},
    {"lot_policy": "poq", "poq_periods": 3},
    {"lot_policy": "minmax", "min_qty": 5, "max_qty": 30, "multiple": 5},
)


def random_case(seed, weeks):
    """Items 1-30 on three levels (ids shuffled), sales, firm and open supply."""
    rng = random.Random(seed)
    ids = list(range(1, 31))
    rng.shuffle(ids)
    levels = [ids[:6], ids[6:16], ids[16:]]
    items = []
    for depth, level in enumerate(levels):
        for item_id in level:
            values = {
                **rng.choice(POLICIES),
                "lead_time_days": rng.choice((0, 2, 7, 10)),
                "safety_stock": rng.choice((0, 0, 3.5)),
            }
            if depth == 2:
                items.append(buy(item_id, f"B{item_id}", **values))
            else:
                lines = [
                    BomLine(
                        rng.choice([i for lower in levels[depth + 1 :] for i in lower]),
                        rng.choice((1, 2, 0.5)),
                    )
                    for _line in range(rng.randint(1, 3))
                ]
                items.append(make(item_id, f"M{item_id}", bom_lines=lines, **values))
    demands = [
        demand(
            rng.choice(ids),
            week(rng.randrange(-1, weeks), rng.randrange(7)),
            rng.randint(1, 20),
            f"sale,{number}",
        )
        for number in range(40)
    ]
    supplies = [
        supply(
            rng.choice(ids),
            week(rng.randrange(weeks), rng.randrange(7)),
            rng.randint(1, 30),
            f"supply,{number}",
            rng.choice(("purchase", "production", "firm")),
        )
        for number in range(10)
    ]
    on_hand = {item_id: rng.randint(0, 15) for item_id in ids if rng.random() < 0.5}
    return items, demands, supplies, on_hand


@tagged("post_install", "-at_install", "scrm_mrp_engine")
class TestEngineProperties(EngineCase):
    weeks = 12

    def test_random_plans(self):
        for seed in range(25):
            with self.subTest(seed=seed):
                self.check_plan(*random_case(seed, self.weeks))

    def check_plan(self, items, demands, supplies, on_hand):
        result = self.plan(items, demands, supplies, on_hand)
        by_id = {item.id: item for item in items}
        orders = defaultdict(list)
        for order in result.planned_orders:
            orders[order.item_id].append(order)
        # what each item must receive: its own sales and its parents' releases
        expected_gross = defaultdict(lambda: [0.0] * self.weeks)
        for line in demands:
            index = max(min((line.date - week(0)).days // 7, self.weeks), 0)
            if index < self.weeks:
                expected_gross[line.item_id][index] += line.quantity
        for parent_id, parent_orders in orders.items():
            for order in parent_orders:
                release = max((order.release_date - week(0)).days // 7, 0)
                for bom_line in by_id[parent_id].bom_lines:
                    expected_gross[bom_line.component_id][release] += (
                        order.quantity * bom_line.quantity
                    )
        # firm planned orders of make items demand their components too
        for line in supplies:
            parent = by_id[line.item_id]
            if line.kind != "firm" or parent.supply_method != "make":
                continue
            release = line.date - timedelta(days=parent.lead_time_days)
            index = max((release - week(0)).days // 7, 0)
            if (line.date - week(0)).days // 7 >= self.weeks:
                continue
            for bom_line in parent.bom_lines:
                expected_gross[bom_line.component_id][index] += (
                    line.quantity * bom_line.quantity
                )
        self.assertEqual(len(result.records), len(items) * self.weeks)
        for item in items:
            records = self.records_of(result, item.id)
            stock = on_hand.get(item.id, 0)
            due = [0.0] * self.weeks
            released = [0.0] * self.weeks
            for order in orders[item.id]:
                due[(order.due_date - week(0)).days // 7] += order.quantity
                released[max((order.release_date - week(0)).days // 7, 0)] += (
                    order.quantity
                )
                pegged = sum(peg.quantity for peg in order.pegging)
                self.assertLessEqual(pegged, order.quantity + 1e-6)
            for record in records:
                t = record.period_index
                available = stock + record.scheduled_receipts
                self.assertAlmostEqual(record.gross, expected_gross[item.id][t], 6)
                self.assertAlmostEqual(
                    record.net_requirement,
                    max(0.0, record.gross + item.safety_stock - available),
                    6,
                )
                self.assertAlmostEqual(
                    record.projected_on_hand,
                    available + record.planned_receipt - record.gross,
                    6,
                )
                self.assertGreaterEqual(
                    record.projected_on_hand, item.safety_stock - 1e-6
                )
                self.assertAlmostEqual(record.planned_receipt, due[t], 6)
                self.assertAlmostEqual(record.planned_release, released[t], 6)
                if record.net_requirement == 0:
                    self.assertEqual(record.planned_receipt, 0)
                stock = record.projected_on_hand
        # no requirement gets more than it asked for
        pegged_to = defaultdict(float)
        for order in result.planned_orders:
            for peg in order.pegging:
                pegged_to[order.item_id, peg.demand_ref] += peg.quantity
        asked = defaultdict(float)
        for line in demands:
            asked[line.item_id, line.ref] += line.quantity
        for line in supplies:
            if line.kind == "firm" and by_id[line.item_id].supply_method == "make":
                for bom_line in by_id[line.item_id].bom_lines:
                    asked[bom_line.component_id, line.ref] += (
                        line.quantity * bom_line.quantity
                    )
        for order in result.planned_orders:
            for bom_line in by_id[order.item_id].bom_lines:
                asked[bom_line.component_id, order.key] += (
                    order.quantity * bom_line.quantity
                )
        for key, quantity in pegged_to.items():
            self.assertLessEqual(quantity, asked[key] + 1e-6, key)

"""The pure-Python MRP engine of scrm_mrp_ext at scale, without a database.

modules: none

Synthetic data, the same on every run (random.Random(42)): 10,000 items on 4 BoM
levels (1,000 finished, 2,000 made, 3,000 of which a third bought, 4,000 bought;
about 30,000 BoM lines, a fifth of them drawn from any lower level so components
are used at several levels; a few phantom kits), lead times of 0-21 days, some
safety stocks, made items mostly lot-for-lot and bought ones mostly in purchasing
lots (fixed quantities, weeks of supply, min/max), 52 weekly periods, 20,000
demand lines (forecasts and sales of finished products, spare-part sales and
component demand on any item, some past due) and 5,000 open supplies (a quarter
firm).

Figures:
- ``plan()`` on that data, best of 3, and what it produced;
- a baseline measured in the same run on the same data: naive lot-for-lot netting
  without low-level codes, as a one-level-at-a-time (reordering-rule style)
  planner does it: items in id order, and an item is netted again each time one
  of its parents changes the demand it passes down (``naive-nettings`` counts
  them). Each of its nettings does less than the engine's: no lot sizing, no
  forecast consumption, no pegging, no exceptions, lead times in whole weeks.
"""

import gc
import importlib.util
import random
import sys
import time
from bisect import bisect_right
from datetime import date, timedelta
from pathlib import Path

ITEMS = 10_000
LEVELS = (1_000, 2_000, 3_000, 4_000)  # items per level, top first
PERIODS = 52
DEMANDS = 20_000
SUPPLIES = 5_000
LINES_PER_BOM = 6

ENGINE_DIR = Path(__file__).resolve().parent.parent / "addons/scrm_mrp_ext/engine"


def load_engine():
    """The engine package, imported from its folder (no Odoo needed)."""
    spec = importlib.util.spec_from_file_location(
        "scrm_mrp_engine", ENGINE_DIR / "__init__.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def build(engine):
    """A PlanInput of the size above, deterministic."""
    rng = random.Random(42)
    ids = list(range(1, ITEMS + 1))
    rng.shuffle(ids)  # ids do not follow the levels
    levels = []
    start = 0
    for size in LEVELS:
        levels.append(ids[start : start + size])
        start += size
    items = {}
    # bought parts are mostly ordered in purchasing lots (weeks of supply, fixed
    # lots, min/max), made items mostly lot-for-lot
    make_policies = ("lfl", "lfl", "foq", "poq", "minmax")
    buy_policies = ("lfl", "foq", "poq", "poq", "minmax")
    for depth, level in enumerate(levels):
        for item_id in level:
            make = depth < 2 or (depth == 2 and rng.random() < 0.67)
            policy = rng.choice(make_policies if make else buy_policies)
            item = engine.Item(
                id=item_id,
                name=f"P{item_id:05d}",
                supply_method="make" if make else "buy",
                lead_time_days=rng.choice((0, 3, 7, 10, 14, 21)),
                safety_stock=rng.choice((0, 0, 0, 5, 20)),
                lot_policy=policy,
                fixed_qty=rng.choice((50, 100, 250) if make else (500, 1000, 2500))
                if policy == "foq"
                else 0.0,
                min_qty=rng.choice((10, 40)) if policy == "minmax" else 0.0,
                max_qty=rng.choice((0, 0, 2000, 10000)) if policy == "minmax" else 0.0,
                multiple=rng.choice((0, 0, 5, 10)) if policy != "foq" else 0.0,
                poq_periods=rng.choice((2, 3, 4)) if policy == "poq" else 1,
                vendor_id=None if make or rng.random() < 0.02 else rng.randint(1, 300),
                bom_id=item_id if make else None,
                phantom=make and depth == 1 and rng.random() < 0.03,
            )
            items[item_id] = item
    for depth, level in enumerate(levels[:-1]):
        below = [item_id for lower in levels[depth + 1 :] for item_id in lower]
        following = levels[depth + 1]
        for item_id in level:
            item = items[item_id]
            if item.supply_method != "make":
                continue
            for _i in range(LINES_PER_BOM):
                # mostly the next level, sometimes deeper: used at two levels
                pool = following if rng.random() < 0.8 else below
                item.bom_lines.append(
                    engine.BomLine(rng.choice(pool), rng.choice((1, 1, 2, 0.5, 4)))
                )
    today = date(2025, 1, 6)
    periods = [today + timedelta(weeks=week) for week in range(PERIODS)]
    horizon_end = periods[-1] + timedelta(weeks=1)
    demands = []
    for number in range(DEMANDS):
        if rng.random() < 0.7:
            item_id = rng.choice(levels[0])
            kind = rng.choice(("forecast", "sale", "sale"))
        else:
            item_id = rng.choice(ids)
            kind = rng.choice(("sale", "component"))
        day = today + timedelta(days=rng.randint(-10, PERIODS * 7 - 1))
        demands.append(
            engine.Demand(
                item_id, day, rng.randint(1, 60), kind, f"{kind},{number + 1}"
            )
        )
    supplies = []
    for number in range(SUPPLIES):
        item_id = rng.choice(ids)
        kind = rng.choice(("purchase", "production", "rfq", "firm"))
        day = today + timedelta(days=rng.randint(-5, 120))
        supplies.append(
            engine.Supply(
                item_id, day, rng.randint(10, 300), kind, f"{kind},{number + 1}"
            )
        )
    on_hand = {item_id: rng.randint(0, 200) for item_id in ids if rng.random() < 0.6}
    return engine.PlanInput(
        today=today,
        periods=periods,
        horizon_end=horizon_end,
        items=items,
        on_hand=on_hand,
        demands=demands,
        supplies=supplies,
    )


def naive_plan(data):
    """Lot-for-lot netting item by item in id order, no low-level codes.

    Whenever an item is netted, the dependent demand it passes to each component
    is replaced and the component is netted again at once, so a component is
    netted once for itself plus once per netting of each of its parents.
    Returns the number of nettings done and the final tables.
    """
    periods = data.periods
    n = len(periods)
    horizon_end = data.horizon_end

    def period_of(day):
        return max(bisect_right(periods, day) - 1, 0)

    independent = {}
    receipts = {}
    for demand in data.demands:
        if demand.date < horizon_end:
            row = independent.setdefault(demand.item_id, [0.0] * n)
            row[period_of(demand.date)] += demand.quantity
    for supply in data.supplies:
        if supply.date < horizon_end:
            row = receipts.setdefault(supply.item_id, [0.0] * n)
            row[period_of(supply.date)] += supply.quantity
    items = data.items
    dependent = {item_id: [0.0] * n for item_id in items}
    passed = {}
    tables = {}
    nettings = 0
    zeros = [0.0] * n

    def net(item_id):
        nonlocal nettings
        nettings += 1
        item = items[item_id]
        own = independent.get(item_id, zeros)
        extra = dependent[item_id]
        sched = receipts.get(item_id, zeros)
        stock = data.on_hand.get(item_id, 0.0)
        safety = item.safety_stock
        shift = -(-item.lead_time_days // 7)
        releases = [0.0] * n
        table = []
        for period in range(n):
            gross = own[period] + extra[period]
            available = stock + sched[period]
            need = gross + safety - available
            receipt = need if need > 1e-9 else 0.0
            stock = available + receipt - gross
            if receipt:
                releases[max(period - shift, 0)] += receipt
            table.append((gross, sched[period], stock, receipt, receipt))
        tables[item_id] = (table, releases)
        if item.supply_method != "make":
            return
        for index, line in enumerate(item.bom_lines):
            component = line.component_id
            old = passed.get((item_id, index))
            row = dependent[component]
            new = [value * line.quantity for value in releases]
            for period in range(n):
                row[period] += new[period] - (old[period] if old else 0.0)
            passed[item_id, index] = new
            net(component)

    for item_id in sorted(items):
        net(item_id)
    return nettings, tables


def timed(function, repeat=3):
    """Best wall-clock time of ``repeat`` calls, the garbage collector paused
    (``plan()`` pauses it itself; the baseline gets the same treatment)."""
    best = float("inf")
    result = None
    for _i in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = function()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def main():
    engine = load_engine()
    data = build(engine)
    seconds, result = timed(lambda: engine.plan(data))
    naive_seconds, (nettings, _tables) = timed(lambda: naive_plan(data), repeat=1)
    bom_lines = sum(len(item.bom_lines) for item in data.items.values())
    print(f"mrp-engine-plan-{ITEMS}-items: {seconds * 1000:.1f} ms")
    print(f"mrp-engine-items: {len(data.items)}")
    print(f"mrp-engine-bom-lines: {bom_lines}")
    print(f"mrp-engine-low-level-codes: {max(result.low_level_codes.values()) + 1}")
    print(f"mrp-engine-records: {len(result.records)}")
    print(f"mrp-engine-planned-orders: {len(result.planned_orders)}")
    print(f"mrp-engine-exceptions: {len(result.exceptions)}")
    print(f"mrp-engine-naive-nettings: {nettings}")
    print(f"mrp-engine-naive-baseline: {naive_seconds * 1000:.1f} ms")
    print(f"mrp-engine-speedup-vs-naive: {naive_seconds / seconds:.1f} x")


if __name__ == "__main__":
    main()

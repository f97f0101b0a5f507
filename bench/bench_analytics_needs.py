"""What each customer needs, at scale, without a database: the pure-Python engine
of scrm_analytics.

modules: none

Synthetic data, the same on every run (random.Random(42)): 50,000 customers, 500
products, each customer buying 2 to 5 products regularly (a cycle of 30 to 90 days,
with jitter) over two years: about 2.3 million order lines.

Figures:
- ``purchase_cycles()`` (median cycle, next expected order, overdue days) over the
  lines sorted as the loader answers them, best of 3;
- ``association_rules()`` + ``suggestions()`` (co-purchase), best of 3;
- ``rfm_scores()``, best of 3;
- the baseline of the same run: Python's ``sorted()`` of the same order lines, the
  least any computation over them must do.
"""

import importlib.util
import random
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

CUSTOMERS = 50_000
PRODUCTS = 500
TODAY = date(2026, 6, 30)
ENGINE_DIR = Path(__file__).resolve().parent.parent / "addons/scrm_analytics/engine"


def best_of(function, repeat=3):
    """Seconds of the fastest of ``repeat`` calls (benchlib needs Odoo)."""
    best = float("inf")
    for _attempt in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def load(name):
    spec = importlib.util.spec_from_file_location(
        f"scrm_analytics_engine.{name}", ENGINE_DIR / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build():
    rng = random.Random(42)
    start = TODAY - timedelta(days=730)
    orders = []
    for partner in range(1, CUSTOMERS + 1):
        # Customers of a trade buy from the same families of products.
        family = rng.randrange(0, PRODUCTS - 20)
        for product in rng.sample(range(family, family + 20), rng.randint(2, 5)):
            cycle = rng.choice((30, 45, 60, 90))
            day = start + timedelta(days=rng.randrange(cycle))
            while day < TODAY:
                orders.append((partner, product, day, float(rng.randint(1, 50))))
                day += timedelta(days=max(1, cycle + rng.randint(-3, 3)))
    return orders


def main():
    needs = load("needs")
    copurchase = load("copurchase")
    rfm = load("rfm")
    orders = build()
    print(f"order-lines: {len(orders)} lines")
    baseline = best_of(lambda: sorted(orders))
    print(f"baseline-sort: {baseline:.2f} s")
    # The loader answers the lines sorted (ORDER BY in SQL).
    orders.sort(key=lambda row: row[:3])
    cycles = best_of(lambda: needs.purchase_cycles(orders, TODAY, presorted=True))
    found = needs.purchase_cycles(orders, TODAY, presorted=True)
    print(f"purchase-cycles: {cycles:.2f} s ({cycles / baseline:.1f}x baseline)")
    print(f"needs: {len(found)} customer-products")
    baskets = defaultdict(set)
    for partner, product, _day, _qty in orders:
        baskets[partner].add(product)

    def co_purchase():
        rules = copurchase.association_rules(baskets)
        return copurchase.suggestions(baskets, rules)

    co_seconds = best_of(co_purchase, repeat=1)
    print(f"co-purchase: {co_seconds:.2f} s ({co_seconds / baseline:.1f}x baseline)")
    per_partner = {}
    for partner, _product, day, qty in orders:
        last, count, amount = per_partner.get(partner, (day, 0, 0.0))
        per_partner[partner] = (max(last, day), count + 1, amount + qty)
    rows = [(p, *values) for p, values in per_partner.items()]
    rfm_seconds = best_of(lambda: rfm.rfm_scores(rows, TODAY))
    print(f"rfm: {rfm_seconds:.2f} s ({rfm_seconds / baseline:.1f}x baseline)")


if __name__ == "__main__":
    main()

"""Products bought together: association rules "customers who buy A also buy
B" over the set of products each customer buys, and for each customer the
products it does not buy yet that its own products point to.

support(A -> B) = customers buying both / all customers
confidence(A -> B) = customers buying both / customers buying A
lift(A -> B) = confidence(A -> B) / (customers buying B / all customers)
"""

from collections import Counter
from itertools import permutations
from typing import NamedTuple


class Rule(NamedTuple):
    from_product_id: int
    product_id: int
    support: float
    confidence: float
    lift: float


class Suggestion(NamedTuple):
    partner_id: int
    product_id: int
    from_product_id: int
    support: float
    confidence: float
    lift: float


def association_rules(baskets, min_support=0.01, min_confidence=0.2, min_count=2):
    """The rules A -> B of ``baskets`` (``{partner_id: set(product_ids)}``)
    whose pair is bought by at least ``min_count`` customers and which reach
    both thresholds, as ``{(A, B): Rule}``."""
    customers = len(baskets)
    if not customers:
        return {}
    singles = Counter()
    pairs = Counter()
    for products in baskets.values():
        singles.update(products)
        pairs.update(permutations(sorted(products), 2))
    rules = {}
    for (first, second), both in pairs.items():
        support = both / customers
        confidence = both / singles[first]
        if both < min_count or support < min_support or confidence < min_confidence:
            continue
        lift = confidence / (singles[second] / customers)
        rules[first, second] = Rule(first, second, support, confidence, lift)
    return rules


def suggestions(baskets, rules, limit=5):
    """For each customer, up to ``limit`` products it does not buy, each with
    the strongest rule (highest confidence, then support) that points to it
    from a product it buys; best first."""
    by_first = {}
    for rule in rules.values():
        by_first.setdefault(rule.from_product_id, []).append(rule)
    result = []
    for partner_id, products in baskets.items():
        best = {}
        for product in products:
            for rule in by_first.get(product, ()):
                if rule.product_id in products:
                    continue
                key = (rule.confidence, rule.support, -rule.from_product_id)
                current = best.get(rule.product_id)
                if current is None or key > current[0]:
                    best[rule.product_id] = (key, rule)
        ranked = sorted(best.values(), key=lambda item: item[0], reverse=True)
        for _key, rule in ranked[:limit]:
            result.append(
                Suggestion(
                    partner_id,
                    rule.product_id,
                    rule.from_product_id,
                    rule.support,
                    rule.confidence,
                    rule.lift,
                )
            )
    return result

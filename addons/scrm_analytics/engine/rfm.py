"""Customer segments by recency, frequency and monetary value (RFM).

Each measure is scored 1 to 5 by quintile among all customers (5 is best:
most recent, most orders, most money); equal values share the lower score's
rank, so ties never split. The segment follows from the R and F scores.
"""

from bisect import bisect_left
from typing import NamedTuple

SEGMENTS = (
    "champion",
    "loyal",
    "new",
    "at_risk",
    "hibernating",
    "need_attention",
)


class Score(NamedTuple):
    partner_id: int
    recency_days: int
    frequency: int
    monetary: float
    recency_score: int
    frequency_score: int
    monetary_score: int
    segment: str


def quintile(sorted_values, value):
    """1 to 5: the fifth of ``sorted_values`` (ascending) where ``value``
    first appears."""
    return 1 + (5 * bisect_left(sorted_values, value)) // len(sorted_values)


def segment(recency_score, frequency_score):
    if recency_score >= 4 and frequency_score >= 4:
        return "champion"
    if recency_score >= 3 and frequency_score >= 3:
        return "loyal"
    if recency_score >= 4:
        return "new"
    if recency_score <= 2 and frequency_score >= 3:
        return "at_risk"
    if recency_score <= 2:
        return "hibernating"
    return "need_attention"


def rfm_scores(rows, today):
    """``rows``: ``(partner_id, last_order_day, order_count, amount)``."""
    rows = list(rows)
    if not rows:
        return []
    # Recency scores in reverse: fewer days since the last order is better.
    recencies = sorted(-(today - row[1]).days for row in rows)
    frequencies = sorted(row[2] for row in rows)
    amounts = sorted(row[3] for row in rows)
    scores = []
    for partner_id, last_day, count, amount in rows:
        days = (today - last_day).days
        r_score = quintile(recencies, -days)
        f_score = quintile(frequencies, count)
        m_score = quintile(amounts, amount)
        scores.append(
            Score(
                partner_id,
                days,
                count,
                amount,
                r_score,
                f_score,
                m_score,
                segment(r_score, f_score),
            )
        )
    return scores

"""RFM scores and segments by hand."""

from datetime import date

from .. import rfm
from .common import BaseCase, tagged


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestRfm(BaseCase):
    def test_quintiles_and_segments(self):
        today = date(2026, 6, 30)
        # Five customers: one per quintile of each measure.
        rows = [
            (1, date(2026, 6, 29), 20, 5000.0),  # most recent, most often
            (2, date(2026, 6, 20), 15, 4000.0),
            (3, date(2026, 5, 31), 10, 3000.0),
            (4, date(2026, 3, 1), 5, 2000.0),
            (5, date(2025, 6, 30), 1, 100.0),  # a year ago, once
        ]
        scores = {score.partner_id: score for score in rfm.rfm_scores(rows, today)}
        self.assertEqual(scores[1].recency_days, 1)
        self.assertEqual((scores[1].recency_score, scores[1].frequency_score), (5, 5))
        self.assertEqual(scores[1].segment, "champion")
        self.assertEqual(scores[3].segment, "loyal")
        self.assertEqual((scores[5].recency_score, scores[5].monetary_score), (1, 1))
        self.assertEqual(scores[5].segment, "hibernating")
        self.assertEqual(rfm.rfm_scores([], today), [])

    def test_ties_share_a_score(self):
        today = date(2026, 6, 30)
        rows = [(n, date(2026, 6, 1), 3, 100.0) for n in range(1, 5)]
        scores = rfm.rfm_scores(rows, today)
        self.assertEqual({score.frequency_score for score in scores}, {1})
        self.assertEqual(rfm.segment(1, 4), "at_risk")
        self.assertEqual(rfm.segment(5, 1), "new")
        self.assertEqual(rfm.segment(3, 2), "need_attention")

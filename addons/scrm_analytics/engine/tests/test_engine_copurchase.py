"""Co-purchase rules and suggestions, support and confidence by hand."""

from .. import copurchase
from .common import BaseCase, tagged


@tagged("post_install", "-at_install", "scrm_analytics_needs")
class TestCoPurchase(BaseCase):
    def setUp(self):
        super().setUp()
        # Five customers. Pump (1) and seal kit (2) together: customers 1, 2, 3.
        # Pump alone: customer 4. Filter (3): customers 1 and 5.
        self.baskets = {
            1: {1, 2, 3},
            2: {1, 2},
            3: {1, 2},
            4: {1},
            5: {3},
        }

    def test_support_and_confidence(self):
        rules = copurchase.association_rules(
            self.baskets, min_support=0.1, min_confidence=0.5
        )
        pump_to_seal = rules[1, 2]
        # Both bought by 3 of 5 customers: support 0.6; pump bought by 4:
        # confidence 3/4; seal kit bought by 3 of 5: lift 0.75 / 0.6 = 1.25.
        self.assertAlmostEqual(pump_to_seal.support, 0.6)
        self.assertAlmostEqual(pump_to_seal.confidence, 0.75)
        self.assertAlmostEqual(pump_to_seal.lift, 1.25)
        # Seal kit -> pump: 3/3.
        self.assertAlmostEqual(rules[2, 1].confidence, 1.0)
        # Pump and filter together once only: below min_count=2.
        self.assertNotIn((1, 3), rules)

    def test_suggestion_for_customer_without_the_product(self):
        rules = copurchase.association_rules(
            self.baskets, min_support=0.1, min_confidence=0.5
        )
        result = copurchase.suggestions(self.baskets, rules)
        # Only customer 4 buys the pump without the seal kit.
        [suggestion] = result
        self.assertEqual(suggestion.partner_id, 4)
        self.assertEqual(suggestion.product_id, 2)
        self.assertEqual(suggestion.from_product_id, 1)
        self.assertAlmostEqual(suggestion.support, 0.6)
        self.assertAlmostEqual(suggestion.confidence, 0.75)
        self.assertEqual(copurchase.association_rules({}), {})

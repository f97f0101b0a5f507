from datetime import timedelta

from odoo.tests import tagged

from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_proposal")
class TestProposalPrice(VmiCommon):
    """An approved proposal is bought at the vendor's price: the buyer pays what
    the vendor quoted, on new and on extended orders."""

    def approve(self, line, quantity):
        proposal = self.propose(
            line, quantity, arrival_date=self.today + timedelta(days=7)
        )
        proposal.action_submit()
        proposal.with_user(self.buyer).action_approve()
        self.assertEqual(proposal.state, "approved")
        return proposal

    def test_new_order_carries_the_vendors_price(self):
        """Bolts cost 2.00 at the vendor (and nothing in the product's cost)."""
        self.assertFalse(self.bolt.standard_price)
        order = self.approve(self.line_bolt, 80).purchase_id
        self.assertRecordValues(
            order.order_line,
            [{"product_id": self.bolt.id, "product_qty": 80, "price_unit": 2.0}],
        )
        self.assertAlmostEqual(order.amount_untaxed, 160.0)

    def test_extended_order_line_carries_the_vendors_price(self):
        bolts = self.approve(self.line_bolt, 30)
        nuts = self.approve(self.line_nut, 10)
        self.assertEqual(nuts.purchase_id, bolts.purchase_id)
        self.assertRecordValues(
            nuts.line_ids.purchase_line_id,
            [{"product_id": self.nut.id, "product_qty": 10, "price_unit": 1.0}],
        )
        self.assertEqual(bolts.line_ids.purchase_line_id.price_unit, 2.0)

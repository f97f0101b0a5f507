from odoo.tests import tagged

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_consignment")
class TestConsignment(VmiPortalCase):
    """Bolt Brothers' washers are on consignment: received stock stays theirs
    until it is used, and its use is reported to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agreement.consignment = True
        cls.set_stock(cls.washer, 0)

    def receive_washers(self):
        proposal = self.propose(self.line_washer, 400)
        proposal.action_submit()
        self.assertEqual(proposal.state, "approved", "supplier-managed")
        proposal._ship({proposal.line_ids: 400}, self.today, self.today)
        proposal.picking_id.button_validate()
        return proposal

    def test_received_stock_stays_the_suppliers(self):
        self.receive_washers()
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.washer.id), ("location_id", "=", self.stock.id)]
        )
        owned = quants.filtered(lambda q: q.owner_id == self.other_vendor)
        self.assertEqual(sum(owned.mapped("quantity")), 400)
        self.assertEqual(sum(quants.mapped("quantity")), 400)
        figures = self.line_washer._vmi_figures()[self.line_washer.id]
        self.assertEqual(figures["on_hand"], 400, "consigned stock is on hand")

    def test_use_of_consigned_stock_is_reported(self):
        self.receive_washers()
        delivery = self.deliver(self.washer, 150, validate=True)
        self.assertEqual(delivery.move_line_ids.owner_id, self.other_vendor)
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "scrm.vmi.agreement"),
                ("res_id", "=", self.other_agreement.id),
                ("body", "ilike", "Consigned stock used"),
            ]
        )
        self.assertEqual(len(notice), 1)
        self.assertIn("150", notice.body)
        entry = self.env["scrm.interaction"].search(
            [
                ("partner_id", "=", self.other_vendor.id),
                ("summary", "ilike", "Consigned stock used"),
            ]
        )
        self.assertEqual(entry.direction, "out")
        self.authenticate("vmi_bob", "vmi_bob")
        page = self.url_open("/my/vmi").text
        self.assertIn("Consigned stock used", page)
        self.authenticate("vmi_alice", "vmi_alice")
        self.assertNotIn("Consigned stock used", self.url_open("/my/vmi").text)

    def test_own_stock_use_is_not_reported(self):
        self.set_stock(self.washer, 80)
        self.deliver(self.washer, 30, validate=True)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "scrm.vmi.agreement"),
                    ("res_id", "=", self.other_agreement.id),
                    ("body", "ilike", "Consigned"),
                ]
            )
        )

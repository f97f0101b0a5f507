from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_proposal")
class TestProposalRevision(ScrmSalesMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valve = cls.env["product.product"].create(
            {"name": "Ball valve", "type": "consu", "list_price": 40.0}
        )
        cls.seal = cls.env["product.product"].create(
            {"name": "Seal kit", "type": "consu", "list_price": 15.0}
        )

    def _quotation(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 2}
                        ),
                        Command.create(
                            {"product_id": self.valve.id, "product_uom_qty": 10}
                        ),
                    ],
                }
            )
        )
        order.action_quotation_sent()
        return order

    def _revise(self, order):
        action = order.action_scrm_revise()
        return order.browse(action["res_id"])

    def test_revisions_are_named_and_linked(self):
        first = self._quotation()
        second = self._revise(first)
        third = self._revise(second)
        self.assertEqual(second.name, f"{first.name}-R2")
        self.assertEqual(third.name, f"{first.name}-R3")
        self.assertEqual(third.scrm_revision_ids, first | second | third)
        self.assertEqual(first.scrm_revision_count, 3)
        self.assertEqual(first.scrm_superseded_by_id, second)
        self.assertTrue(first.scrm_is_superseded and second.scrm_is_superseded)
        self.assertFalse(third.scrm_is_superseded)
        self.assertEqual(len(third.order_line), 2)
        self.assertIn(second.name, first.message_ids[0].body)
        self.assertIn(third.name, second.message_ids[0].body)

    def test_earlier_revision_is_read_only(self):
        first = self._quotation()
        second = self._revise(first)
        with self.assertRaisesRegex(UserError, "revised as"):
            first.write({"note": "changed later"})
        with self.assertRaisesRegex(UserError, "revised as"):
            first.order_line[0].write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, "revised as"):
            first.write({"order_line": [Command.create({"product_id": self.seal.id})]})
        with self.assertRaisesRegex(UserError, "revised as"):
            first.order_line[0].unlink()
        with self.assertRaisesRegex(UserError, "revised as"):
            self._revise(first)
        self.assertEqual(len(first.order_line), 2)
        # The chatter still works on an old version.
        first.message_post(body="kept for the record")
        # The last revision is editable.
        second.order_line[0].price_unit = 99.0
        self.assertEqual(second.order_line[0].price_unit, 99.0)

    def test_only_last_revision_can_be_confirmed(self):
        first = self._quotation()
        second = self._revise(first)
        with self.assertRaisesRegex(UserError, "only its last revision"):
            first.action_confirm()
        with self.assertRaisesRegex(UserError, "revised as"):
            first.action_quotation_send()
        self.assertEqual(first.state, "sent")
        self.assertFalse(first._has_to_be_signed())
        second.action_confirm()
        self.assertEqual(second.state, "sale")
        with self.assertRaisesRegex(UserError, "Only a quotation can be revised"):
            second.action_scrm_revise()

    def test_diff_between_two_revisions(self):
        first = self._quotation()
        second = self._revise(first)
        pump_line, valve_line = second.order_line
        pump_line.write({"price_unit": 100.0, "discount": 10.0})
        valve_line.unlink()
        second.write(
            {
                "order_line": [
                    Command.create({"product_id": self.seal.id, "product_uom_qty": 4})
                ]
            }
        )
        third = self._revise(second)
        third.order_line.filtered(
            lambda ln: ln.product_id == self.seal
        ).product_uom_qty = 6

        diff = first._scrm_revision_diff(third)
        by_status = {}
        for row in diff["lines"]:
            by_status.setdefault(row["status"], []).append(row)
        self.assertEqual(len(by_status["changed"]), 1)
        changed = by_status["changed"][0]
        self.assertIn("Gear pump", changed["product"])
        self.assertEqual(
            sorted(changed["changed"]), ["discount", "price_subtotal", "price_unit"]
        )
        self.assertEqual(changed["old"]["price_unit"], 120.0)
        self.assertEqual(changed["new"]["price_unit"], 100.0)
        self.assertEqual(changed["new"]["price_subtotal"], 180.0)  # 2 x 100 - 10 %
        self.assertEqual([r["product"] for r in by_status["removed"]], ["Ball valve"])
        self.assertEqual([r["product"] for r in by_status["added"]], ["Seal kit"])
        self.assertEqual(by_status["added"][0]["new"]["product_uom_qty"], 6)
        self.assertEqual(diff["totals"]["amount_untaxed"], (640.0, 270.0))

        # Between the second and third revision only the seal quantity moved.
        diff_23 = second._scrm_revision_diff(third)
        changed = [r for r in diff_23["lines"] if r["status"] != "same"]
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0]["old"]["product_uom_qty"], 4)
        self.assertIn("product_uom_qty", changed[0]["changed"])

    def test_diff_wizard_shows_changes(self):
        first = self._quotation()
        second = self._revise(first)
        second.order_line[0].price_unit = 111.0
        action = second.with_user(self.salesperson).action_scrm_compare_revisions()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.salesperson)
            .with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.from_order_id, first)
        self.assertIn("Changed", wizard.diff_html)
        self.assertIn("111.0", wizard.diff_html)

    def test_diff_refuses_unrelated_orders(self):
        first = self._quotation()
        other = self._quotation()
        with self.assertRaisesRegex(UserError, "not revisions of the same"):
            first._scrm_revision_diff(other)

    def test_diff_query_count_is_flat(self):
        small = self._quotation()
        big = self._quotation()
        big.write(
            {
                "order_line": [
                    Command.create({"product_id": self.seal.id, "product_uom_qty": q})
                    for q in range(1, 40)
                ]
            }
        )
        small_r2, big_r2 = self._revise(small), self._revise(big)
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            small._scrm_revision_diff(small_r2)
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            big._scrm_revision_diff(big_r2)

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_proposal", "scrm_clock")
class TestReplenishmentProposal(VmiCommon):
    def assertRefused(self, proposal, message):
        with self.assertRaisesRegex(UserError, message), self.env.cr.savepoint():
            proposal.action_submit()
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "draft")
        self.assertFalse(proposal.purchase_id)

    def test_refused_against_the_agreement(self):
        yesterday = self.today - timedelta(days=1)
        cases = [
            ({"quantity": 10}, "minimum order quantity is 20"),
            ({"quantity": 25}, "multiples of 10"),
            ({"quantity": 0}, "must be positive"),
            ({"quantity": -10}, "must be positive"),
            ({"quantity": 10_000_000}, "largest quantity"),
            (
                {"quantity": 80, "ship_date": yesterday},
                "ship date cannot be in the past",
            ),
            (
                {"quantity": 80, "arrival_date": self.today - timedelta(days=2)},
                "expected arrival cannot be before the ship date",
            ),
            ({"quantity": 90}, "above the agreed maximum of 100"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                quantity = values.pop("quantity")
                proposal = self.propose(self.line_bolt, quantity, **values)
                self.assertRefused(proposal, message)
        self.assertFalse(
            self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)])
        )

    def test_product_outside_the_agreement_refused(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.line_ids.product_id = self.washer
        self.assertRefused(proposal, "VMI Washer is not in the agreement Acme")

    def test_agreement_not_active_refused(self):
        proposal = self.propose(self.line_bolt, 80)
        self.agreement.action_cancel()
        self.assertRefused(proposal, "not active today")

    def test_buyer_approval_creates_order_and_receipt(self):
        arrival = self.today + timedelta(days=9)
        proposal = self.propose(self.line_bolt, 80, arrival_date=arrival)
        proposal.action_submit()
        self.assertEqual(proposal.state, "submitted")
        self.assertEqual(proposal.submitted_by_id, self.alice)
        self.assertEqual(proposal.activity_ids.user_id, self.buyer)
        self.assertFalse(proposal.purchase_id)

        proposal.with_user(self.buyer).action_approve()
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.approved_by_id, self.buyer)
        self.assertFalse(proposal.activity_ids)
        order = proposal.purchase_id
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.partner_id, self.vendor)
        self.assertEqual(order.origin, proposal.name)
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.bolt.id,
                    "product_qty": 80,
                    "date_planned": datetime.combine(arrival, time(12)),
                }
            ],
        )
        self.assertEqual(proposal.line_ids.purchase_line_id, order.order_line)
        receipt = proposal.picking_id
        self.assertEqual(receipt.location_dest_id, self.stock)
        self.assertEqual(receipt.move_ids.product_uom_qty, 80)
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual(figures["in_transit"], 80)
        self.assertEqual(figures["status"], "ok")

    def test_receipt_goes_to_the_agreements_sub_location(self):
        """An agreement on a shelf of the stock: what the supplier ships is
        received on that shelf, counted in transit and then on hand there."""
        shelf = self.env["stock.location"].create(
            {"name": "VMI shelf", "location_id": self.stock.id}
        )
        self.agreement.action_cancel()
        self.agreement.action_draft()
        self.agreement.location_id = shelf
        self.agreement.action_activate()
        proposal = self.propose(self.line_bolt, 80)
        proposal.action_submit()
        proposal.with_user(self.buyer).action_approve()
        receipt = proposal.picking_id
        self.assertEqual(receipt.move_ids.location_dest_id, shelf)
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual((figures["on_hand"], figures["in_transit"]), (0, 80))
        receipt.move_ids.write({"quantity": 80, "picked": True})
        receipt.button_validate()
        self.assertEqual(proposal.state, "received")
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual((figures["on_hand"], figures["in_transit"]), (80, 0))

    def test_only_buyers_approve(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.action_submit()
        with self.assertRaises(AccessError):
            proposal.with_user(self.alice).action_approve()
        with self.assertRaises(AccessError):
            proposal.with_user(self.purchase_user).action_approve()
        self.assertEqual(proposal.state, "submitted")

    def test_reject(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.action_submit()
        proposal.with_user(self.buyer).action_reject("Too early")
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(proposal.reject_reason, "Too early")
        self.assertFalse(proposal.purchase_id)

    def test_supplier_managed_approved_inside_bounds(self):
        self.set_stock(self.washer, 80)
        proposal = self.propose(self.line_washer, 400)
        proposal.action_submit()
        self.assertEqual(proposal.state, "approved")
        self.assertTrue(proposal.auto_approved)
        self.assertFalse(proposal.approved_by_id)
        self.assertEqual(proposal.purchase_id.state, "purchase")
        self.assertEqual(proposal.purchase_id.order_line.product_qty, 400)

    def test_supplier_managed_outside_bounds(self):
        self.set_stock(self.washer, 80)
        refused = self.propose(self.line_washer, 450)  # 530 after arrival > 500
        self.assertRefused(refused, "above the agreed maximum of 500")
        justified = self.propose(
            self.line_washer, 450, justification="Plant shutdown in August"
        )
        justified.action_submit()
        self.assertEqual(justified.state, "submitted", "waits for a buyer")
        self.assertFalse(justified.auto_approved)
        self.assertFalse(justified.purchase_id)

    def approved(self, quantity=80):
        proposal = self.propose(self.line_bolt, quantity)
        proposal.action_submit()
        proposal.with_user(self.buyer).action_approve()
        return proposal

    def test_shipping_notice_partial_then_receipt(self):
        proposal = self.approved()
        receipt = proposal.picking_id
        arrival = self.today + timedelta(days=5)
        proposal.with_user(self.alice).sudo()._ship(
            {proposal.line_ids: 50},
            self.today,
            arrival,
            carrier="DHL",
            tracking="JD0001",
        )
        self.assertRecordValues(
            proposal,
            [
                {
                    "state": "shipped",
                    "carrier": "DHL",
                    "tracking_ref": "JD0001",
                    "arrival_date": arrival,
                }
            ],
        )
        self.assertEqual(proposal.line_ids.shipped_qty, 50)
        self.assertEqual(receipt.scheduled_date, datetime.combine(arrival, time(12)))
        self.assertRecordValues(
            receipt.move_ids, [{"product_uom_qty": 50, "quantity": 50, "picked": True}]
        )
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 30)
        self.assertEqual(
            backorder.move_ids.purchase_line_id, proposal.purchase_id.order_line
        )

        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(proposal.state, "received")
        self.assertEqual(proposal.line_ids.received_qty, 50)
        figures = self.line_bolt._vmi_figures()[self.line_bolt.id]
        self.assertEqual(figures["on_hand"], 65)
        self.assertEqual(figures["in_transit"], 30, "the backorder is still coming")

    def test_receipt_without_shipping_notice_closes_the_proposal(self):
        proposal = self.approved()
        receipt = proposal.picking_id
        receipt.move_ids.write({"quantity": 80, "picked": True})
        receipt.button_validate()
        self.assertEqual(proposal.state, "received")
        self.assertEqual(proposal.line_ids.received_qty, 80)

    def test_shipping_notice_bad_input_changes_nothing(self):
        proposal = self.approved()
        line = proposal.line_ids
        tomorrow = self.today + timedelta(days=1)
        cases = [
            ({line: 81}, self.today, tomorrow, "more than the 80.0 approved"),
            ({line: -5}, self.today, tomorrow, "between 0 and"),
            ({line: 0}, self.today, tomorrow, "Ship at least one product"),
            ({line: 10_000_000}, self.today, tomorrow, "between 0 and"),
            ({line: 80}, tomorrow, tomorrow, "ship date must be between"),
            (
                {line: 80},
                self.today,
                self.today - timedelta(days=1),
                "cannot be in the past",
            ),
            ({line: 80}, None, tomorrow, "ship date must be between"),
        ]
        for shipped, ship_date, arrival, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                with self.env.cr.savepoint():
                    proposal._ship(shipped, ship_date, arrival)
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.picking_id.move_ids.product_uom_qty, 80)
        self.assertFalse(proposal.picking_id.backorder_ids)

    def test_shipping_before_approval_refused(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.action_submit()
        with self.assertRaisesRegex(UserError, "Only an approved proposal"):
            proposal._ship({proposal.line_ids: 80}, self.today, self.today)

    def test_no_change_after_submission_but_cancel(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proposal.line_ids.quantity = 60
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proposal.write(
                {
                    "line_ids": [
                        Command.create({"product_id": self.nut.id, "quantity": 5})
                    ]
                }
            )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proposal.line_ids.with_user(self.buyer).unlink()
        proposal.with_user(self.buyer).action_approve()
        order = proposal.purchase_id
        with self.assertRaisesRegex(UserError, "cancel the proposal first"):
            proposal.with_user(self.vmi_manager).unlink()
        self.assertEqual(proposal.line_ids.quantity, 80, "nothing deleted")
        proposal.action_cancel()
        self.assertEqual(proposal.state, "cancelled")
        self.assertEqual(order.state, "cancel")
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            proposal.action_cancel()
        proposal.with_user(self.vmi_manager).unlink()
        self.assertFalse(proposal.exists(), "a cancelled proposal can go")

    def test_portal_user_cannot_cancel_or_submit_over_rpc(self):
        """What the portal routes do as the system after their checks, called
        by the supplier's portal user directly (JSON-RPC call_kw runs the
        method as the caller): refused before the purchase order or the
        agreement is touched."""
        self.set_stock(self.washer, 80)
        approved = self.propose(self.line_washer, 400)
        approved.action_submit()
        order = approved.purchase_id
        self.assertEqual(order.state, "purchase")
        with self.assertRaises(AccessError):
            approved.with_user(self.bob).action_cancel()
        self.assertEqual(order.state, "purchase", "the order is not cancelled")
        self.assertEqual(approved.state, "approved")
        draft = self.propose(self.line_bolt, 80)
        with self.assertRaises(AccessError):
            draft.with_user(self.alice).action_submit()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.purchase_id)

    def test_portal_user_reads_own_proposals_only(self):
        mine = self.propose(self.line_bolt, 80)
        self.set_stock(self.washer, 80)
        theirs = self.propose(self.line_washer, 400)
        Proposal = self.env["scrm.replenishment.proposal"]
        self.assertEqual(Proposal.with_user(self.alice).search([]), mine)
        self.assertEqual(Proposal.with_user(self.bob).search([]), theirs)
        with self.assertRaises(AccessError):
            mine.with_user(self.alice).write({"justification": "x"})
        with self.assertRaises(AccessError):
            Proposal.with_user(self.alice).create({"agreement_id": self.agreement.id})

    def test_planned_purchases_of_agreement_products_not_released(self):
        mps = self.env["scrm.mps"].create(
            {
                "name": "Fasteners",
                "warehouse_id": self.warehouse.id,
                "period_type": "week",
                "period_count": 4,
                "product_ids": [Command.set((self.bolt | self.free_product).ids)],
            }
        )
        mps.action_prepare_lines()
        mps.line_ids.filtered(
            lambda line: line.period_start == self.monday + timedelta(weeks=2)
        ).forecast_qty = 500
        self.env["scrm.mrp.run"]._launch(self.env.company, mps=mps)
        Planned = self.env["scrm.mrp.planned.order"]
        bolt_orders = Planned.search([("product_id", "=", self.bolt.id)])
        free_orders = Planned.search([("product_id", "=", self.free_product.id)])
        self.assertTrue(bolt_orders, "the bolt stays planned: the supplier sees it")
        # The agreement's supplier is the vendor, and the order says why it is
        # not released, with the agreement line.
        self.assertEqual(bolt_orders.vendor_id, self.agreement.partner_id)
        self.assertEqual(set(bolt_orders.mapped("vmi_status")), {"vmi"})
        self.assertEqual(bolt_orders.vmi_line_id, self.line_bolt)
        self.assertFalse(free_orders.filtered("vmi_status"))
        self.assertEqual(
            Planned.search(
                [
                    ("vmi_status", "!=", "vmi"),
                    ("id", "in", (bolt_orders | free_orders).ids),
                ]
            ),
            free_orders,
        )
        # A planner (not the superuser) releasing both releases the free product
        # and leaves the bolt, saying so.
        planner = mail_new_test_user(
            self.env,
            login="vmi_planner",
            name="Paula Planner",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_user,"
            "purchase.group_purchase_user",
        )
        action = (bolt_orders | free_orders).with_user(planner).action_release()
        self.assertEqual(action["params"]["title"], "Replenished by supplier (VMI)")
        self.assertIn(self.bolt.display_name, action["params"]["message"])
        self.assertEqual(set(bolt_orders.mapped("state")), {"planned"})
        self.assertEqual(set(free_orders.mapped("state")), {"released"})
        self.agreement.action_cancel()
        bolt_orders.action_release()
        self.assertEqual(set(bolt_orders.mapped("state")), {"released"})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.free_product = cls.env["product.product"].create(
            {
                "name": "Bought without agreement",
                "is_storable": True,
                "seller_ids": [Command.create({"partner_id": cls.vendor.id})],
            }
        )


@tagged("post_install", "-at_install", "scrm_vmi_proposal")
class TestProposalsSharingAnOrder(VmiCommon):
    """Proposals of one agreement arriving the same day extend one order."""

    def approve(self, line, quantity, days=7):
        proposal = self.propose(
            line, quantity, arrival_date=self.today + timedelta(days=days)
        )
        proposal.action_submit()
        proposal.with_user(self.buyer).action_approve()
        return proposal

    def test_second_proposal_extends_the_order(self):
        bolts = self.approve(self.line_bolt, 80)
        nuts = self.approve(self.line_nut, 10)
        order = bolts.purchase_id
        self.assertEqual(nuts.purchase_id, order)
        self.assertEqual(order.state, "purchase")
        self.assertEqual(sorted(order.order_line.mapped("product_qty")), [10, 80])
        self.assertEqual(nuts.picking_id, bolts.picking_id)
        self.assertEqual(len(bolts.picking_id.move_ids), 2)
        self.assertEqual(nuts.line_ids.purchase_line_id.product_id, self.nut)

    def test_other_day_makes_another_order(self):
        bolts = self.approve(self.line_bolt, 80)
        nuts = self.approve(self.line_nut, 10, days=9)
        self.assertNotEqual(nuts.purchase_id, bolts.purchase_id)

    def test_shipping_one_leaves_the_other_in_a_backorder(self):
        bolts = self.approve(self.line_bolt, 80)
        nuts = self.approve(self.line_nut, 10)
        receipt = bolts.picking_id
        bolts._ship({bolts.line_ids: 50}, self.today, self.today)
        self.assertEqual(receipt.move_ids.product_id, self.bolt)
        self.assertEqual(receipt.move_ids.product_uom_qty, 50)
        backorder = receipt.backorder_ids
        self.assertEqual(nuts.picking_id, backorder)
        self.assertEqual(sorted(backorder.move_ids.mapped("product_uom_qty")), [10, 30])
        self.assertFalse(nuts._vmi_open_order(), "shipping started: no extension")
        receipt.button_validate()
        self.assertEqual((bolts.state, nuts.state), ("received", "approved"))
        nuts._ship({nuts.line_ids: 10}, self.today, self.today)
        nut_receipt = nuts.picking_id
        self.assertEqual(nut_receipt.move_ids.product_id, self.nut)
        nut_receipt.button_validate()
        self.assertEqual(nuts.state, "received")
        self.assertEqual(nuts.line_ids.received_qty, 10)
        self.assertEqual(
            bolts.purchase_id.order_line.filtered(
                lambda line: line.product_id == self.bolt
            ).qty_received,
            50,
            "the other 30 bolts are still coming",
        )

    def test_cancelling_one_keeps_the_other(self):
        bolts = self.approve(self.line_bolt, 80)
        nuts = self.approve(self.line_nut, 10)
        order = bolts.purchase_id
        nuts.action_cancel()
        self.assertEqual(order.state, "purchase")
        nut_line = nuts.line_ids.purchase_line_id
        self.assertEqual(nut_line.product_qty, 0)
        self.assertEqual(set(nut_line.move_ids.mapped("state")), {"cancel"})
        bolt_move = bolts.line_ids.purchase_line_id.move_ids
        self.assertEqual(bolt_move.product_uom_qty, 80)
        self.assertNotEqual(bolt_move.state, "cancel")
        bolts.action_cancel()
        self.assertEqual(order.state, "cancel")

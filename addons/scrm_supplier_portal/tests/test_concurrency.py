from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install", "scrm_vmi_proposal", "scrm_concurrency")
class TestProposalRaces(TransactionCase):
    """Two requests at once on two real cursors, each committed as in
    production: the second one's snapshot is taken before the first commits,
    so it does not see the first one's work. The test commits its own data
    (a supplier-managed agreement of one product, no stock, maximum 500) and
    removes it at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            supplier = env["res.partner"].create(
                {"name": "Race Fasteners (test)", "is_company": True}
            )
            product = env["product.product"].create(
                {
                    "name": "Race Washer (test)",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create({"partner_id": supplier.id, "price": 0.5})
                    ],
                }
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            agreement = env["scrm.vmi.agreement"].create(
                {
                    "name": "Race washers (test)",
                    "partner_id": supplier.id,
                    "date_start": fields.Date.context_today(env.user),
                    "warehouse_id": warehouse.id,
                    "mode": "supplier",
                    "user_id": env.ref("base.user_admin").id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "min_qty": 100,
                                "max_qty": 500,
                                "multiple": 50,
                                "moq": 100,
                                "lead_time": 3,
                            }
                        )
                    ],
                }
            )
            agreement.action_activate()
            self.supplier_id, self.product_id = supplier.id, product.id
            self.agreement_id = agreement.id
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            proposals = self._proposals(env)
            orders = proposals.purchase_id
            proposals.filtered(
                lambda p: p.state in ("draft", "submitted", "approved")
            ).action_cancel()
            proposals.unlink()
            orders.filtered(lambda o: o.state != "cancel").button_cancel()
            orders.picking_ids.unlink()
            orders.unlink()
            agreement = env["scrm.vmi.agreement"].browse(self.agreement_id)
            agreement.action_cancel()
            agreement.unlink()
            env["product.product"].browse(self.product_id).active = False
            env["res.partner"].browse(self.supplier_id).active = False

    def _proposals(self, env):
        return env["scrm.replenishment.proposal"].search(
            [("agreement_id", "=", self.agreement_id)]
        )

    def _propose(self, env, quantity, **values):
        ship = fields.Date.context_today(env.user) + timedelta(days=1)
        return env["scrm.replenishment.proposal"].create(
            {
                "agreement_id": self.agreement_id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_id,
                            "quantity": quantity,
                            "ship_date": ship,
                            "arrival_date": ship + timedelta(days=3),
                        }
                    )
                ],
                **values,
            }
        )

    def test_two_proposals_at_once_stay_inside_the_maximum(self):
        # Each proposal alone fits (300 of 500); both would make 600.
        with self.registry.cursor() as cr:
            first_id = self._propose(self._env(cr), 300).id
            second_id = self._propose(self._env(cr), 300).id
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = self._env(cr_first)
            second = self._env(cr_second)
            # Both requests have started: each sees only its own draft.
            proposal = second["scrm.replenishment.proposal"].browse(second_id)
            self.assertEqual(proposal.state, "draft")
            first["scrm.replenishment.proposal"].browse(first_id).action_submit()
            cr_first.commit()
            # The second one, from its snapshot, would stay inside the maximum
            # and be approved too: it is stopped, nothing of it is kept.
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(SerializationFailure),
            ):
                proposal.action_submit()
            cr_second.rollback()
        # Odoo replays the request: it now sees the first approval.
        with self.registry.cursor() as cr:
            env = self._env(cr)
            with self.assertRaisesRegex(UserError, "above the agreed maximum of 500"):
                env["scrm.replenishment.proposal"].browse(second_id).action_submit()
            cr.rollback()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            by_id = {p.id: p for p in self._proposals(env)}
            self.assertEqual(by_id[first_id].state, "approved")
            self.assertEqual(by_id[second_id].state, "draft")
            self.assertFalse(by_id[second_id].purchase_id)
            self.assertEqual(
                sum(by_id[first_id].purchase_id.order_line.mapped("product_qty")), 300
            )
            self.assertEqual(len(self._proposals(env).purchase_id), 1)

    def test_proposal_approved_twice_at_once_makes_one_order(self):
        # Over the maximum with a reason: it waits for a buyer.
        with self.registry.cursor() as cr:
            proposal = self._propose(self._env(cr), 600, justification="Season")
            proposal.action_submit()
            self.assertEqual(proposal.state, "submitted")
            proposal_id = proposal.id
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = self._env(cr_first)
            second = self._env(cr_second)
            on_second = second["scrm.replenishment.proposal"].browse(proposal_id)
            self.assertEqual(on_second.state, "submitted")
            first["scrm.replenishment.proposal"].browse(proposal_id).action_approve()
            cr_first.commit()
            # The second buyer's click is stopped before any order is made.
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(SerializationFailure),
            ):
                on_second.action_approve()
            cr_second.rollback()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            with self.assertRaisesRegex(UserError, "Only a submitted proposal"):
                env["scrm.replenishment.proposal"].browse(proposal_id).action_approve()
            cr.rollback()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            proposal = env["scrm.replenishment.proposal"].browse(proposal_id)
            self.assertEqual(proposal.state, "approved")
            orders = env["purchase.order"].search(
                [("partner_id", "=", self.supplier_id)]
            )
            self.assertEqual(orders, proposal.purchase_id)
            self.assertEqual(len(orders.order_line), 1)

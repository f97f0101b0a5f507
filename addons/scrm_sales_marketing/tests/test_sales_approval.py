from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_approval")
class TestSalesApproval(ScrmSalesMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = mail_new_test_user(
            cls.env,
            login="scrm_team_leader",
            name="Lea Leader",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.director = mail_new_test_user(
            cls.env,
            login="scrm_sales_director",
            name="Dora Director",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Pumps team", "user_id": cls.leader.id}
        )
        cls.salesperson.sale_team_id = cls.team
        cls.product.standard_price = 80.0  # list price 120: 33.33 % margin
        cls.limit = cls.env["scrm.sales.approval.limit"].create(
            {
                "team_id": cls.team.id,
                "check_discount": True,
                "max_discount": 10.0,
                "check_margin": True,
                "min_margin": 20.0,
                "check_amount": True,
                "max_amount": 5000.0,
                "escalation_amount": 3000.0,
                "escalation_approver_id": cls.director.id,
            }
        )

    def _quotation(self, qty=2, discount=0.0):
        return (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "discount": discount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _request(self, order, text="Strategic account, competitor at -12 %"):
        action = order.action_scrm_request_approval()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.salesperson)
            .with_context(**action["context"])
        )
        wizard.justification = text
        wizard.save().action_request()
        return order.scrm_approval_id

    def _decide(self, order, user, approve=True, comment="ok"):
        action = order.with_user(user).action_scrm_decide_approval()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.comment = comment
        record = wizard.save()
        return record.action_approve() if approve else record.action_reject()

    def test_within_limits_needs_nothing(self):
        order = self._quotation(discount=5.0)
        self.assertEqual(order.scrm_approval_state, "none")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_each_limit_triggers_approval(self):
        discount = self._quotation(discount=12.0)
        self.assertEqual(discount.scrm_approval_state, "required")
        self.assertIn("discount 12.0 %", discount.scrm_approval_reasons)
        margin = self._quotation()
        margin.order_line.price_unit = 95.0  # 15.8 % margin
        self.assertEqual(margin.scrm_approval_state, "required")
        self.assertIn("margin", margin.scrm_approval_reasons)
        amount = self._quotation(qty=50)  # 6,000
        self.assertEqual(amount.scrm_approval_state, "required")
        self.assertIn("Untaxed amount 6000.0", amount.scrm_approval_reasons)

    def test_personal_limit_wins_over_team_limit(self):
        self.env["scrm.sales.approval.limit"].create(
            {
                "user_id": self.salesperson.id,
                "check_discount": True,
                "max_discount": 15.0,
                "approver_id": self.leader.id,
            }
        )
        self.assertEqual(self._quotation(discount=12.0).scrm_approval_state, "none")

    def test_send_and_confirm_blocked_until_approved(self):
        order = self._quotation(discount=12.0)
        with self.assertRaisesRegex(UserError, "outside the pricing limits"):
            order.action_quotation_send()
        with self.assertRaisesRegex(UserError, "outside the pricing limits"):
            order.action_confirm()
        approval = self._request(order)
        self.assertEqual(approval.approver_id, self.leader)
        self.assertEqual(order.scrm_approval_state, "pending")
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(activity), 1)
        with self.assertRaisesRegex(UserError, "outside the pricing limits"):
            order.action_confirm()
        self._decide(order, self.leader, comment="Matches the framework contract")
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.decided_by_id, self.leader)
        self.assertEqual(approval.comment, "Matches the framework contract")
        self.assertFalse(
            order.activity_ids.filtered(lambda a: a.user_id == self.leader)
        )
        self.assertIn("Pricing approved by Lea Leader", order.message_ids[0].body)
        order.action_quotation_send()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_price_change_asks_again_other_change_does_not(self):
        order = self._quotation(discount=12.0)
        self._request(order)
        self._decide(order, self.leader)
        order.write({"note": "Delivery by truck", "client_order_ref": "PO-77"})
        order.order_line.name = "Gear pump, painted"
        order.order_line.product_uom_qty = 1  # smaller amount, same prices
        self.assertEqual(order.scrm_approval_state, "approved")
        order.order_line.discount = 14.0
        self.assertEqual(order.scrm_approval_state, "required")
        with self.assertRaisesRegex(UserError, "outside the pricing limits"):
            order.action_confirm()

    def test_rejection_needs_comment_and_blocks(self):
        order = self._quotation(discount=12.0)
        self._request(order)
        with self.assertRaisesRegex(UserError, "Say why"):
            self._decide(order, self.leader, approve=False, comment="")
        self._decide(order, self.leader, approve=False, comment="Too low for Q4")
        self.assertEqual(order.scrm_approval_state, "rejected")
        self.assertEqual(order.scrm_approval_id.comment, "Too low for Q4")
        with self.assertRaisesRegex(UserError, "outside the pricing limits"):
            order.action_confirm()

    def test_second_level_above_threshold(self):
        order = self._quotation(qty=30, discount=12.0)  # 3,168 > 3,000
        self.assertEqual(self._request(order).approver_id, self.director)

    def test_requester_cannot_approve_own_request(self):
        self.salesperson.groups_id += self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        order = self._quotation(discount=12.0)
        approval = self._request(order)
        with self.assertRaisesRegex(UserError, "your own pricing request"):
            self._decide(order, self.salesperson)
        self.assertEqual(approval.state, "pending")

    def test_self_approval_refused_at_request(self):
        self.limit.approver_id = self.salesperson
        order = self._quotation(discount=12.0)
        with self.assertRaisesRegex(UserError, "approve their own request"):
            self._request(order)
        self.assertFalse(order.scrm_approval_ids)

    def test_other_salesperson_cannot_decide(self):
        order = self._quotation(discount=12.0)
        approval = self._request(order)
        with self.assertRaises(AccessError):
            self._decide(order, self.director)
        self.assertEqual(approval.state, "pending")

    def test_approver_of_other_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        self.leader.write(
            {"company_ids": [Command.set(other.ids)], "company_id": other.id}
        )
        order = self._quotation(discount=12.0)
        with self.assertRaisesRegex(UserError, "does not work for"):
            self._request(order)
        self.assertFalse(order.scrm_approval_ids)

    def test_decision_after_price_change_refused(self):
        order = self._quotation(discount=12.0)
        approval = self._request(order)
        order.order_line.discount = 13.0
        with self.assertRaisesRegex(UserError, "request the approval again"):
            self._decide(order, self.leader)
        self.assertEqual(approval.state, "pending")

    def test_bad_limits_refused(self):
        Limit = self.env["scrm.sales.approval.limit"]
        with self.assertRaisesRegex(Exception, "from 0 to 100"):
            Limit.create({"user_id": self.sales_manager.id, "max_discount": 120.0})
        with self.assertRaisesRegex(Exception, "one salesperson or for one sales team"):
            Limit.create({"max_discount": 10.0})

    def test_price_lookup(self):
        paid = self._quotation(qty=3)
        paid.order_line.price_unit = 110.0
        paid.action_confirm()
        lookup = Form(self.env["scrm.sales.price.lookup"].with_user(self.salesperson))
        lookup.partner_id = self.customer_contact
        lookup.product_id = self.product
        lookup.quantity = 2
        self.assertEqual(lookup.pricelist_price, 120.0)
        self.assertAlmostEqual(lookup.margin_percent, 33.33, places=2)
        self.assertEqual(lookup.approval_needed, "No approval needed.")
        lookup.discount = 12.0
        self.assertAlmostEqual(lookup.net_price, 105.6)
        self.assertIn("discount 12.0 %", lookup.approval_needed)
        record = lookup.save()
        self.assertEqual(record.last_line_ids.price_unit, 110.0)
        self.assertFalse(
            self.env["sale.order"].search(
                [("partner_id", "=", self.customer_contact.id)]
            )
        )

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_scenarios")
class TestSupplierCustomerRelationship(TransactionCase):
    """One partner who both sells to us and buys from us: one role, one timeline,
    one set of preferences that purchase and sale documents obey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Summit Components",
                "is_company": True,
                "email": "office@summit-components.example.com",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bracket", "type": "consu", "list_price": 12.0}
        )
        cls.buyer = mail_new_test_user(
            cls.env,
            login="scenario_buyer",
            groups="base.group_user,purchase.group_purchase_manager,"
            "sales_team.group_sale_manager,scrm_base.group_scrm_user",
        )
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.partner.id,
                    "channel_code": "email",
                    "purpose": "service",
                    "consent": "opt_out",
                    "source": "phone",
                }
            ]
        )

    def purchase(self):
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_qty": 100}
                        )
                    ],
                }
            )
        )
        return order

    def test_roles_from_both_sides(self):
        self.purchase().button_confirm()
        self.assertEqual(self.partner.scrm_role, "supplier")
        sale = (
            self.env["sale.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 5}
                        )
                    ],
                }
            )
        )
        sale.action_confirm()
        self.assertEqual(self.partner.scrm_role, "both")

    def test_rfq_sent_by_template_goes_chatter_is_held(self):
        order = self.purchase()
        action = order.action_rfq_send()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.buyer)
            .with_context(**action["context"])
        ).save()
        composer.action_send_mail()
        rfq_message = order.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subject
        )[:1]
        rfq_notification = rfq_message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.partner
        )
        self.assertEqual(
            rfq_notification.notification_status,
            "sent",
            "the RFQ is transactional: a refusal of service emails does not stop it",
        )

        chat = order.with_user(self.buyer).message_post(
            body="Could you deliver a week earlier?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner.ids,
        )
        notification = chat.notification_ids.filtered(
            lambda n: n.res_partner_id == self.partner
        )
        self.assertEqual(notification.notification_status, "canceled")
        self.assertEqual(notification.failure_type, "scrm_held")

        timeline = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.partner.id), ("res_model", "=", "purchase.order")]
        )
        self.assertIn("held", timeline.mapped("state"))
        self.assertIn("done", timeline.mapped("state"))
        self.assertEqual(set(timeline.mapped("res_id")), {order.id})

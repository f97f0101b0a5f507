from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_scenarios")
class TestRelationshipPanel(TransactionCase):
    """The relationship panel of a partner who buys from us, sells to us and
    calls the service desk: every figure is what the list it opens shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.partner"].create(
            {"name": "Summit Panels", "is_company": True}
        )
        cls.contact = env["res.partner"].create(
            {"name": "Sam Summit", "parent_id": cls.company.id}
        )
        product = env["product.product"].create(
            {"name": "Panel", "type": "consu", "list_price": 250.0}
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
                for partner, qty in (
                    (cls.company, 2),
                    (cls.contact, 4),
                    (cls.contact, 1),
                )
            ]
        )
        orders[:2].action_confirm()  # the third stays a quotation
        env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.contact.id,
                    "expected_revenue": 1000,
                }
                for name in ("Roof panels", "Wall panels")
            ]
        )
        purchase = env["purchase.order"].create(
            {
                "partner_id": cls.company.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": 3, "price_unit": 90}
                    )
                ],
            }
        )
        purchase.button_confirm()
        Ticket = env["scrm.ticket"]
        Ticket.create({"name": "Panel cracked", "partner_id": cls.contact.id})
        closed = Ticket.create({"name": "Old question", "partner_id": cls.contact.id})
        closed.action_close()
        cls.agent = mail_new_test_user(
            env,
            login="panel_agent",
            groups="base.group_user,scrm_service.group_service_user",
        )

    def _figures(self, partner, user=None):
        partner = partner.with_user(user) if user else partner
        return {f["key"]: f for f in partner.scrm_panel_data["figures"]}

    def test_every_figure_matches_its_list(self):
        figures = self._figures(self.contact)
        expected = {
            "sales_open_opportunities": 2,
            "sales_orders_this_year": 2,
            "sales_revenue_this_year": 1500.0,  # (2 + 4) x 250, untaxed
            "service_open_tickets": 1,
            "supplier_open_purchase_orders": 1,
        }
        for key, value in expected.items():
            with self.subTest(figure=key):
                self.assertEqual(figures[key]["value"], value)
                action = self.contact.action_scrm_panel_open(key)
                listed = self.env[action["res_model"]].search(action["domain"])
                if key == "sales_revenue_this_year":
                    self.assertEqual(sum(listed.mapped("amount_untaxed")), value)
                else:
                    self.assertEqual(len(listed), value)
        # The role follows what the partner does: sells to us and buys from us.
        self.assertEqual(self.company.scrm_role, "both")
        self.assertTrue(self.contact.scrm_panel_data["interactions"])

    def test_agent_sees_only_what_they_may_read(self):
        figures = self._figures(self.contact, user=self.agent)
        self.assertEqual(figures["service_open_tickets"]["value"], 1)
        self.assertNotIn("sales_open_opportunities", figures)
        self.assertNotIn("supplier_open_purchase_orders", figures)
        self.assertFalse(
            self.contact.with_user(self.agent).action_scrm_panel_open(
                "sales_orders_this_year"
            )
        )

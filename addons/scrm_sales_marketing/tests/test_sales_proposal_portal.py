import re
from datetime import date, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

SIGNATURE = "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="


@tagged("post_install", "-at_install", "scrm_sales_proposal_portal")
class TestProposalPortal(HttpCase):
    """The customer answers a proposal on /my/orders: accept, decline with a
    reason, request a change; another customer is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = mail_new_test_user(
            cls.env,
            login="scrm_portal_sally",
            name="Sally Proposal",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Northwind Pumps", "is_company": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Contoso Valves", "is_company": True}
        )
        cls.buyer = mail_new_test_user(
            cls.env,
            login="scrm_portal_nina",
            name="Nina Buyer",
            groups="base.group_portal",
        )
        cls.buyer.partner_id.parent_id = cls.customer
        cls.intruder = mail_new_test_user(
            cls.env,
            login="scrm_portal_otto",
            name="Otto Other",
            groups="base.group_portal",
        )
        cls.intruder.partner_id.parent_id = cls.other_customer
        cls.product = cls.env["product.product"].create(
            {"name": "Gear pump", "type": "consu", "list_price": 120.0}
        )

    def _sent_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "require_signature": True,
                "require_payment": False,
                "validity_date": date.today() + timedelta(days=30),
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_quotation_sent()
        return order

    def _timeline(self, order):
        return self.env["scrm.interaction"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)], order="id"
        )

    def _notified(self, order):
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.salesperson.partner_id.ids),
                ("subject", "ilike", "by the customer"),
            ]
        )

    def _todo(self, order):
        return order.activity_ids.filtered(lambda a: a.user_id == self.salesperson)

    def _csrf(self, order):
        return self._csrf_of(f"/my/orders/{order.id}")

    def test_tour_change_request_then_decline(self):
        order = self._sent_order()
        self.start_tour(
            f"/my/orders/{order.id}",
            "scrm_sales_proposal_portal",
            login="scrm_portal_nina",
        )
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.scrm_portal_answer, "declined")
        self.assertEqual(order.scrm_decline_reason, "competitor")
        self.assertEqual(
            order.scrm_customer_message, "We ordered from another supplier."
        )
        change = order.message_ids.filtered(lambda m: "5 pumps" in (m.body or ""))
        self.assertEqual(change.author_id, self.buyer.partner_id)
        timeline = self._timeline(order)
        self.assertEqual(len(timeline), 2, "one timeline entry per answer, no more")
        self.assertEqual(timeline.partner_id, self.customer)
        self.assertEqual(set(timeline.mapped("direction")), {"in"})
        self.assertIn("Change Requested", timeline[0].summary)
        self.assertIn("5 pumps", timeline[0].body)
        self.assertIn("Chose a competitor", timeline[1].summary)
        self.assertEqual(len(self._notified(order)), 2)
        self.assertEqual(len(self._todo(order)), 2)

    def test_accept_with_signature(self):
        order = self._sent_order()
        self.authenticate("scrm_portal_nina", "scrm_portal_nina")
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"name": "Nina Buyer", "signature": SIGNATURE},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.scrm_portal_answer, "accepted")
        self.assertEqual(order.signed_by, "Nina Buyer")
        timeline = self._timeline(order)
        self.assertEqual(len(timeline), 1)
        self.assertIn("Accepted", timeline.summary)
        self.assertEqual(timeline.contact_id, self.buyer.partner_id)
        self.assertEqual(len(self._notified(order)), 1)

    def test_another_customer_is_refused(self):
        order = self._sent_order()
        self.authenticate("scrm_portal_otto", "scrm_portal_otto")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertNotIn("Gear pump", page.text)
        self.assertTrue(page.url.endswith("/my"), page.url)
        csrf = self._csrf_of("/my")
        for route, data in (
            ("decline", {"decline_message": "No", "scrm_decline_reason": "price"}),
            ("scrm_change", {"change_message": "Cheaper please"}),
        ):
            response = self.url_open(
                f"/my/orders/{order.id}/{route}", data={**data, "csrf_token": csrf}
            )
            self.assertTrue(response.url.endswith("/my"), response.url)
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept", {"name": "Otto", "signature": SIGNATURE}
        )
        self.assertEqual(result, {"error": "Invalid order."})
        self.assertEqual(order.state, "sent")
        self.assertFalse(order.scrm_portal_answer)
        self.assertFalse(self._timeline(order))
        self.assertFalse(self._notified(order))

    def _csrf_of(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    @mute_logger("odoo.http")
    def test_bad_input_is_refused_and_nothing_changes(self):
        order = self._sent_order()
        self.authenticate("scrm_portal_nina", "scrm_portal_nina")
        csrf = self._csrf(order)
        cases = (
            (
                "decline",
                {"decline_message": "", "scrm_decline_reason": "price"},
                "is required",
            ),
            (
                "decline",
                {"decline_message": "Too dear", "scrm_decline_reason": "x"},
                "choose one of",
            ),
            ("decline", {"decline_message": "a\x00b"}, ""),
            ("scrm_change", {"change_message": "x" * 10001}, "at most 10000"),
            ("scrm_change", {"change_message": "  "}, "is required"),
        )
        for route, data, expected in cases:
            response = self.url_open(
                f"/my/orders/{order.id}/{route}", data={**data, "csrf_token": csrf}
            )
            self.assertEqual(response.status_code, 400, (route, data))
            self.assertIn(expected, response.text)
        self.assertEqual(order.state, "sent")
        self.assertFalse(order.scrm_portal_answer)
        self.assertFalse(self._timeline(order))

    def test_change_refused_once_confirmed(self):
        order = self._sent_order()
        order.action_confirm()
        self.authenticate("scrm_portal_nina", "scrm_portal_nina")
        csrf = self._csrf(order)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/orders/{order.id}/scrm_change",
                data={"change_message": "More pumps", "csrf_token": csrf},
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("can no longer be changed", response.text)
        self.assertFalse(order.scrm_portal_answer)

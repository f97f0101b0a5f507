from datetime import timedelta

from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_price", "scrm_clock")
class TestVmiPriceRequest(VmiPortalCase):
    def requests(self):
        return self.env["scrm.vmi.price.request"].search(
            [("partner_id", "in", (self.vendor | self.other_vendor).ids)]
        )

    def submit(self, **values):
        return self.post(
            "/my/vmi/price/submit", {"line_id": self.line_bolt.id, **values}
        )

    def test_new_price_approved_into_the_pricelist(self):
        self.authenticate("vmi_alice", "vmi_alice")
        start = self.today + timedelta(days=7)
        response = self.submit(
            price="2.40", date_start=str(start), min_qty="100", note="Steel costs"
        )
        self.assertEqual(response.status_code, 200)
        request = self.requests()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "submitted",
                    "price": 2.4,
                    "min_qty": 100,
                    "date_start": start,
                    "user_id": self.alice.id,
                    "partner_id": self.vendor.id,
                }
            ],
        )
        self.assertEqual(
            self.env["scrm.interaction"]
            .search([("res_model", "=", request._name)])
            .partner_id,
            self.vendor,
        )
        request.with_user(self.buyer).action_approve()
        self.assertEqual(request.state, "approved")
        new = request.supplierinfo_id
        self.assertRecordValues(
            new,
            [
                {
                    "partner_id": self.vendor.id,
                    "product_id": self.bolt.id,
                    "price": 2.4,
                    "min_qty": 100,
                    "date_start": start,
                    "delay": 7,
                }
            ],
        )
        self.assertIn(new, self.bolt.seller_ids)
        old = self.bolt.seller_ids - new
        self.assertEqual(old.date_end, start - timedelta(days=1))
        # Before the start date the old price applies, from it the new one.
        seller = self.bolt._select_seller(
            partner_id=self.vendor, quantity=100, date=start
        )
        self.assertEqual(seller.price, 2.4)
        seller = self.bolt._select_seller(
            partner_id=self.vendor, quantity=100, date=self.today
        )
        self.assertEqual(seller.price, 2.0)

    def test_new_lead_time_approved(self):
        self.authenticate("vmi_alice", "vmi_alice")
        self.submit(lead_time="12")
        self.requests().with_user(self.buyer).action_approve()
        self.assertEqual(
            self.bolt.seller_ids.filtered(lambda s: s.partner_id == self.vendor).delay,
            12,
        )
        self.assertEqual(self.line_bolt.lead_time, 12)

    def test_rejected_changes_nothing(self):
        self.authenticate("vmi_alice", "vmi_alice")
        self.submit(price="9", date_start=str(self.today))
        self.requests().with_user(self.buyer).action_reject()
        self.assertEqual(self.requests().state, "rejected")
        self.assertEqual(self.bolt.seller_ids.price, 2.0)

    def test_bad_requests_change_nothing(self):
        self.authenticate("vmi_alice", "vmi_alice")
        today = str(self.today)
        cases = [
            ({"price": "-2", "date_start": today}, "must be positive"),
            ({"price": "0", "date_start": today}, "must be positive"),
            ({"price": "cheap", "date_start": today}, "is not a number"),
            ({"price": "1e9", "date_start": today}, "largest quantity"),
            (
                {"price": "2", "date_start": str(self.today - timedelta(days=30))},
                "cannot start in the past",
            ),
            ({"price": "2", "date_start": "9999-12-31"}, "is not between"),
            ({"price": "2", "date_start": ""}, "give a date"),
            (
                {
                    "price": "2",
                    "date_start": today,
                    "date_end": str(self.today - timedelta(days=1)),
                },
                "ends before it starts",
            ),
            ({"lead_time": "soon"}, "whole number"),
            ({"lead_time": "0"}, "must be positive"),
            ({"lead_time": "400"}, "between 1 and 365"),
            ({"lead_time": "99999999999"}, "between 1 and 365"),
            ({"lead_time": "3", "note": "n" * 2001}, "at most 2000 characters"),
            ({}, "a new price, a new lead time or both"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self.submit(**values)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.content).text_content())
        self.assertFalse(self.requests())

    def test_other_supplier_refused(self):
        request = self.env["scrm.vmi.price.request"].create(
            {"agreement_line_id": self.line_bolt.id, "lead_time": 9}
        )
        self.authenticate("vmi_bob", "vmi_bob")
        self.assertEqual(
            self.url_open(f"/my/vmi/price?line_id={self.line_bolt.id}").status_code,
            404,
        )
        response = self.submit(lead_time="3")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.requests(), request)
        Request = self.env["scrm.vmi.price.request"]
        self.assertFalse(Request.with_user(self.bob).search([]))
        self.assertEqual(Request.with_user(self.alice).search([]), request)
        with self.assertRaises(AccessError):
            request.with_user(self.alice).action_approve()
        self.assertEqual(request.state, "submitted")

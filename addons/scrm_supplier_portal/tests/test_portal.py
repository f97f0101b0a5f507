import csv
import io
import re
from datetime import timedelta

import openpyxl
from lxml import html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .vmi_common import VmiCommon


class VmiPortalCase(HttpCase, VmiCommon):
    def page_rows(self, url="/my/vmi"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        rows = {}
        for row in tree.xpath("//tr[contains(@class, 'o_vmi_line')]"):
            values = {
                cell.get("class").split("o_vmi_")[-1]: cell.get("data-value")
                for cell in row.xpath("./td[@data-value]")
            }
            rows[row.get("data-product")] = values
        return rows

    def csrf_token(self, url="/my/preferences"):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post(self, url, data, token=True):
        if token:
            data = {"csrf_token": self.csrf_token(), **data}
        return self.url_open(url, data=data)

    def proposals(self):
        """The proposals of the test suppliers (the demo data has its own)."""
        return self.env["scrm.replenishment.proposal"].search(
            [("partner_id", "in", (self.vendor | self.other_vendor).ids)]
        )

    def approved_proposal(self, line, quantity):
        proposal = self.propose(line, quantity)
        proposal.action_submit()
        if proposal.state == "submitted":
            proposal.with_user(self.buyer).action_approve()
        return proposal


@tagged("post_install", "-at_install", "scrm_vmi_portal", "scrm_clock")
class TestVmiPortalPage(VmiPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt_history()

    def test_page_shows_the_figures(self):
        self.authenticate("vmi_alice", "vmi_alice")
        rows = self.page_rows()
        self.assertEqual(set(rows), {"VMI Bolt", "VMI Nut"}, "own products only")
        bolt = rows["VMI Bolt"]
        self.assertEqual(float(bolt["on_hand"]), 15)
        self.assertEqual(float(bolt["reserved"]), 5)
        self.assertEqual(float(bolt["in_transit"]), 4)
        self.assertEqual(float(bolt["daily_usage"]), 1)
        self.assertEqual(bolt["requirements"], "5 12 0 0 0 0")
        self.assertEqual(bolt["projected"], "10 -2 2 2 2 2")
        self.assertEqual(float(bolt["cover"]), 10)
        self.assertEqual(bolt["status"], "below_min")
        self.assertEqual(float(bolt["recommended"]), 80)
        nut = rows["VMI Nut"]
        self.assertEqual((float(nut["on_hand"]), nut["status"]), (30, "ok"))
        self.assertEqual(nut["cover"], "")

    def test_window_filter_search_sort(self):
        self.authenticate("vmi_alice", "vmi_alice")
        rows = self.page_rows("/my/vmi?window=7")
        self.assertAlmostEqual(float(rows["VMI Bolt"]["daily_usage"]), 30 / 7)
        self.assertEqual(set(self.page_rows("/my/vmi?status=below_min")), {"VMI Bolt"})
        self.assertEqual(set(self.page_rows("/my/vmi?search=VN-1")), {"VMI Nut"})
        self.assertEqual(set(self.page_rows("/my/vmi?search=nut")), {"VMI Nut"})
        self.assertEqual(
            list(self.page_rows("/my/vmi?sort=recommended")), ["VMI Bolt", "VMI Nut"]
        )
        self.assertEqual(
            list(self.page_rows("/my/vmi?sort=cover")), ["VMI Bolt", "VMI Nut"]
        )

    def test_pagination(self):
        products = self.env["product.product"].create(
            [{"name": f"Spare {index:02d}", "is_storable": True} for index in range(25)]
        )
        self.agreement.line_ids = [
            Command.create({"product_id": product.id, "max_qty": 10})
            for product in products
        ]
        self.authenticate("vmi_alice", "vmi_alice")
        first, second = self.page_rows(), self.page_rows("/my/vmi?page=2")
        self.assertEqual(len(first), 20)
        self.assertEqual(len(second), 7)
        self.assertFalse(set(first) & set(second))

    def test_downloads_hold_what_the_page_shows(self):
        self.authenticate("vmi_alice", "vmi_alice")
        shown = self.page_rows("/my/vmi?status=below_min&window=7")
        response = self.url_open("/my/vmi/export/csv?status=below_min&window=7")
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        header, body = rows[0], rows[1:]
        self.assertEqual([row[1] for row in body], list(shown))
        bolt = dict(zip(header, body[0], strict=True))
        self.assertEqual(float(bolt["On Hand"]), 15)
        self.assertEqual(float(bolt["In Transit"]), 4)
        self.assertEqual(float(bolt["Daily Usage"]), round(30 / 7, 2))
        self.assertEqual(float(bolt["Recommended"]), 80)
        self.assertEqual(bolt["Status"], "Below minimum")

        response = self.url_open("/my/vmi/export/xlsx?status=below_min&window=7")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        self.assertEqual(list(values[0]), header)
        self.assertEqual([row[1] for row in values[1:]], list(shown))
        self.assertEqual(values[1][header.index("On Hand")], 15)
        logged = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertFalse(logged, "a download is a read: it writes nothing")

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my/vmi", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install", "scrm_vmi_portal", "scrm_clock")
class TestVmiPortalForms(VmiPortalCase):
    def test_propose_from_the_portal(self):
        self.authenticate("vmi_alice", "vmi_alice")
        form = self.url_open(f"/my/vmi/propose?line_id={self.line_bolt.id}")
        self.assertEqual(form.status_code, 200)
        self.assertIn('value="80.0"', form.text, "the recommended quantity")
        response = self.post(
            "/my/vmi/propose/submit",
            {
                "line_id": self.line_bolt.id,
                "quantity": "80",
                "ship_date": str(self.today),
                "arrival_date": str(self.today + timedelta(days=7)),
            },
        )
        self.assertEqual(response.status_code, 200)
        proposal = self.proposals()
        self.assertRecordValues(
            proposal,
            [
                {
                    "state": "submitted",
                    "agreement_id": self.agreement.id,
                    "submitted_by_id": self.alice.id,
                }
            ],
        )
        self.assertEqual(proposal.line_ids.quantity, 80)
        self.assertIn(proposal.name, response.text)
        entry = self.env["scrm.interaction"].search(
            [("res_model", "=", proposal._name), ("res_id", "=", proposal.id)]
        )
        self.assertEqual(entry.partner_id, self.vendor)
        self.assertEqual(entry.contact_id, self.alice.partner_id)
        self.assertEqual(entry.channel_id.code, "portal")

    def test_propose_bad_input_changes_nothing(self):
        self.authenticate("vmi_alice", "vmi_alice")
        tomorrow = str(self.today + timedelta(days=1))
        base = {
            "line_id": self.line_bolt.id,
            "quantity": "80",
            "ship_date": str(self.today),
            "arrival_date": tomorrow,
        }
        cases = [
            ({"quantity": "-20"}, "must be positive"),
            ({"quantity": "0"}, "must be positive"),
            ({"quantity": "twenty"}, "is not a number"),
            ({"quantity": "nan"}, "not a number"),
            ({"quantity": "1e12"}, "largest quantity"),
            ({"quantity": "1,000"}, "ambiguous"),
            ({"quantity": "1.000,5"}, "ambiguous"),
            ({"quantity": "1_000"}, "is not a number"),
            ({"quantity": "15"}, "minimum order quantity"),
            ({"ship_date": str(self.today - timedelta(days=3))}, "in the past"),
            ({"ship_date": "2026-13-45"}, "give a date"),
            ({"arrival_date": ""}, "give a date"),
            ({"quantity": "90"}, "above the agreed maximum"),
            (
                {"quantity": "90", "justification": "x" * 2001},
                "at most 2000 characters",
            ),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                response = self.post("/my/vmi/propose/submit", {**base, **change})
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.content).text_content())
        self.assertFalse(self.proposals())
        self.assertFalse(
            self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)])
        )

    def test_unknown_or_foreign_line_is_not_found(self):
        self.authenticate("vmi_alice", "vmi_alice")
        for line_id in ("999999", "abc", str(self.line_washer.id)):
            with self.subTest(line_id=line_id):
                response = self.post(
                    "/my/vmi/propose/submit",
                    {
                        "line_id": line_id,
                        "quantity": "100",
                        "ship_date": str(self.today),
                        "arrival_date": str(self.today),
                    },
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(self.proposals())

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.post(
            "/my/vmi/propose/submit",
            {
                "line_id": self.line_bolt.id,
                "quantity": "80",
                "ship_date": str(self.today),
                "arrival_date": str(self.today),
            },
            token=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.proposals())

    def test_shipping_notice_from_the_portal(self):
        proposal = self.approved_proposal(self.line_bolt, 80)
        self.authenticate("vmi_alice", "vmi_alice")
        url = f"/my/vmi/proposals/{proposal.id}/ship"
        line_field = f"shipped_{proposal.line_ids.id}"
        tomorrow = str(self.today + timedelta(days=1))
        good = {
            line_field: "60",
            "ship_date": str(self.today),
            "arrival_date": tomorrow,
            "carrier": "DHL",
            "tracking_ref": "JD42",
        }
        cases = [
            ({line_field: "-1"}, "must be positive"),
            ({line_field: "lots"}, "is not a number"),
            ({line_field: "99999999"}, "largest quantity"),
            ({line_field: "81"}, "more than the 80.0 approved"),
            (
                {"arrival_date": str(self.today - timedelta(days=1))},
                "cannot be in the past",
            ),
            ({"shipped_999999": "5"}, "unknown lines"),
            ({"tracking_ref": "J" * 129}, "at most 128 characters"),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                response = self.post(url, {**good, **change})
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.content).text_content())
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.picking_id.move_ids.product_uom_qty, 80)

        response = self.post(url, good)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(proposal.state, "shipped")
        self.assertEqual(proposal.tracking_ref, "JD42")
        self.assertEqual(proposal.picking_id.move_ids.quantity, 60)
        self.assertEqual(proposal.picking_id.backorder_ids.move_ids.product_uom_qty, 20)

    def test_cancel_from_the_portal(self):
        proposal = self.approved_proposal(self.line_bolt, 80)
        order = proposal.purchase_id
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.post(f"/my/vmi/proposals/{proposal.id}/cancel", {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(proposal.state, "cancelled")
        self.assertEqual(order.state, "cancel")
        again = self.post(f"/my/vmi/proposals/{proposal.id}/cancel", {})
        self.assertEqual(again.status_code, 400)

    def test_no_cancel_nor_shipping_notice_once_the_agreement_ended(self):
        proposal = self.approved_proposal(self.line_bolt, 80)
        order = proposal.purchase_id
        proposal.agreement_id.state = "expired"
        self.authenticate("vmi_alice", "vmi_alice")
        today = str(self.today)
        for url, data in (
            (f"/my/vmi/proposals/{proposal.id}/cancel", {}),
            (
                f"/my/vmi/proposals/{proposal.id}/ship",
                {
                    f"shipped_{proposal.line_ids.id}": "80",
                    "ship_date": today,
                    "arrival_date": today,
                },
            ),
        ):
            with self.subTest(url=url):
                response = self.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(
                    "no longer active",
                    html.fromstring(response.content).text_content(),
                )
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(order.state, "purchase")


@tagged("post_install", "-at_install", "scrm_vmi_portal")
class TestVmiPortalIsolation(VmiPortalCase):
    """Bob (Bolt Brothers) tries every route with Acme's ids."""

    def test_every_route_with_another_suppliers_ids(self):
        proposal = self.approved_proposal(self.line_bolt, 80)
        draft = self.propose(self.line_nut, 10)
        self.authenticate("vmi_bob", "vmi_bob")
        rows = self.page_rows()
        self.assertEqual(set(rows), {"VMI Washer"})
        gets = [
            f"/my/vmi?agreement_id={self.agreement.id}",
            f"/my/vmi/export/csv?agreement_id={self.agreement.id}",
            f"/my/vmi/propose?line_id={self.line_bolt.id}",
            f"/my/vmi/proposals/{proposal.id}",
            f"/my/vmi/proposals/{draft.id}",
        ]
        for url in gets:
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        posts = [
            (
                "/my/vmi/propose/submit",
                {
                    "line_id": self.line_bolt.id,
                    "quantity": "80",
                    "ship_date": str(self.today),
                    "arrival_date": str(self.today),
                },
            ),
            (f"/my/vmi/proposals/{proposal.id}/cancel", {}),
            (f"/my/vmi/proposals/{draft.id}/cancel", {}),
            (
                f"/my/vmi/proposals/{proposal.id}/ship",
                {
                    f"shipped_{proposal.line_ids.id}": "80",
                    "ship_date": str(self.today),
                    "arrival_date": str(self.today),
                },
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                self.assertEqual(self.post(url, data).status_code, 404)
        listing = self.url_open("/my/vmi/proposals").text
        self.assertNotIn(proposal.name, listing)
        csv_rows = self.url_open("/my/vmi/export/csv").content.decode()
        self.assertNotIn("VMI Bolt", csv_rows)
        self.assertEqual(self.proposals(), proposal | draft, "nothing created")
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(proposal.line_ids.shipped_qty, 0)


@tagged("post_install", "-at_install", "scrm_vmi_portal")
class TestVmiPortalQueries(VmiPortalCase):
    def count_queries(self, url):
        self.url_open(url)  # caches warm
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def add_lines(self, count, prefix):
        products = self.env["product.product"].create(
            [
                {"name": f"{prefix} {index:04d}", "is_storable": True}
                for index in range(count)
            ]
        )
        self.env["scrm.vmi.agreement.line"].create(
            [
                {
                    "agreement_id": self.agreement.id,
                    "product_id": product.id,
                    "min_qty": 5,
                    "max_qty": 10,
                }
                for product in products
            ]
        )
        self.env["stock.quant"].create(
            [
                {"product_id": product.id, "location_id": self.stock.id, "quantity": 3}
                for product in products[::2]
            ]
        )

    def test_page_costs_the_same_for_2_and_2000_lines(self):
        """The page of 2 lines (2 rows shown) and the page of 2000 lines (20
        rows shown, the page size) cost the same queries: a query per shown row
        or per line would make the second page dearer."""
        self.authenticate("vmi_alice", "vmi_alice")
        url = "/my/vmi?sort=status"
        small = self.count_queries(url)
        self.assertEqual(len(self.page_rows(url)), 2)
        self.add_lines(1998, "Piece")
        large = self.count_queries(url)
        self.assertEqual(len(self.page_rows(url)), 20)
        self.assertEqual(small, large)


@tagged("post_install", "-at_install", "scrm_vmi_portal", "scrm_vmi_tour")
class TestVmiTour(VmiPortalCase):
    def test_whole_loop_in_the_browser(self):
        """Supplier proposes, buyer approves, supplier ships, the warehouse
        receives, the supplier sees the new stock."""
        self.start_tour("/my", "scrm_vmi_propose", login="vmi_alice")
        proposal = self.proposals()
        self.assertEqual(proposal.state, "submitted")
        self.assertEqual(proposal.line_ids.quantity, 80)

        self.start_tour(
            "/odoo/action-scrm_supplier_portal.scrm_replenishment_proposal_action",
            "scrm_vmi_buyer_approve",
            login="scrm_vmi_buyer",
        )
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.approved_by_id, self.buyer)
        self.assertEqual(proposal.purchase_id.state, "purchase")

        self.start_tour("/my/vmi/proposals", "scrm_vmi_ship", login="vmi_alice")
        self.assertEqual(proposal.state, "shipped")
        self.assertEqual(proposal.tracking_ref, "JD0042")
        receipt = proposal.picking_id
        self.assertEqual(receipt.move_ids.quantity, 80)

        receipt.button_validate()
        self.assertEqual(proposal.state, "received")
        self.start_tour("/my/vmi", "scrm_vmi_received", login="vmi_alice")
        timeline = self.env["scrm.interaction"].search(
            [("res_model", "=", proposal._name), ("res_id", "=", proposal.id)]
        )
        self.assertEqual(len(timeline), 2, "proposal and shipping notice")

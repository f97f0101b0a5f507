from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from ..controllers.catalogue import CATALOGUE_HOURLY_LIMIT
from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_supplier_catalogue")
class TestSupplierCatalogue(VmiPortalCase):
    """Issue 17: the supplier's catalogue on the portal. Acme (Alice) supplies
    the bolt at 2.00 and the nut at 1.00, Bolt Brothers (Bob) the washer at
    0.50; nothing a supplier proposes counts before a buyer approves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seal_category = cls.env["product.category"].create({"name": "Seals"})
        cls.bolt_price = cls.bolt.seller_ids
        cls.washer_price = cls.washer.seller_ids

    def entries(self, partner=None):
        return self.env["scrm.supplier.catalogue.request"].search(
            [("partner_id", "in", (partner or self.vendor | self.other_vendor).ids)]
        )

    def page(self):
        response = self.url_open("/my/vmi/catalogue")
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def submit(self, **values):
        return self.post("/my/vmi/catalogue/submit", values)

    def test_page_lists_own_prices_only(self):
        self.authenticate("vmi_alice", "vmi_alice")
        tree = self.page()
        rows = {
            row.get("data-product"): float(row.get("data-price"))
            for row in tree.xpath("//tr[contains(@class, 'o_vmi_catalogue_price')]")
        }
        self.assertEqual(rows, {"VMI Bolt": 2.0, "VMI Nut": 1.0})
        self.assertNotIn("VMI Washer", tree.text_content())
        self.authenticate("vmi_bob", "vmi_bob")
        tree = self.page()
        self.assertNotIn("VMI Bolt", tree.text_content())
        self.assertEqual(
            tree.xpath("//tr[contains(@class, 'o_vmi_catalogue_price')]/@data-product"),
            ["VMI Washer"],
        )

    def test_price_break_counts_only_after_approval(self):
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.submit(
            kind="product",
            product_tmpl_id=str(self.bolt.product_tmpl_id.id),
            price="1.80",
            min_qty="100",
            lead_time="5",
            capacity="4000",
            product_code="AC-B100",
        )
        self.assertEqual(response.status_code, 200)
        entry = self.entries()
        self.assertRecordValues(
            entry,
            [
                {
                    "state": "submitted",
                    "partner_id": self.vendor.id,
                    "price": 1.8,
                    "min_qty": 100,
                    "user_id": self.alice.id,
                }
            ],
        )
        # Waiting: the vendor pricelist and the purchase price are unchanged.
        self.assertEqual(self.bolt.seller_ids, self.bolt_price)
        seller = self.bolt._select_seller(partner_id=self.vendor, quantity=150)
        self.assertEqual(seller.price, 2.0)
        self.assertEqual(
            self.page().xpath("//tr[@data-state='submitted']/@data-state"),
            ["submitted"],
        )

        # A supplier's user may not approve its own entry.
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            entry.with_user(self.alice).action_approve()
        entry.with_user(self.buyer).action_approve()
        self.assertEqual(entry.state, "approved")
        self.assertEqual(entry.approved_by_id, self.buyer)
        new = entry.result_supplierinfo_id
        self.assertRecordValues(
            new,
            [
                {
                    "partner_id": self.vendor.id,
                    "product_tmpl_id": self.bolt.product_tmpl_id.id,
                    "price": 1.8,
                    "min_qty": 100,
                    "delay": 5,
                    "scrm_capacity": 4000,
                    "scrm_source": "portal",
                    "product_code": "AC-B100",
                }
            ],
        )
        # The price break applies from 100 units; the 2.00 stays below.
        seller = self.bolt._select_seller(partner_id=self.vendor, quantity=150)
        self.assertEqual(seller.price, 1.8)
        seller = self.bolt._select_seller(partner_id=self.vendor, quantity=10)
        self.assertEqual(seller.price, 2.0)

    def test_change_of_an_existing_price(self):
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.url_open(
            f"/my/vmi/catalogue?supplierinfo_id={self.bolt_price.id}"
        )
        form = html.fromstring(response.content).xpath(
            "//form[contains(@class, 'o_vmi_catalogue_form')]"
        )[0]
        self.assertEqual(form.xpath(".//input[@name='price']/@value"), ["2.0"])
        self.submit(
            supplierinfo_id=str(self.bolt_price.id), price="2.10", lead_time="9"
        )
        self.assertEqual(self.bolt_price.price, 2.0)
        self.entries().with_user(self.buyer).action_approve()
        self.assertEqual(self.bolt.seller_ids, self.bolt_price, "updated, not added")
        self.assertRecordValues(self.bolt_price, [{"price": 2.1, "delay": 9}])

    def test_category_capability_and_new_product(self):
        self.authenticate("vmi_alice", "vmi_alice")
        self.submit(
            kind="category",
            categ_id=str(self.seal_category.id),
            capacity="10000",
            lead_time="21",
        )
        self.submit(kind="product", product_name="Seal kit XL", price="4.5")
        category_entry, product_entry = self.entries().sorted("id")
        Capability = self.env["scrm.supplier.capability"]
        self.assertFalse(Capability.search([("partner_id", "=", self.vendor.id)]))
        category_entry.with_user(self.buyer).action_approve()
        capability = Capability.search([("partner_id", "=", self.vendor.id)])
        self.assertRecordValues(
            capability,
            [
                {
                    "categ_id": self.seal_category.id,
                    "capacity": 10000,
                    "lead_time": 21,
                    "source": "portal",
                }
            ],
        )
        self.assertEqual(
            self.page()
            .xpath("//tr[contains(@class, 'o_vmi_catalogue_capability')]/td")[0]
            .text_content(),
            "Seals",
        )
        # A product new to us: the buyer says which product it is first.
        with self.assertRaises(UserError):
            product_entry.with_user(self.buyer).action_approve()
        seal = self.env["product.product"].create(
            {"name": "Seal kit XL", "categ_id": self.seal_category.id}
        )
        product_entry.with_user(self.buyer).product_tmpl_id = seal.product_tmpl_id
        product_entry.with_user(self.buyer).action_approve()
        self.assertEqual(seal.seller_ids.partner_id, self.vendor)
        self.assertEqual(seal.seller_ids.price, 4.5)

    def test_rejected_and_withdrawn_change_nothing(self):
        self.authenticate("vmi_alice", "vmi_alice")
        self.submit(supplierinfo_id=str(self.bolt_price.id), price="9")
        self.submit(supplierinfo_id=str(self.bolt_price.id), price="8")
        first, second = self.entries().sorted("id")
        first.with_user(self.buyer).action_reject()
        response = self.post(f"/my/vmi/catalogue/{second.id}/withdraw", {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual((first.state, second.state), ("rejected", "cancelled"))
        with self.assertRaises(UserError):
            second.with_user(self.buyer).action_approve()
        self.assertEqual(self.bolt_price.price, 2.0)

    def test_other_supplier_is_refused(self):
        """Bob (Bolt Brothers) names Acme's prices, products and entries: 404,
        and nothing is created or changed."""
        self.authenticate("vmi_alice", "vmi_alice")
        self.submit(supplierinfo_id=str(self.bolt_price.id), price="1.5")
        alice_entry = self.entries()
        self.authenticate("vmi_bob", "vmi_bob")
        for url in (f"/my/vmi/catalogue?supplierinfo_id={self.bolt_price.id}",):
            self.assertEqual(self.url_open(url).status_code, 404)
        cases = [
            {"supplierinfo_id": str(self.bolt_price.id), "price": "0.1"},
            {"product_tmpl_id": str(self.bolt.product_tmpl_id.id), "price": "0.1"},
        ]
        for values in cases:
            with self.subTest(values=values):
                self.assertEqual(self.submit(**values).status_code, 404)
        response = self.post(f"/my/vmi/catalogue/{alice_entry.id}/withdraw", {})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.entries(), alice_entry)
        self.assertEqual(alice_entry.state, "submitted")
        self.assertEqual(self.bolt_price.price, 2.0)
        # Nor does Bob read Acme's entries or capabilities by any other path.
        Entry = self.env["scrm.supplier.catalogue.request"]
        self.assertFalse(Entry.with_user(self.bob).search([]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            alice_entry.with_user(self.bob).read(["price"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.bolt_price.with_user(self.bob).read(["price"])

    def test_customer_portal_user_is_forbidden(self):
        customer = self.env["res.partner"].create(
            {"name": "Curious Customer", "is_company": True}
        )
        user = mail_new_test_user(
            self.env, login="cat_customer", groups="base.group_portal"
        )
        user.partner_id.parent_id = customer
        self.authenticate("cat_customer", "cat_customer")
        self.assertEqual(self.url_open("/my/vmi/catalogue").status_code, 403)
        response = self.submit(
            kind="category", categ_id=str(self.seal_category.id), capacity="1"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(
            self.env["scrm.supplier.catalogue.request"].search(
                [("partner_id", "=", customer.id)]
            )
        )

    def test_bad_input_answers_400(self):
        self.authenticate("vmi_alice", "vmi_alice")
        product = str(self.bolt.product_tmpl_id.id)
        cases = [
            ({"product_tmpl_id": product, "price": "-2"}, "must be positive"),
            ({"product_tmpl_id": product, "price": "cheap"}, "is not a number"),
            ({"product_tmpl_id": product, "price": "1e9"}, "largest quantity"),
            ({"product_tmpl_id": product, "price": ""}, "is not a number"),
            (
                {"product_tmpl_id": product, "price": "1", "lead_time": "0"},
                "between 1 and 365",
            ),
            (
                {"product_tmpl_id": product, "price": "1", "lead_time": "soon"},
                "whole number",
            ),
            (
                {"product_tmpl_id": product, "price": "1", "capacity": "-5"},
                "must be positive",
            ),
            ({"product_tmpl_id": "abc", "price": "1"}, "unknown record"),
            ({"product_tmpl_id": "99999999999", "price": "1"}, "unknown record"),
            ({"product_name": "n" * 300, "price": "1"}, "at most 256 characters"),
            (
                {"product_tmpl_id": product, "price": "1", "note": "n" * 2001},
                "at most 2000 characters",
            ),
            ({"price": "1"}, "Choose a product or name a new one"),
            ({"kind": "category", "capacity": "10"}, "Choose the product category"),
            (
                {"kind": "category", "categ_id": str(self.seal_category.id)},
                "capacity per month, the lead time or both",
            ),
            ({"kind": "anything"}, "choose one of"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self.submit(**values)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.content).text_content())
        response = self.url_open("/my/vmi/catalogue?supplierinfo_id=%00")
        self.assertEqual(response.status_code, 400)
        response = self.url_open("/my/vmi/catalogue?supplierinfo_id=99999999999")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.entries())

    def test_hourly_limit_of_entries(self):
        """A supplier's user flooding the buyers' review queue: past the hourly
        limit the form answers 429 with the reason and creates nothing."""
        Entry = self.env["scrm.supplier.catalogue.request"]
        Entry.with_user(self.alice).sudo().create(
            [
                {
                    "partner_id": self.vendor.id,
                    "product_tmpl_id": self.bolt.product_tmpl_id.id,
                    "price": 1.0 + n / 100,
                    "user_id": self.alice.id,
                }
                for n in range(CATALOGUE_HOURLY_LIMIT)
            ]
        )
        before = self.entries()
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.submit(
            product_tmpl_id=str(self.bolt.product_tmpl_id.id), price="1.5"
        )
        self.assertEqual(response.status_code, 429)
        self.assertIn(
            "in the last hour", html.fromstring(response.content).text_content()
        )
        self.assertEqual(self.entries(), before)
        # Bob, of another supplier, is not held back by Alice's entries.
        self.authenticate("vmi_bob", "vmi_bob")
        response = self.submit(
            product_tmpl_id=str(self.washer.product_tmpl_id.id), price="0.4"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.entries(self.other_vendor)), 1)


@tagged("post_install", "-at_install", "scrm_supplier_catalogue")
class TestCatalogueWithoutPrices(VmiPortalCase):
    """A supplier known only for what it can supply of a category (no vendor
    price, no VMI agreement, no supplier role) has a catalogue: its tile on the
    portal home and the page. A portal user whose company has none of these
    has neither."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seal_category = cls.env["product.category"].create({"name": "Seals"})
        cls.seal_maker = cls.env["res.partner"].create(
            {"name": "Seal Makers", "is_company": True}
        )
        cls.env["scrm.supplier.capability"].create(
            {
                "partner_id": cls.seal_maker.id,
                "categ_id": cls.seal_category.id,
                "capacity": 6000,
                "lead_time": 14,
            }
        )
        cls.carol = mail_new_test_user(
            cls.env, login="cat_carol", name="Carol Seal", groups="base.group_portal"
        )
        cls.carol.partner_id.parent_id = cls.seal_maker
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Just Browsing", "is_company": True}
        )
        cls.dave = mail_new_test_user(
            cls.env, login="cat_dave", name="Dave Browse", groups="base.group_portal"
        )
        cls.dave.partner_id.parent_id = cls.stranger

    def counter(self):
        """The count the portal home asks for to show the catalogue tile."""
        return self.make_jsonrpc_request(
            "/my/counters", {"counters": ["vmi_catalogue_count"]}
        )["vmi_catalogue_count"]

    def test_capabilities_only_supplier_has_the_tile_and_the_page(self):
        self.assertNotIn(self.seal_maker.scrm_role, ("supplier", "both"))
        self.authenticate("cat_carol", "cat_carol")
        self.assertEqual(self.counter(), 1, "the tile shows")
        home = self.url_open("/my")
        self.assertIn('href="/my/vmi/catalogue"', home.text)
        response = self.url_open("/my/vmi/catalogue")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        self.assertEqual(
            [
                cell.text_content()
                for cell in tree.xpath(
                    "//tr[contains(@class, 'o_vmi_catalogue_capability')]/td"
                )
            ],
            ["Seals", "6000", "14"],
        )
        self.assertTrue(tree.xpath("//p[contains(@class, 'o_vmi_catalogue_no_price')]"))
        # It may propose its first product too.
        response = self.submit_entry(product_name="Seal kit", price="3.5")
        self.assertEqual(response.status_code, 200)
        entry = self.env["scrm.supplier.catalogue.request"].search(
            [("partner_id", "=", self.seal_maker.id)]
        )
        self.assertRecordValues(entry, [{"state": "submitted", "price": 3.5}])

    def test_neither_prices_nor_capabilities_is_refused(self):
        self.authenticate("cat_dave", "cat_dave")
        self.assertEqual(self.counter(), 0, "no tile")
        self.assertEqual(self.url_open("/my/vmi/catalogue").status_code, 403)
        response = self.submit_entry(
            kind="category", categ_id=str(self.seal_category.id), capacity="1"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(
            self.env["scrm.supplier.catalogue.request"].search(
                [("partner_id", "=", self.stranger.id)]
            )
        )

    def submit_entry(self, **values):
        return self.post("/my/vmi/catalogue/submit", values)


@tagged("post_install", "-at_install", "scrm_supplier_catalogue", "scrm_vmi_tour")
class TestCatalogueTour(VmiPortalCase):
    def test_propose_on_the_portal_approve_in_the_back_office(self):
        """Alice proposes 1.80 from 100 bolts on the portal and sees it waiting;
        the buyer approves it in the back office; only then is it a price."""
        bolt_price = self.bolt.seller_ids
        self.start_tour("/my", "scrm_catalogue_propose", login="vmi_alice")
        self.env.invalidate_all()
        entry = self.env["scrm.supplier.catalogue.request"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertRecordValues(
            entry,
            [
                {
                    "state": "submitted",
                    "supplierinfo_id": bolt_price.id,
                    "price": 1.8,
                    "min_qty": 100,
                    "user_id": self.alice.id,
                }
            ],
        )
        self.assertEqual(bolt_price.price, 2.0)
        self.start_tour(
            "/odoo/action-scrm_supplier_portal.scrm_supplier_catalogue_request_action",
            "scrm_catalogue_buyer_approve",
            login="scrm_vmi_buyer",
        )
        self.env.invalidate_all()
        self.assertRecordValues(
            entry,
            [
                {
                    "state": "approved",
                    "approved_by_id": self.buyer.id,
                    "result_supplierinfo_id": bolt_price.id,
                }
            ],
        )
        self.assertRecordValues(bolt_price, [{"price": 1.8, "min_qty": 100}])

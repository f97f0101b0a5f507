from datetime import timedelta

from lxml import html

from odoo.tests import tagged

from odoo.addons.scrm_mrp_ext.engine import ItemTable

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_portal", "scrm_vmi_screens")
class TestVmiScreens(VmiPortalCase):
    """What the supplier sees on /my/vmi and the pages it links to."""

    def plan_needs_bolts(self, quantity):
        """The last MRP run needs ``quantity`` bolts this week."""
        mps = self.env["scrm.mps"].create(
            {"name": "Empty", "warehouse_id": self.warehouse.id, "period_count": 4}
        )
        run = self.env["scrm.mrp.run"].create(
            {"name": "MRP test", "company_id": self.env.company.id, "mps_id": mps.id}
        )
        zero = [0.0]
        run._write_tables(
            [self.monday],
            [ItemTable(self.bolt.id, [quantity], zero, zero, zero, zero, zero)],
        )

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def test_status_follows_the_projection_like_the_alert(self):
        """Above its maximum today, but the plan takes 150 this week: the page
        says below safety stock, as the alert does, recommends filling up from
        the projected position, and its tooltip gives the rule and figures."""
        self.set_stock(self.bolt, 120)  # maximum 100
        self.plan_needs_bolts(150.0)
        self.env["scrm.vmi.agreement"]._cron_vmi_alerts()
        self.assertEqual(self.line_bolt.alert_key, "projected_below_safety")
        self.authenticate("vmi_alice", "vmi_alice")
        tree = self.page("/my/vmi")
        row = tree.xpath("//tr[@data-product='VMI Bolt']")[0]
        status = row.xpath(".//td[contains(@class, 'o_vmi_status')]")[0]
        self.assertEqual(status.get("data-value"), "below_safety")
        self.assertEqual(status.text_content().strip(), "Below safety stock")
        tooltip = status.xpath("./span/@title")[0]
        self.assertIn("= -30", tooltip)  # 120 + 0 - 150
        self.assertIn("lowest: -30", tooltip)
        recommended = row.xpath(".//td[contains(@class, 'o_vmi_recommended')]")[0]
        self.assertEqual(float(recommended.get("data-value")), 130)  # 100 + 30
        # The projection chart marks the weeks below safety stock.
        chart = row.xpath(".//svg[contains(@class, 'o_vmi_projection_chart')]")[0]
        self.assertEqual(len(chart.xpath("./circle")), 6, "one dot per week")
        self.assertIn("#dc3545", chart.xpath("./circle/@fill"))
        self.assertTrue(tree.xpath("//p[contains(@class, 'o_vmi_status_rule')]"))

    def test_rows_and_header_link_commitments_and_prices(self):
        self.authenticate("vmi_alice", "vmi_alice")
        tree = self.page("/my/vmi")
        row = tree.xpath("//tr[@data-product='VMI Bolt']")[0]
        line = self.line_bolt.id
        self.assertEqual(
            row.xpath(".//a[contains(@class, 'o_vmi_commit_link')]/@href"),
            [f"/my/vmi/commit?line_id={line}"],
        )
        self.assertEqual(
            row.xpath(".//a[contains(@class, 'o_vmi_price_link')]/@href"),
            [f"/my/vmi/price?line_id={line}"],
        )
        for link, kind in (
            ("o_vmi_commits_link", "commit"),
            ("o_vmi_prices_link", "price"),
        ):
            href = tree.xpath(f"//a[contains(@class, '{link}')]/@href")[0]
            listing = self.page(href)
            products = listing.xpath(
                "//tr[contains(@class, 'o_vmi_list_line')]/@data-product"
            )
            self.assertEqual(sorted(products), ["VMI Bolt", "VMI Nut"], kind)
            self.assertIn(
                f"/my/vmi/{kind}?line_id={line}",
                listing.xpath("//tr[@data-product='VMI Bolt']//a/@href"),
            )

    def test_commitment_list_sums_the_weeks(self):
        weeks = self._vmi_weeks()
        self.line_bolt._vmi_record_commits({weeks[0]: 3, weeks[1]: 4})
        self.authenticate("vmi_alice", "vmi_alice")
        listing = self.page("/my/vmi/commit")
        committed = listing.xpath(
            "//tr[@data-product='VMI Bolt']//td[contains(@class, 'o_vmi_committed')]"
        )
        self.assertEqual(float(committed[0].get("data-value")), 7)

    def _vmi_weeks(self):
        return [self.monday + timedelta(weeks=week) for week in range(6)]

    def test_another_supplier_lists_only_their_own(self):
        self.env["scrm.vmi.price.request"].create(
            {"agreement_line_id": self.line_bolt.id, "lead_time": 9}
        )
        self.authenticate("vmi_bob", "vmi_bob")
        for url in ("/my/vmi/commit", "/my/vmi/price"):
            with self.subTest(url=url):
                tree = self.page(url)
                products = tree.xpath(
                    "//tr[contains(@class, 'o_vmi_list_line')]/@data-product"
                )
                self.assertEqual(products, ["VMI Washer"])
                self.assertNotIn("VMI Bolt", tree.text_content())

    def test_home_tile_image_exists(self):
        self.authenticate("vmi_alice", "vmi_alice")
        tree = self.page("/my")
        tile = tree.xpath("//a[@href='/my/vmi']")[0]
        image = tile.xpath(".//img/@src")[0]
        self.assertEqual(self.url_open(image).status_code, 200, image)

    def test_scorecard_charts(self):
        self.env["scrm.supplier.scorecard"].create(
            [
                {
                    "partner_id": self.vendor.id,
                    "company_id": self.env.company.id,
                    "period_start": self.monday.replace(day=1),
                    "receipt_count": 4,
                    "on_time_rate": 75.0,
                    "in_full_rate": 100.0,
                    "price_variance": 2.5,
                }
            ]
        )
        self.authenticate("vmi_alice", "vmi_alice")
        tree = self.page("/my/vmi/scorecard")
        charts = tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_vmi_scorecard_chart ')]"
        )
        self.assertEqual(len(charts), 4, "on time, in full, lead time, price")
        on_time = tree.xpath("//div[contains(@class, 'o_vmi_chart_on_time_rate')]")[0]
        self.assertIn("75.0 %", on_time.text_content())
        self.assertEqual(len(on_time.xpath(".//rect")), 1, "one bar per month")

    def test_tour_supplier_sees_projected_shortage(self):
        self.set_stock(self.bolt, 120)
        self.plan_needs_bolts(150.0)
        self.start_tour("/my/vmi", "scrm_vmi_projected_status", login="vmi_alice")

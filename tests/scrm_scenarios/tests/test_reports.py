import io
import unicodedata
from datetime import timedelta

import pypdf

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "scrm_scenarios", "scrm_reports")
class TestPrintedDocuments(HttpCase):
    """The documents the suite prints (the purchase order of a VMI supplier, the
    quotation of a customer) come out of wkhtmltopdf as real PDFs, in English and in
    Chinese with Chinese glyphs: the text extracted from the PDF says so.

    Every report a SCRM addon adds gets its case here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search(
            [("name", "in", ["purchase", "sale", "scrm_supplier_portal"])]
        )._update_translations(["zh_CN"], overwrite=True)
        cls.bolt = env["product.product"].create(
            {"name": "Hex Bolt", "is_storable": True, "list_price": 2.5}
        )
        cls.bolt.with_context(lang="zh_CN").name = "六角螺栓"
        cls.supplier = env["res.partner"].create(
            {"name": "Shenzhen Fasteners", "is_company": True}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Hangzhou Pumps", "is_company": True, "scrm_role": "customer"}
        )
        agreement = env["scrm.vmi.agreement"].create(
            {
                "name": "Bolts",
                "partner_id": cls.supplier.id,
                "date_start": fields.Date.today() - timedelta(days=30),
                "warehouse_id": env["stock.warehouse"]
                .search([("company_id", "=", env.company.id)], limit=1)
                .id,
                "line_ids": [
                    Command.create({"product_id": cls.bolt.id, "max_qty": 400})
                ],
            }
        )
        agreement.action_activate()
        cls.agreement = agreement

    def make_purchase(self, lang):
        """A purchase order of the VMI supplier, written in ``lang`` (Odoo writes
        the lines' descriptions in the partner's language)."""
        self.supplier.lang = lang
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "scrm_vmi_agreement_id": self.agreement.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.bolt.id,
                            "product_qty": 120,
                            "price_unit": 1,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        return purchase

    def make_quotation(self, lang):
        self.customer.lang = lang
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.bolt.id, "product_uom_qty": 30})
                ],
            }
        )

    def render(self, report_ref, record):
        """The PDF wkhtmltopdf prints for ``record`` in its partner's language:
        its pages' text (one space between words), and the HTML it was given."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        # Debian's wkhtmltopdf is built on an unpatched Qt: it says on stderr that
        # it ignores the header and footer options, which Odoo logs as a warning.
        with self.assertLogs(
            "odoo.addons.base.models.ir_actions_report", "WARNING"
        ) as logs:
            content, kind = Report._render_qweb_pdf(report_ref, record.ids)
        for line in logs.output:
            self.assertIn("unpatched qt", line)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "wkhtmltopdf made no PDF")
        reader = pypdf.PdfReader(io.BytesIO(content))
        self.assertGreaterEqual(len(reader.pages), 1)
        text = " ".join(page.extract_text() for page in reader.pages)
        # Noto CJK maps some characters to their Kangxi radicals (⽇ for 日).
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        html = Report._render_qweb_html(report_ref, record.ids)[0].decode()
        return text, " ".join(html.split())

    def test_purchase_order_prints_in_english_and_chinese(self):
        report = "purchase.action_report_purchase_order"
        # Latin text is drawn with Odoo's Lato web font, which this wkhtmltopdf
        # prints as outlines: the English words are checked in what it printed from.
        text, html = self.render(report, self.make_purchase("en_US"))
        self.assertNotIn("采购订单", text)
        self.assertIn("Purchase Order #", html)
        self.assertIn("Hex Bolt", html)

        text, html = self.render(report, self.make_purchase("zh_CN"))
        self.assertIn("采购订单", text)  # the title, in Odoo's own words
        self.assertIn("订购日期", text)  # Order Date
        self.assertIn("六角螺栓", text)  # the product, in Chinese glyphs
        self.assertNotIn("Hex Bolt", html)

    def test_quotation_prints_in_english_and_chinese(self):
        report = "sale.action_report_saleorder"
        text, html = self.render(report, self.make_quotation("en_US"))
        self.assertNotIn("报价单", text)
        self.assertIn("Quotation #", html)
        self.assertIn("Hex Bolt", html)

        text, html = self.render(report, self.make_quotation("zh_CN"))
        self.assertIn("报价单", text)
        self.assertIn("六角螺栓", text)
        self.assertNotIn("Hex Bolt", html)

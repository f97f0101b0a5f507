import io
import unicodedata
from datetime import date

import pypdf

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "scrm_sales_proposal", "scrm_reports")
class TestProposalReportChinese(HttpCase):
    """The proposal document of a Chinese customer comes out of wkhtmltopdf in
    Chinese, with Chinese glyphs: the text read back from the PDF says so. An
    HTTP case, so that the report's styles and the CJK font are served."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search(
            [("name", "in", ["sale", "sale_management", "scrm_sales_marketing"])]
        )._update_translations(["zh_CN"], overwrite=True)
        cls.pump = env["product.product"].create(
            {"name": "Gear pump", "list_price": 120.0}
        )
        cls.pump.with_context(lang="zh_CN").name = "离心泵"
        cls.customer = env["res.partner"].create(
            {"name": "杭州泵业有限公司", "is_company": True, "lang": "zh_CN"}
        )

    def test_proposal_prints_in_chinese(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "validity_date": date(2031, 7, 14),
                "order_line": [
                    Command.create({"product_id": self.pump.id, "product_uom_qty": 3})
                ],
            }
        )
        report = "scrm_sales_marketing.action_report_proposal"
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        # Debian's wkhtmltopdf is built on an unpatched Qt: it says on stderr that
        # it ignores the header and footer options, which Odoo logs as a warning.
        with self.assertLogs(
            "odoo.addons.base.models.ir_actions_report", "WARNING"
        ) as logs:
            content, kind = Report._render_qweb_pdf(report, order.ids)
        for line in logs.output:
            self.assertIn("unpatched qt", line)
        self.assertEqual(kind, "pdf")
        reader = pypdf.PdfReader(io.BytesIO(content))
        self.assertGreaterEqual(len(reader.pages), 2, "a cover page, then the offer")
        text = " ".join(page.extract_text() for page in reader.pages)
        # Noto CJK maps some characters to their Kangxi radicals (⽇ for 日).
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        # wkhtmltopdf spaces some glyphs apart: compare without spaces.
        packed = text.replace(" ", "")
        for expected in (
            "建议书",  # Proposal
            "编制人",  # Prepared by
            "本建议书有效期至",  # This proposal is valid until
            "杭州泵业有限公司",  # the customer
            "离心泵",  # the product, in the customer's language
        ):
            self.assertIn(expected, packed)
        html = Report._render_qweb_html(report, order.ids)[0].decode()
        self.assertNotIn("Gear pump", html)
        self.assertNotIn("Prepared by", html)

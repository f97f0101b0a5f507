"""Every report of scrm_sales_marketing printed by the real wkhtmltopdf, in English
and in Chinese, and read back from the PDF with pypdf (scripts/check_reports.py makes
sure each report the addon declares is named here):

- the proposal, ``scrm_sales_marketing.action_report_proposal``;
- the product datasheet, ``scrm_sales_marketing.action_report_scrm_datasheet``
  (printed by the collateral's *Generate datasheet*)."""

import base64
import io
from datetime import date

import pypdf

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ScrmSalesMarketingCommon, read_pdf

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"


def activate_chinese(env):
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search(
        [
            (
                "name",
                "in",
                ["product", "sale", "sale_management", "scrm_sales_marketing"],
            )
        ]
    )._update_translations(["zh_CN"], overwrite=True)


@tagged("post_install", "-at_install", "scrm_reports", "scrm_i18n")
class TestReportsInBothLanguages(ScrmSalesMarketingCommon):
    """Each report printed for an English and for a Chinese reader: the words of
    the PDF are that reader's, and the Chinese PDF draws its characters with a CJK
    font (glyphs, not boxes). No server answers the report's asset requests in a
    TransactionCase, so the PDF uses the system fonts, whose text pypdf reads back
    in both scripts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_chinese(cls.env)
        cls.product.with_context(lang="zh_CN").name = "齿轮泵"
        cls.chinese_customer = cls.env["res.partner"].create(
            {"name": "杭州泵业有限公司", "is_company": True, "lang": "zh_CN"}
        )
        cls.customer.lang = "en_US"
        # The asset requests go to a closed port, so wkhtmltopdf gives up at once.
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )

    def assertPrintedByWkhtmltopdf(self, logs):
        # Debian's wkhtmltopdf (unpatched Qt) says on stderr that it ignores the
        # header options, and here it cannot fetch the styles: one warning.
        self.assertIn("wkhtmltopdf", " ".join(logs.output))

    def assertChineseGlyphs(self, fonts):
        self.assertTrue(
            any("CJK" in font for font in fonts),
            f"no CJK font in the Chinese PDF, only {sorted(fonts)}: boxes",
        )

    def print_proposal(self, partner):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": self.salesperson.id,
                "validity_date": date(2031, 7, 14),
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with self.assertLogs(REPORT_LOGGER, "WARNING") as logs:
            content, kind = Report._render_qweb_pdf(
                "scrm_sales_marketing.action_report_proposal", order.ids
            )
        self.assertPrintedByWkhtmltopdf(logs)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return order, *read_pdf(content)

    def test_proposal_prints_in_english_and_chinese(self):
        order, text, _fonts = self.print_proposal(self.customer)
        for expected in (
            f"Proposal {order.name}",
            "Northwind Pumps",
            "Prepared by Sally Sales",
            "Description",
            "Gear pump",
            "This proposal is valid until 07/14/2031",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("建议书", text)

        order, text, fonts = self.print_proposal(self.chinese_customer)
        self.assertChineseGlyphs(fonts)
        # wkhtmltopdf spaces some glyphs apart: compare without spaces.
        packed = text.replace(" ", "")
        for expected in (
            f"建议书{order.name}",  # Proposal S000xx
            "杭州泵业有限公司",  # the customer
            "编制人",  # Prepared by
            "描述",  # Description
            "未税金额",  # Untaxed Amount
            "齿轮泵",  # the product, in the customer's language
            "本建议书有效期至",  # This proposal is valid until
        ):
            self.assertIn(expected, packed)
        for english in ("Prepared by", "Description", "Gear pump", "valid until"):
            self.assertNotIn(english, text)

    def test_datasheet_prints_in_english_and_chinese(self):
        attribute = self.env["product.attribute"].create(
            {"name": "Flow rate", "value_ids": [Command.create({"name": "40 m3/h"})]}
        )
        attribute.with_context(lang="zh_CN").name = "流量"
        template = self.product.product_tmpl_id
        template.write(
            {
                "description_sale": "Cast-iron gear pump for viscous fluids.",
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        template.with_context(
            lang="zh_CN"
        ).description_sale = "铸铁齿轮泵用于粘稠液体。"
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Fair prices",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": template.id,
                            "compute_price": "fixed",
                            "fixed_price": 99.5,
                        }
                    )
                ],
            }
        )
        sheet = self.env["scrm.marketing.collateral"].create(
            {
                "name": "Gear pump datasheet",
                "collateral_type": "datasheet",
                "product_ids": template.ids,
                "pricelist_id": pricelist.id,
                "lang": "en_US",
            }
        )
        sheet.with_context(lang="zh_CN").name = "齿轮泵数据表"

        def generate(lang):
            sheet.lang = lang
            with self.assertLogs(REPORT_LOGGER, "WARNING") as logs:
                version = sheet.with_context(
                    force_report_rendering=True
                ).action_generate_datasheet()
            self.assertPrintedByWkhtmltopdf(logs)
            return read_pdf(base64.b64decode(version.attachment_id.datas))

        text, _fonts = generate("en_US")
        for expected in (
            "Gear pump datasheet",
            "Cast-iron gear pump for viscous fluids.",
            "Flow rate 40 m3/h",
            "Price",
            "Fair prices",
            "99.50",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("齿轮泵", text)

        text, fonts = generate("zh_CN")
        self.assertChineseGlyphs(fonts)
        packed = text.replace(" ", "")
        for expected in (
            "齿轮泵数据表",  # the sheet's title
            "铸铁齿轮泵用于粘稠液体。",  # the product's sales description
            "流量",  # the attribute
            "价格",  # Price
            "99.50",
        ):
            self.assertIn(expected, packed)
        for english in ("Gear pump", "Cast-iron", "Flow rate", "Price"):
            self.assertNotIn(english, text)


@tagged("post_install", "-at_install", "scrm_sales_proposal", "scrm_reports")
class TestProposalReportChinese(HttpCase):
    """The proposal document of a Chinese customer comes out of wkhtmltopdf in
    Chinese, with Chinese glyphs: the text read back from the PDF says so. An
    HTTP case, so that the report's styles and web fonts are served as in
    production."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_chinese(cls.env)
        cls.pump = cls.env["product.product"].create(
            {"name": "Gear pump", "list_price": 120.0}
        )
        cls.pump.with_context(lang="zh_CN").name = "离心泵"
        cls.customer = cls.env["res.partner"].create(
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
        with self.assertLogs(REPORT_LOGGER, "WARNING") as logs:
            content, kind = Report._render_qweb_pdf(report, order.ids)
        for line in logs.output:
            self.assertIn("unpatched qt", line)
        self.assertEqual(kind, "pdf")
        self.assertGreaterEqual(
            len(pypdf.PdfReader(io.BytesIO(content)).pages),
            2,
            "a cover page, then the offer",
        )
        text, _fonts = read_pdf(content)
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

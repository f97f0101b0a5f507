import base64

from odoo.tests import HttpCase, tagged

from .common import read_pdf


@tagged("post_install", "-at_install", "scrm_marketing_collateral", "scrm_reports")
class TestCollateralDatasheetLanguages(HttpCase):
    """Issue 14, collateral generation: the same product's datasheet comes out
    of wkhtmltopdf in English and in Chinese (Chinese glyphs in the PDF's
    text), each stored as a version of its collateral item. An HTTP case, so
    that the report's styles and the CJK font are served."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search(
            [("name", "in", ["product", "scrm_sales_marketing"])]
        )._update_translations(["zh_CN"], overwrite=True)
        cls.pump = env["product.template"].create(
            {
                "name": "Gear pump",
                "list_price": 120.0,
                "description_sale": "Cast-iron gear pump for viscous fluids.",
            }
        )
        cls.pump.with_context(lang="zh_CN").write(
            {"name": "离心泵", "description_sale": "铸铁离心泵适用于黏稠液体"}
        )
        cls.pricelist = env["product.pricelist"].create(
            {
                "name": "Fair prices",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": cls.pump.id,
                            "compute_price": "fixed",
                            "fixed_price": 99.5,
                        },
                    )
                ],
            }
        )

    def render(self, lang, name):
        sheet = self.env["scrm.marketing.collateral"].create(
            {
                "name": name,
                "collateral_type": "datasheet",
                "lang": lang,
                "product_ids": self.pump.ids,
                "pricelist_id": self.pricelist.id,
            }
        )
        # Debian's wkhtmltopdf is built on an unpatched Qt: it says on stderr that
        # it ignores the header and footer options, which Odoo logs as a warning.
        with self.assertLogs(
            "odoo.addons.base.models.ir_actions_report", "WARNING"
        ) as logs:
            version = sheet.with_context(
                force_report_rendering=True
            ).action_generate_datasheet()
        for line in logs.output:
            self.assertIn("unpatched qt", line)
        self.assertEqual(sheet.attachment_id, version.attachment_id)
        pdf = base64.b64decode(version.attachment_id.datas)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text, _fonts = read_pdf(pdf)
        # wkhtmltopdf spaces some glyphs apart: compare without spaces.
        return text.replace(" ", "")

    def test_datasheet_in_english_and_chinese(self):
        # wkhtmltopdf embeds the served Latin web fonts without a text map: the
        # English words of the PDF are read from the HTML it was made of, the
        # Chinese ones (Noto CJK) from the PDF itself.
        report = "scrm_sales_marketing.action_report_scrm_datasheet"
        Report = self.env["ir.actions.report"]
        html = {}
        for lang in ("en_US", "zh_CN"):
            html[lang] = (
                Report.with_context(lang=lang)
                ._render_qweb_html(report, self.pump.ids, data={})[0]
                .decode()
            )
        self.assertIn("Gear pump", html["en_US"])
        self.assertIn("Cast-iron gear pump for viscous fluids.", html["en_US"])
        self.assertNotIn("离心泵", html["en_US"])
        self.assertIn("离心泵", html["zh_CN"])
        self.assertNotIn("Gear pump", html["zh_CN"])

        self.render("en_US", "Gear pump datasheet")
        chinese = self.render("zh_CN", "离心泵数据表")
        for expected in (
            "离心泵数据表",  # the item's title
            "铸铁离心泵适用于黏稠液体",  # the sales description, in Chinese
            "价格",  # "Price", from the report's translation
        ):
            self.assertIn(expected, chinese)

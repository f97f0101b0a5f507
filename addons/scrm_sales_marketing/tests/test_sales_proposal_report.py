import io
from datetime import date

from pypdf import PdfReader

from odoo import Command
from odoo.tests import tagged

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_sales_proposal")
class TestProposalReport(ScrmSalesMarketingCommon):
    """Rendered by the real wkhtmltopdf. Without an HTTP server the report's
    styles and web fonts are not loaded, which keeps the text extractable."""

    def test_proposal_pdf_holds_customer_lines_and_validity(self):
        template = self.env["sale.order.template"].create(
            {
                "name": "Pump retrofit",
                "scrm_intro": "<p>Thank you for considering our retrofit offer.</p>",
            }
        )
        option = self.env["product.product"].create(
            {"name": "Spare seal kit", "list_price": 15.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "sale_order_template_id": template.id,
                "validity_date": date(2031, 7, 14),
                "note": "<p>Delivery within four weeks.</p>",
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Pumps"}),
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    ),
                ],
                "sale_order_option_ids": [
                    Command.create({"product_id": option.id, "quantity": 2})
                ],
            }
        )
        # Debian's wkhtmltopdf (unpatched Qt) always says on stderr that it ignores
        # header switches, and here it cannot fetch the styles: Odoo logs both as
        # one warning, expected in this test.
        # No server answers the report's asset requests in a test: point them at a
        # closed port so wkhtmltopdf gives up at once instead of waiting.
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        with self.assertLogs(
            "odoo.addons.base.models.ir_actions_report", level="WARNING"
        ) as logs:
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "scrm_sales_marketing.action_report_proposal", order.ids
                )
            )
        self.assertIn("wkhtmltopdf", " ".join(logs.output))
        self.assertEqual(kind, "pdf")
        reader = PdfReader(io.BytesIO(pdf))
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        cover = next(i for i, text in enumerate(pages) if "Prepared by" in text)
        intro = next(i for i, text in enumerate(pages) if "Thank you" in text)
        self.assertGreater(intro, cover)  # the cover page stands alone
        self.assertIn("Northwind Pumps", pages[cover])
        self.assertIn("Sally Sales", pages[cover])
        text = " ".join(pages)
        for expected in (
            order.name,
            "Thank you for considering our retrofit offer.",
            "Pumps",
            "Gear pump",
            "Spare seal kit",
            "Delivery within four weeks.",
            "07/14/2031",
        ):
            self.assertIn(expected, text)

import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ScrmSalesMarketingCommon, read_pdf


@tagged("post_install", "-at_install", "scrm_marketing_collateral")
class TestMarketingCollateral(ScrmSalesMarketingCommon):
    """Issue 14, collateral: approval, expiry, tracked links from an
    opportunity that reach the timeline and the score, and a generated
    datasheet read back from its PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Collateral = cls.env["scrm.marketing.collateral"]
        cls.brochure = Collateral.create(
            {"name": "Pump brochure", "collateral_type": "brochure"}
        )
        cls.brochure._add_version("brochure.pdf", b"%PDF-1.4 brochure")
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Northwind wants pumps",
                "type": "opportunity",
                "partner_id": cls.customer_contact.id,
                "user_id": cls.salesperson.id,
            }
        )

    def test_only_approved_unexpired_can_be_sent(self):
        lead = self.lead.with_user(self.salesperson)
        with self.assertRaises(UserError):
            lead._scrm_collateral_links(self.brochure)
        self.brochure.action_submit_review()
        with self.assertRaises(AccessError):
            self.brochure.with_user(self.salesperson).action_approve()
        self.brochure.action_approve()
        self.assertTrue(self.brochure.sendable)
        self.brochure.expiry_date = fields.Date.today() - timedelta(days=1)
        self.assertFalse(self.brochure.sendable)
        self.assertNotIn(
            self.brochure,
            self.env["scrm.marketing.collateral"].search([("sendable", "=", True)]),
        )
        with self.assertRaises(UserError):
            lead._scrm_collateral_links(self.brochure)

    def test_tracked_link_click_reaches_timeline_and_score(self):
        self.brochure.action_submit_review()
        self.brochure.action_approve()
        wizard = (
            self.env["scrm.marketing.collateral.send"]
            .with_user(self.salesperson)
            .create({"lead_id": self.lead.id, "collateral_ids": self.brochure.ids})
        )
        wizard.action_send()
        link = self.env["link.tracker"].search([("scrm_lead_id", "=", self.lead.id)])
        self.assertEqual(link.scrm_collateral_id, self.brochure)
        self.assertIn(link.short_url, self.lead.message_ids[0].body)
        self.env["link.tracker.click"].sudo().add_click(
            link.code, ip="198.51.100.7", country_code="BE"
        )
        event = self.env["scrm.marketing.score.event"].search(
            [("lead_id", "=", self.lead.id)]
        )
        self.assertEqual(len(event), 1)
        self.assertTrue(
            self.env["scrm.interaction"].search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "=", self.lead.id),
                    ("summary", "ilike", "Pump brochure"),
                ]
            )
        )
        Rule = self.env["scrm.marketing.score.rule"]
        Rule.search([]).active = False
        Rule.create(
            {"name": "Link", "kind": "link_clicked", "points": 10, "half_life_days": 0}
        )
        self.env["crm.lead"]._scrm_recompute_scores(self.lead.ids)
        self.assertEqual(self.lead.scrm_score, 10.0)

    def test_generated_datasheet_pdf(self):
        attribute = self.env["product.attribute"].create(
            {
                "name": "Flow rate",
                "value_ids": [(0, 0, {"name": "40 m3/h"}), (0, 0, {"name": "80 m3/h"})],
            }
        )
        template = self.product.product_tmpl_id
        template.write(
            {
                "description_sale": "Cast-iron gear pump for viscous fluids.",
                "attribute_line_ids": [
                    (
                        0,
                        0,
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [(6, 0, attribute.value_ids.ids)],
                        },
                    )
                ],
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Fair prices",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": template.id,
                            "compute_price": "fixed",
                            "fixed_price": 99.5,
                        },
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
            }
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        with self.assertLogs(
            "odoo.addons.base.models.ir_actions_report", level="WARNING"
        ):
            version = sheet.with_context(
                force_report_rendering=True
            ).action_generate_datasheet()
        self.assertEqual(version.version, 1)
        self.assertEqual(sheet.attachment_id, version.attachment_id)
        pdf = base64.b64decode(version.attachment_id.datas)
        text, _fonts = read_pdf(pdf)
        self.assertIn("Gear pump datasheet", text)
        self.assertIn("Gear pump", text)
        self.assertIn("Cast-iron gear pump for viscous fluids.", text)
        self.assertIn("Flow rate", text)
        self.assertIn("40 m3/h, 80 m3/h", text)
        self.assertIn("99.50", text)

"""What the readme promises of the portal that no earlier test would have
caught breaking: consigned stock consumed by a manufacturing order is reported
to its owner, and a download holds the rows of the sort and page shown."""

import csv
import io

from odoo import Command
from odoo.tests import Form, tagged

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_consignment")
class TestStrengthConsignedProduction(VmiPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agreement.consignment = True
        cls.set_stock(cls.washer, 0)
        cls.hinge = cls.env["product.product"].create(
            {"name": "Hinge", "is_storable": True}
        )
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.hinge.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.washer.id, "product_qty": 2})
                ],
            }
        )

    def test_production_use_of_consigned_stock_is_reported(self):
        proposal = self.propose(self.line_washer, 400)
        proposal.action_submit()
        proposal._ship({proposal.line_ids: 400}, self.today, self.today)
        proposal.picking_id.button_validate()
        production_form = Form(self.env["mrp.production"])
        production_form.product_id = self.hinge
        production_form.product_qty = 35
        production = production_form.save()
        production.action_confirm()
        production.action_assign()
        production_form = Form(production)
        production_form.qty_producing = 35
        production = production_form.save()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(
            production.move_raw_ids.move_line_ids.owner_id, self.other_vendor
        )
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "scrm.vmi.agreement"),
                ("res_id", "=", self.other_agreement.id),
                ("body", "ilike", "Consigned stock used"),
            ]
        )
        self.assertEqual(len(notice), 1)
        self.assertIn("VMI Washer: 70.0", notice.body, "2 x 35 washers")
        self.authenticate("vmi_bob", "vmi_bob")
        self.assertIn("Consigned stock used", self.url_open("/my/vmi").text)


@tagged("post_install", "-at_install", "scrm_vmi_portal")
class TestStrengthDownloadsFollowThePage(VmiPortalCase):
    def test_download_follows_sort_and_page(self):
        """27 rows, sorted by recommended quantity (largest first): page 2 has
        the last 7; the download of that page holds them, in that order."""
        spares = self.env["product.product"].create(
            [{"name": f"Spare {index:02d}", "is_storable": True} for index in range(25)]
        )
        self.agreement.line_ids = [
            Command.create(
                {"product_id": spare.id, "min_qty": 5, "max_qty": 10 + index}
            )
            for index, spare in enumerate(spares)
        ]
        self.authenticate("vmi_alice", "vmi_alice")
        query = "sort=recommended&page=2"
        shown = list(self.page_rows(f"/my/vmi?{query}"))
        self.assertEqual(len(shown), 7)
        self.assertNotEqual(shown, sorted(shown), "the sort shows another order")
        self.assertNotEqual(shown, list(self.page_rows("/my/vmi?page=2")))
        response = self.url_open(f"/my/vmi/export/csv?{query}")
        self.assertEqual(response.status_code, 200)
        body = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        self.assertEqual([row[1] for row in body], shown)

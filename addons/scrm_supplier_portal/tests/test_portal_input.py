import csv
import io
from datetime import date

import openpyxl

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_supplier_portal_security")
class TestPortalInput(VmiPortalCase):
    """Issue 11: bad input answers 400, downloads write text and nothing else,
    and the models hold natural limits whatever the path."""

    def test_nul_bytes_and_huge_ids_answer_400(self):
        self.authenticate("vmi_alice", "vmi_alice")
        for url in (
            "/my/vmi?search=%00",
            "/my/vmi?agreement_id=99999999999999999999",
            "/my/vmi/proposals/99999999999",
            "/my/vmi/export/csv?search=a%00",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
        self.assertEqual(
            self.url_open("/my/vmi/propose?line_id=99999999999").status_code, 404
        )

    def test_downloads_write_text_not_formulas(self):
        self.bolt.default_code = '=HYPERLINK("http://evil.example.com","x")'
        self.bolt.name = "@SUM(1+1)"
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.url_open("/my/vmi/export/csv?search=SUM")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[1][0], "'" + self.bolt.default_code)
        self.assertTrue(rows[1][1].startswith("'@SUM"))
        response = self.url_open("/my/vmi/export/xlsx?search=SUM")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cell = sheet.cell(row=2, column=1)
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, self.bolt.default_code)
        self.assertFalse(
            self.env["scrm.interaction"].search([("partner_id", "=", self.vendor.id)])
        )

    def test_dates_beyond_the_horizon_are_refused_on_every_path(self):
        far = date(9999, 12, 30)
        with self.assertRaises(ValidationError):
            self.env["scrm.replenishment.proposal"].create(
                {
                    "agreement_id": self.agreement.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.bolt.id,
                                "quantity": 80,
                                "ship_date": far,
                                "arrival_date": far,
                            },
                        )
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            self.env["scrm.vmi.price.request"].create(
                {
                    "agreement_line_id": self.line_bolt.id,
                    "price": 2.0,
                    "date_start": far,
                    "currency_id": self.env.company.currency_id.id,
                }
            )
        self.authenticate("vmi_alice", "vmi_alice")
        response = self.post(
            "/my/vmi/propose/submit",
            {
                "line_id": self.line_bolt.id,
                "quantity": "80",
                "ship_date": "9999-12-30",
                "arrival_date": "9999-12-31",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not between", response.text)
        self.assertFalse(self.proposals())

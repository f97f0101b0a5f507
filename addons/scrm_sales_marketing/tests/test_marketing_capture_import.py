import base64
import io
from datetime import date

import openpyxl

from odoo.tests import TransactionCase, tagged

CSV = """Name,Email,Phone,Company
Ada New,ada@fair.example.com,,Ada Pumps
Ada Again,ADA@fair.example.com,,Ada Pumps
Kurt Known,Kurt@Known.example.com,,Known Ltd
Bad Mail,not-an-address,,
Nobody,,,Nowhere Ltd
Phil Phone,,+32 2 555 00 01,Phil BV
"""


@tagged("post_install", "-at_install", "scrm_marketing_import")
class TestMarketingLeadImport(TransactionCase):
    """Issue 14, list import: dedupe against leads and inside the file, the
    consent source, and the report of rejected rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({"name": "Hannover 2026"})
        cls.known = cls.env["crm.lead"].create(
            {"name": "Known lead", "email_from": "kurt@known.example.com"}
        )

    def run_import(self, content, file_name, **values):
        wizard = self.env["scrm.marketing.lead.import"].create(
            {
                "file": base64.b64encode(content),
                "file_name": file_name,
                "campaign_id": self.campaign.id,
                "source_name": "Trade fair Hannover",
                "source_date": date(2026, 4, 20),
                "has_consent": True,
                **values,
            }
        )
        wizard.action_import()
        return wizard

    def test_csv_with_dedupe_consent_and_rejects(self):
        wizard = self.run_import(CSV.encode(), "fair.csv")
        self.assertEqual(wizard.created_count, 2)  # Ada, Phil
        self.assertEqual(wizard.joined_count, 1)  # Kurt
        self.assertEqual(wizard.rejected_count, 3)
        self.assertIn("Row 3: Duplicate of row 2.", wizard.rejected_report)
        self.assertIn("Row 5:", wizard.rejected_report)
        self.assertIn("Row 6: No email and no phone.", wizard.rejected_report)
        report = base64.b64decode(wizard.rejected_file).decode()
        self.assertEqual(len(report.strip().splitlines()), 4)
        leads = self.env["crm.lead"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(len(leads), 2)
        ada = leads.filtered(
            lambda lead: lead.email_normalized == "ada@fair.example.com"
        )
        self.assertEqual(ada.scrm_marketing_state, "marketing")
        consent = self.env["scrm.contact.preference"].search(
            [("partner_id", "=", ada.partner_id.id), ("purpose", "=", "marketing")]
        )
        self.assertEqual(consent.source, "import")
        self.assertEqual(consent.note, "Trade fair Hannover, 2026-04-20")
        self.assertIn("Trade fair Hannover", self.known.message_ids[0].body)
        # The same list again creates nothing new.
        again = self.run_import(CSV.encode(), "fair.csv")
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.joined_count, 3)

    def test_excel_list(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Name", "E-mail", "Company"])
        sheet.append(["Xia Excel", "xia@fair.example.com", "Xia Co"])
        sheet.append(["Kurt", "kurt@known.example.com", "Known Ltd"])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self.run_import(buffer.getvalue(), "fair.xlsx", has_consent=False)
        self.assertEqual((wizard.created_count, wizard.joined_count), (1, 1))
        self.assertFalse(wizard.rejected_count)
        xia = self.env["crm.lead"].search(
            [("email_normalized", "=", "xia@fair.example.com")]
        )
        self.assertFalse(xia.partner_id, "no consent, no contact created")

import datetime
import io
import json

from openpyxl import load_workbook

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.mail import email_split_tuples

from ..tools import spreadsheet
from ..tools.validation import INT4_MAX, InputCheck, InputError


@tagged("post_install", "-at_install", "scrm_input", "scrm_clock")
class TestInputCheck(TransactionCase):
    """The checks every controller of the suite runs on what it receives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.check = InputCheck(cls.env)

    def test_text_strips_nul_and_caps_length(self):
        self.assertEqual(self.check.text(" a\x00b ", "Subject"), "ab")
        # A one-line text loses its line breaks, a multi-line one keeps them.
        self.assertEqual(self.check.text("a\nb", "Subject"), "a b")
        self.assertEqual(self.check.text("a\nb\x07", "Body", multiline=True), "a\nb")
        self.assertEqual(self.check.text(None, "Subject"), "")
        with self.assertRaisesRegex(InputError, "at most 5 characters"):
            self.check.text("x" * 6, "Subject", size=5)
        with self.assertRaisesRegex(InputError, "Subject is required"):
            self.check.text("\x00 ", "Subject", required=True)
        with self.assertRaisesRegex(InputError, "a text is expected"):
            self.check.text(["a", "b"], "Subject")

    def test_record_id_within_int4(self):
        self.assertEqual(self.check.record_id("42", "Category"), 42)
        self.assertEqual(self.check.record_id(INT4_MAX, "Category"), INT4_MAX)
        self.assertIsNone(self.check.record_id("", "Category"))
        for bad in (
            "99999999999999999999",
            INT4_MAX + 1,
            0,
            -3,
            "-3",
            "1e3",
            "١٢",  # Arabic-Indic digits: isdigit() but not an id
            True,
            ["1"],
        ):
            with self.subTest(bad=bad), self.assertRaises(InputError):
                self.check.record_id(bad, "Category")
        with self.assertRaisesRegex(InputError, "Category is required"):
            self.check.record_id(None, "Category", required=True)

    def test_integer_and_choice(self):
        self.assertEqual(self.check.integer(" 12 ", "Lead time", 1, 365), 12)
        with self.assertRaisesRegex(InputError, "between 1 and 365"):
            self.check.integer("9999999999", "Lead time", 1, 365)
        with self.assertRaises(InputError):
            self.check.integer(1.5, "Lead time")
        self.assertEqual(self.check.choice("in", ("in", "out"), "Direction"), "in")
        self.assertEqual(
            self.check.choice("", [("in", "In"), ("out", "Out")], "Dir", "in"), "in"
        )
        for bad in (["in"], {"a": 1}, "sideways", None):
            with self.subTest(bad=bad), self.assertRaisesRegex(InputError, "in, out"):
                self.check.choice(bad, ("in", "out"), "Direction")

    def test_date_within_horizon(self):
        today = fields.Date.context_today(self.env.user)
        self.assertEqual(self.check.date(str(today), "Ship date"), today)
        for bad in ("9999-12-30", "0001-01-01", "2026-02-30", "tomorrow", "\x00"):
            with self.subTest(bad=bad), self.assertRaises(InputError):
                self.check.date(bad, "Ship date")
        late = today + datetime.timedelta(days=40)
        with self.assertRaisesRegex(InputError, "is not between"):
            self.check.date(late, "Ship date", future_days=30)

    def test_email_is_one_plain_address(self):
        self.assertEqual(
            self.check.email(" Anna@Example.ORG ", "Email"), "anna@example.org"
        )
        for bad in (
            "X <victim@example.org>",
            "a@example.org, b@example.org",
            '"a"@example.org',
            "a@example.org\r\nBcc: b@example.org",
            "not an address",
            "x" * 250 + "@example.org",
        ):
            with self.subTest(bad=bad), self.assertRaises(InputError):
                self.check.email(bad, "Email")
        self.assertFalse(self.check.email("", "Email", required=False))

    def test_address_is_quoted(self):
        address = InputCheck.address('X <victim@example.org>, "Y"', "me@example.org")
        self.assertEqual(address, '"X <victim@example.org>, \\"Y\\"" <me@example.org>')
        self.assertEqual(
            email_split_tuples(address),
            [('X <victim@example.org>, "Y"', "me@example.org")],
        )

    def test_json_object_bounds(self):
        self.assertEqual(self.check.json_object(b'{"a": [1, {"b": 2}]}')["a"][0], 1)
        deep = ("[" * 5000 + "]" * 5000).join(['{"a": ', "}"]).encode()
        for bad in (b"[1]", b"{", deep, json.dumps({"a": "x" * 70000}).encode()):
            with self.subTest(bad=bad[:20]), self.assertRaises(InputError):
                self.check.json_object(bad)
        nested = {"a": {"b": {"c": {}}}}
        with self.assertRaisesRegex(InputError, "more than 3 levels"):
            self.check.json_object(json.dumps(nested).encode(), max_depth=3)

    def test_params_refuse_nul_and_big_ids(self):
        self.check.params({"search": "pump", "article_id": 5, "page": [1, 2]})
        with self.assertRaisesRegex(InputError, "search contains a NUL"):
            self.check.params({"search": "\x00a"})
        with self.assertRaisesRegex(InputError, "article_id: unknown record"):
            self.check.params({"article_id": 99999999999})


@tagged("post_install", "-at_install", "scrm_input")
class TestSpreadsheetCells(TransactionCase):
    """Downloads write what people typed as text, never as a formula."""

    ATTACKS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")

    def test_csv_cells_are_text(self):
        data = spreadsheet.csv_bytes(["Name", "Qty"], [[a, -5] for a in self.ATTACKS])
        lines = data.decode().splitlines()
        self.assertEqual(lines[1], '"\'=HYPERLINK(""http://x"")",-5')
        for attack in self.ATTACKS:
            self.assertEqual(spreadsheet.csv_cell(attack), "'" + attack)
        self.assertEqual(spreadsheet.csv_cell("Pump 3"), "Pump 3")
        self.assertEqual(spreadsheet.csv_cell(-5), -5)

    def test_xlsx_cells_are_strings(self):
        buffer = io.BytesIO()
        workbook = spreadsheet.xlsx_workbook(buffer)
        sheet = workbook.add_worksheet("S")
        for row, attack in enumerate(self.ATTACKS):
            spreadsheet.xlsx_write(sheet, row, 0, attack)
            spreadsheet.xlsx_write(sheet, row, 1, -5)
        # Even a plain write() of the workbook keeps strings as strings.
        sheet.write(len(self.ATTACKS), 0, "=1+1")
        workbook.close()
        cells = load_workbook(io.BytesIO(buffer.getvalue())).active
        for row, attack in enumerate(self.ATTACKS, start=1):
            cell = cells.cell(row=row, column=1)
            self.assertEqual(cell.data_type, "s")
            # xlsxwriter escapes a carriage return as _x000D_ (Excel's way).
            self.assertEqual(cell.value.replace("_x000D_", "\r"), attack)
            self.assertEqual(cells.cell(row=row, column=2).value, -5)
        self.assertEqual(cells.cell(row=len(self.ATTACKS) + 1, column=1).data_type, "s")

"""`make lint` runs it: every report an addon declares is printed in English and in
Chinese by a test.

For each `ir.actions.report` record in the XML files of an addon, the addon's
`tests/test_pdf_languages.py` must name it (`<addon>.<record id>`): that file renders
the PDF with wkhtmltopdf in both languages and checks its text (see the README,
"Printed documents"). Every problem is printed as `<file>: <problem>`; the exit status
is 1 if any.
"""

import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
TEST_FILE = Path("tests") / "test_pdf_languages.py"


def declared_reports(addon):
    """(xml file, full xml id) of every report the addon's XML files declare."""
    for path in sorted(addon.rglob("*.xml")):
        if "static" in path.relative_to(addon).parts:
            continue
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError:
            continue  # not an Odoo data file; pylint-odoo reports broken XML
        for record in tree.iter("record"):
            if record.get("model") == "ir.actions.report" and record.get("id"):
                xmlid = record.get("id")
                yield path, xmlid if "." in xmlid else f"{addon.name}.{xmlid}"


def main():
    problems = []
    count = 0
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        addon = manifest.parent
        test = addon / TEST_FILE
        text = test.read_text(encoding="utf-8") if test.exists() else ""
        for path, xmlid in declared_reports(addon):
            count += 1
            if xmlid not in text:
                problems.append(
                    f"{path.relative_to(ROOT)}: report {xmlid} is not printed in "
                    f"English and Chinese by {addon.relative_to(ROOT) / TEST_FILE}"
                )
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"reports: each of the {count} report(s) is printed in both languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())

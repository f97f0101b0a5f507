import io
import unicodedata

import pypdf

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.scrm_base.tests.common import MenuAssertions

# Noto CJK draws a character and its radical form with one glyph, and pypdf may read
# the glyph back as the radical: Kangxi radicals (⽇ for 日) NFKC folds, the simplified
# radicals of the CJK Radicals Supplement (⻮ for 齿) it does not.
SIMPLIFIED_RADICALS = str.maketrans(
    "⺦⺰⻅⻆⻈⻉⻋⻌⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "丬纟见角讠贝车辶钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟",
)


def read_pdf(content):
    """The text of a PDF (one space between words) and the fonts it embeds."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = unicodedata.normalize("NFKC", text).translate(SIMPLIFIED_RADICALS)
    text = " ".join(text.split())
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return text, fonts


class ScrmSalesMarketingCommon(MenuAssertions, TransactionCase):
    """Salespeople, a product and customers, built once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = mail_new_test_user(
            cls.env,
            login="scrm_sales_user",
            name="Sally Sales",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.sales_manager = mail_new_test_user(
            cls.env,
            login="scrm_sales_manager",
            name="Simon Sales Manager",
            groups="base.group_user,scrm_sales_marketing.group_sales_manager",
        )
        # Sells with Odoo's own rights only: may not edit contacts.
        cls.odoo_salesperson = mail_new_test_user(
            cls.env,
            login="scrm_odoo_salesperson",
            name="Olga Odoo Salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.contact_manager = mail_new_test_user(
            cls.env,
            login="scrm_contact_manager",
            name="Carla Contact Manager",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Gear pump", "type": "consu", "list_price": 120.0}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Northwind Pumps", "is_company": True}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Nina Buyer", "parent_id": cls.customer.id}
        )

    def _create_sale_order(cls, partner, user=None):
        return (
            cls.env["sale.order"]
            .with_user(user or cls.salesperson)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )

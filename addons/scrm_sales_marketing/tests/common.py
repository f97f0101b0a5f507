from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.scrm_base.tests.common import MenuAssertions


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

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.scrm_base.tests.common import MenuAssertions


class ScrmSupplierPortalCommon(MenuAssertions, TransactionCase):
    """Buyers, managers, a product and vendors, built once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = mail_new_test_user(
            cls.env,
            login="scrm_vmi_buyer",
            name="Bianca Buyer",
            groups="base.group_user,scrm_supplier_portal.group_vmi_user",
        )
        cls.vmi_manager = mail_new_test_user(
            cls.env,
            login="scrm_vmi_manager",
            name="Victor VMI Manager",
            groups="base.group_user,scrm_supplier_portal.group_vmi_manager",
        )
        # Buys with Odoo's own rights only: may not edit contacts.
        cls.purchase_user = mail_new_test_user(
            cls.env,
            login="scrm_purchase_user",
            name="Paul Purchase User",
            groups="base.group_user,purchase.group_purchase_user",
        )
        cls.purchase_manager = mail_new_test_user(
            cls.env,
            login="scrm_purchase_manager",
            name="Petra Purchase Manager",
            groups="base.group_user,purchase.group_purchase_manager",
        )
        cls.contact_manager = mail_new_test_user(
            cls.env,
            login="scrm_contact_manager",
            name="Carla Contact Manager",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Cast iron housing", "type": "consu"}
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Acme Castings", "is_company": True}
        )
        cls.vendor_contact = cls.env["res.partner"].create(
            {"name": "Sam Sales", "parent_id": cls.vendor.id}
        )

    def _create_purchase_order(cls, partner, user=None):
        return (
            cls.env["purchase.order"]
            .with_user(user or cls.buyer)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_qty": 10,
                                "price_unit": 25.0,
                            }
                        )
                    ],
                }
            )
        )

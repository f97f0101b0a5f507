from odoo.tests import tagged

from .common import ScrmSupplierPortalCommon


@tagged("post_install", "-at_install", "scrm_supplier_role")
class TestSupplierRole(ScrmSupplierPortalCommon):
    def test_confirmed_order_makes_vendor_a_supplier(self):
        self.assertFalse(self.vendor.scrm_role)
        order = self._create_purchase_order(self.vendor_contact)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(self.vendor.scrm_role, "supplier")

    def test_buyer_who_may_not_edit_contacts_still_marks_supplier(self):
        self.assertFalse(self.purchase_user.has_group("base.group_partner_manager"))
        order = self._create_purchase_order(self.vendor, user=self.purchase_user)
        order.button_confirm()
        self.assertEqual(self.vendor.scrm_role, "supplier")

    def test_draft_order_changes_nothing(self):
        self._create_purchase_order(self.vendor)
        self.assertFalse(self.vendor.scrm_role)

    def test_customer_becomes_both(self):
        self.vendor._scrm_add_role("customer")
        self.assertEqual(self.vendor.scrm_role, "customer")
        self._create_purchase_order(self.vendor).button_confirm()
        self.assertEqual(self.vendor.scrm_role, "both")

    def test_role_set_by_hand_is_kept(self):
        self.vendor.with_user(self.contact_manager).write({"scrm_role": "customer"})
        self._create_purchase_order(self.vendor).button_confirm()
        self.assertEqual(self.vendor.scrm_role, "customer")

    def test_orders_confirmed_together(self):
        other_vendor = self.env["res.partner"].create(
            {"name": "Bolt Brothers", "is_company": True}
        )
        orders = self._create_purchase_order(self.vendor) | (
            self._create_purchase_order(other_vendor)
        )
        orders.button_confirm()
        self.assertEqual(self.vendor.scrm_role, "supplier")
        self.assertEqual(other_vendor.scrm_role, "supplier")

    def test_order_waiting_for_approval_marks_supplier_once_approved(self):
        self.env.company.write(
            {"po_double_validation": "two_step", "po_double_validation_amount": 0}
        )
        order = self._create_purchase_order(self.vendor)
        order.button_confirm()
        self.assertEqual(order.state, "to approve")
        self.assertFalse(self.vendor.scrm_role)

        order.with_user(self.purchase_manager).button_approve()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(self.vendor.scrm_role, "supplier")

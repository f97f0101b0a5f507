from odoo.tests import tagged

from .common import ScrmSalesMarketingCommon


@tagged("post_install", "-at_install", "scrm_customer_role")
class TestCustomerRole(ScrmSalesMarketingCommon):
    def test_confirmed_order_makes_partner_a_customer(self):
        self.assertFalse(self.customer.scrm_role)
        order = self._create_sale_order(self.customer_contact)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.customer.scrm_role, "customer")

    def test_salesperson_who_may_not_edit_contacts_still_marks_customer(self):
        self.assertFalse(self.odoo_salesperson.has_group("base.group_partner_manager"))
        order = self._create_sale_order(self.customer, user=self.odoo_salesperson)
        order.action_confirm()
        self.assertEqual(self.customer.scrm_role, "customer")

    def test_quotation_changes_nothing(self):
        self._create_sale_order(self.customer)
        self.assertFalse(self.customer.scrm_role)

    def test_supplier_becomes_both(self):
        self.customer._scrm_add_role("supplier")
        self.assertEqual(self.customer.scrm_role, "supplier")
        self._create_sale_order(self.customer).action_confirm()
        self.assertEqual(self.customer.scrm_role, "both")

    def test_role_set_by_hand_is_kept(self):
        self.customer.with_user(self.contact_manager).write({"scrm_role": "supplier"})
        self._create_sale_order(self.customer).action_confirm()
        self.assertEqual(self.customer.scrm_role, "supplier")

    def test_orders_confirmed_together(self):
        other_customer = self.env["res.partner"].create(
            {"name": "Contoso Valves", "is_company": True}
        )
        orders = self._create_sale_order(self.customer) | (
            self._create_sale_order(other_customer)
        )
        orders.action_confirm()
        self.assertEqual(self.customer.scrm_role, "customer")
        self.assertEqual(other_customer.scrm_role, "customer")

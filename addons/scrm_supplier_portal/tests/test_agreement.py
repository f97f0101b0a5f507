from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_agreement")
class TestVmiAgreement(VmiCommon):
    def new_agreement(self, lines, **values):
        return self.env["scrm.vmi.agreement"].create(
            {
                "name": "Second agreement",
                "partner_id": self.other_vendor.id,
                "warehouse_id": self.warehouse.id,
                "line_ids": [Command.create(line) for line in lines],
                **values,
            }
        )

    def test_min_above_max_refused(self):
        with self.assertRaisesRegex(ValidationError, "minimum .* is above the max"):
            self.new_agreement(
                [{"product_id": self.washer.id, "min_qty": 10, "max_qty": 5}]
            )

    def test_negative_figures_refused(self):
        for field in ("min_qty", "safety_stock", "multiple", "moq", "lead_time"):
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(ValidationError, "cannot be negative"),
            ):
                self.new_agreement(
                    [{"product_id": self.washer.id, "max_qty": 5, field: -1}]
                )

    def test_huge_figures_refused(self):
        with self.assertRaisesRegex(ValidationError, "not plausible"):
            self.new_agreement(
                [{"product_id": self.washer.id, "max_qty": 10_000_000_000}]
            )

    @mute_logger("odoo.sql_db")
    def test_product_twice_in_agreement_refused(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.new_agreement(
                [
                    {"product_id": self.washer.id, "max_qty": 5},
                    {"product_id": self.washer.id, "max_qty": 8},
                ]
            )

    def test_product_in_two_active_agreements_same_location_refused(self):
        second = self.new_agreement([{"product_id": self.bolt.id, "max_qty": 50}])
        with (
            self.assertRaisesRegex(ValidationError, "already managed"),
            self.env.cr.savepoint(),
        ):
            second.action_activate()
        second.invalidate_recordset()
        self.assertEqual(second.state, "draft")

    def test_two_agreements_activated_together_refused(self):
        self.agreement.action_cancel()
        first, second = (
            self.new_agreement([{"product_id": self.bolt.id, "max_qty": 50}]),
            self.new_agreement([{"product_id": self.bolt.id, "max_qty": 60}]),
        )
        with (
            self.assertRaisesRegex(ValidationError, "already managed"),
            self.env.cr.savepoint(),
        ):
            (first | second).action_activate()
        (first | second).invalidate_recordset()
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])

    def test_same_product_elsewhere_or_after_cancel_allowed(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf 9", "location_id": self.stock.id}
        )
        elsewhere = self.new_agreement(
            [{"product_id": self.bolt.id, "max_qty": 50}], location_id=shelf.id
        )
        elsewhere.action_activate()
        self.assertEqual(elsewhere.state, "active")
        self.agreement.action_cancel()
        again = self.new_agreement([{"product_id": self.bolt.id, "max_qty": 50}])
        again.action_activate()
        self.assertEqual(again.state, "active")

    def test_active_agreement_line_added_twice_refused(self):
        self.other_agreement.action_cancel()
        self.other_agreement.action_draft()
        self.other_agreement.line_ids = [
            Command.create({"product_id": self.nut.id, "max_qty": 5})
        ]
        with self.assertRaisesRegex(ValidationError, "already managed"):
            self.other_agreement.action_activate()

    def test_agreement_needs_products_and_company_partner(self):
        empty = self.new_agreement([])
        with self.assertRaisesRegex(UserError, "Add the products"):
            empty.action_activate()
        with self.assertRaisesRegex(ValidationError, "supplier's company"):
            self.new_agreement([], partner_id=self.vendor_contact.id)

    def test_end_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.new_agreement([], date_start="2030-01-10", date_end="2030-01-01")

    def test_expiry_cron(self):
        self.agreement.write({"date_start": "2020-01-01", "date_end": "2020-01-31"})
        self.env["scrm.vmi.agreement"]._cron_expire()
        self.assertEqual(self.agreement.state, "expired")
        self.assertEqual(self.other_agreement.state, "active")

    def test_buyer_reads_manager_writes(self):
        agreement = self.agreement.with_user(self.buyer)
        self.assertEqual(agreement.line_count, 2)
        with self.assertRaises(AccessError):
            agreement.write({"mode": "supplier"})
        self.agreement.with_user(self.vmi_manager).write({"mode": "supplier"})
        self.assertEqual(self.agreement.mode, "supplier")

    def test_portal_user_sees_own_agreements_only(self):
        Agreement = self.env["scrm.vmi.agreement"].with_user(self.alice)
        self.assertEqual(Agreement.search([]), self.agreement)
        self.assertEqual(
            self.env["scrm.vmi.agreement.line"].with_user(self.alice).search([]),
            self.agreement.line_ids,
        )
        with self.assertRaises(AccessError):
            self.other_agreement.with_user(self.alice).check_access("read")
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.alice).write({"mode": "supplier"})

    def test_other_company_invisible_to_buyer(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        foreign = (
            self.env["scrm.vmi.agreement"]
            .with_company(other_company)
            .create(
                {
                    "name": "Foreign",
                    "partner_id": self.vendor.id,
                    "company_id": other_company.id,
                    "warehouse_id": warehouse.id,
                }
            )
        )
        found = self.env["scrm.vmi.agreement"].with_user(self.buyer).search([])
        self.assertNotIn(foreign, found)
        self.assertIn(self.agreement, found)

    def test_activation_marks_supplier(self):
        self.assertIn(self.vendor.scrm_role, ("supplier", "both"))

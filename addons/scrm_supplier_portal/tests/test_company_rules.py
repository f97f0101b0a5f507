from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_security")
class TestCompanyRules(VmiCommon):
    """A buyer of this company reads the proposals, commitments, price requests
    and scorecards of its own agreements, and none of another company's."""

    def _records_under(self, agreement, company):
        line = agreement.line_ids[:1]
        proposal = (
            self.env["scrm.replenishment.proposal"]
            .sudo()
            .create(
                {
                    "agreement_id": agreement.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": line.product_id.id, "quantity": 5}
                        )
                    ],
                }
            )
        )
        commit = self.env["scrm.vmi.commit"].create(
            {
                "agreement_line_id": line.id,
                "period_start": self.monday,
                "planned_qty": 5,
                "committed_qty": 5,
            }
        )
        request = self.env["scrm.vmi.price.request"].create(
            {"agreement_line_id": line.id, "price": 1.5, "date_start": self.today}
        )
        card = (
            self.env["scrm.supplier.scorecard"]
            .sudo()
            .create(
                {
                    "partner_id": agreement.partner_id.id,
                    "company_id": company.id,
                    "period_start": self.today.replace(day=1),
                }
            )
        )
        return {
            "scrm.replenishment.proposal": proposal,
            "scrm.vmi.commit": commit,
            "scrm.vmi.price.request": request,
            "scrm.supplier.scorecard": card,
        }

    def test_buyer_reads_nothing_of_another_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        foreign = (
            self.env["scrm.vmi.agreement"]
            .with_company(other_company)
            .create(
                {
                    "name": "Foreign fasteners",
                    "partner_id": self.vendor.id,
                    "company_id": other_company.id,
                    "warehouse_id": warehouse.id,
                    "date_start": self.today - timedelta(days=30),
                    "line_ids": [
                        Command.create(
                            {"product_id": self.bolt.id, "min_qty": 1, "max_qty": 9}
                        )
                    ],
                }
            )
        )
        foreign.action_activate()
        own = self._records_under(self.agreement, self.env.company)
        theirs = self._records_under(foreign, other_company)
        for model, record in theirs.items():
            with self.subTest(model=model):
                self.assertEqual(record.company_id, other_company)
                visible = self.env[model].with_user(self.buyer).search([])
                self.assertIn(own[model], visible, "the buyer reads their own")
                self.assertNotIn(record, visible)
                with self.assertRaises(AccessError):
                    record.with_user(self.buyer).check_access("read")

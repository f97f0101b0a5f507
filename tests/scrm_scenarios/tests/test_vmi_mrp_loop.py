import re
from datetime import timedelta

from lxml import html

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "scrm_scenarios")
class TestVmiMrpLoop(HttpCase):
    """MPS demand -> MRP run -> the supplier sees the requirement on the portal
    -> proposes -> the buyer approves -> the supplier ships -> the warehouse
    receives -> the next MRP run nets the new stock: the requirement is covered
    and no purchase is planned any more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # UTC like the users made here (the demo superuser lives in Brussels).
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        env = cls.env
        env.company.po_lead = 0
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.supplier = env["res.partner"].create(
            {"name": "Gear Works", "is_company": True}
        )
        cls.supplier_user = mail_new_test_user(
            env, login="gear_portal", name="Gina Gear", groups="base.group_portal"
        )
        cls.supplier_user.partner_id.parent_id = cls.supplier
        cls.buyer = mail_new_test_user(
            env,
            login="gear_buyer",
            name="Bruno Buyer",
            groups="base.group_user,scrm_supplier_portal.group_vmi_user",
        )
        Product = env["product.product"]
        cls.gearbox = Product.create({"name": "Gearbox", "is_storable": True})
        cls.gear = Product.create(
            {
                "name": "Gear",
                "is_storable": True,
                "seller_ids": [
                    Command.create({"partner_id": cls.supplier.id, "delay": 7})
                ],
            }
        )
        env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.gearbox.product_tmpl_id.id,
                "product_qty": 1,
                "produce_delay": 0,
                "bom_line_ids": [
                    Command.create({"product_id": cls.gear.id, "product_qty": 2})
                ],
            }
        )
        cls.mps = env["scrm.mps"].create(
            {
                "name": "Gearboxes",
                "warehouse_id": cls.warehouse.id,
                "period_type": "week",
                "period_count": 6,
                "product_ids": [Command.set(cls.gearbox.ids)],
            }
        )
        cls.mps.action_prepare_lines()
        cls.weeks = cls.mps._period_starts()
        cls.mps.line_ids.filtered(
            lambda line: line.period_start == cls.weeks[3]
        ).forecast_qty = 10
        cls.agreement = env["scrm.vmi.agreement"].create(
            {
                "name": "Gears",
                "partner_id": cls.supplier.id,
                "date_start": fields.Date.context_today(env.user) - timedelta(days=30),
                "warehouse_id": cls.warehouse.id,
                "user_id": cls.buyer.id,
                "line_ids": [
                    Command.create(
                        {"product_id": cls.gear.id, "max_qty": 40, "lead_time": 7}
                    )
                ],
            }
        )
        cls.agreement.action_activate()

    def run_mrp(self):
        run = self.env["scrm.mrp.run"]._launch(self.env.company, mps=self.mps)
        self.assertEqual(run.state, "done")
        records = self.env["scrm.mrp.record"].search(
            [("product_id", "=", self.gear.id)]
        )
        planned = self.env["scrm.mrp.planned.order"].search(
            [("product_id", "=", self.gear.id), ("state", "=", "planned")]
        )
        return records, planned

    def portal_row(self):
        page = self.url_open("/my/vmi")
        row = html.fromstring(page.content).xpath("//tr[@data-product='Gear']")[0]
        return {
            cell.get("class").split("o_vmi_")[-1]: cell.get("data-value")
            for cell in row.xpath("./td[@data-value]")
        }

    def post(self, url, data):
        page = self.url_open("/my/preferences")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(url, data={"csrf_token": token, **data})
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def test_supplier_replenishment_is_netted_by_the_next_run(self):
        today = fields.Date.context_today(self.env.user)
        # 1. MRP: 10 gearboxes in week 3 need 20 gears that week, none on hand.
        records, planned = self.run_mrp()
        week3 = records.filtered(lambda r: r.period_start == self.weeks[3])
        self.assertEqual(week3.gross_requirement, 20)
        self.assertEqual(week3.net_requirement, 20)
        self.assertEqual(sum(planned.mapped("quantity")), 20)
        # Releasing them makes no RFQ: the buyer is told the supplier replenishes.
        answer = planned.with_user(self.buyer).sudo().action_release()
        self.assertIn(self.gear.display_name, answer["params"]["message"])
        self.assertFalse(planned.filtered("purchase_line_id"))
        self.assertEqual(set(planned.mapped("state")), {"planned"})

        # 2. The supplier sees the requirement on the portal.
        self.authenticate("gear_portal", "gear_portal")
        row = self.portal_row()
        self.assertEqual(row["requirements"], "0 0 0 20 0 0")
        self.assertEqual(float(row["on_hand"]), 0)
        self.assertEqual(row["projected"], "0 0 0 -20 -20 -20")

        # 3. They propose 20, arriving next week; the buyer approves.
        line = self.agreement.line_ids
        self.post(
            "/my/vmi/propose/submit",
            {
                "line_id": line.id,
                "quantity": "20",
                "ship_date": str(today),
                "arrival_date": str(today + timedelta(days=7)),
            },
        )
        proposal = self.env["scrm.replenishment.proposal"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.assertEqual(proposal.state, "submitted")
        proposal.with_user(self.buyer).action_approve()
        self.assertEqual(float(self.portal_row()["in_transit"]), 20)

        # 4. Shipping notice, then the receipt is validated.
        self.post(
            f"/my/vmi/proposals/{proposal.id}/ship",
            {
                f"shipped_{proposal.line_ids.id}": "20",
                "ship_date": str(today),
                "arrival_date": str(today + timedelta(days=2)),
                "carrier": "UPS",
                "tracking_ref": "1Z999",
            },
        )
        self.assertEqual(proposal.state, "shipped")
        proposal.picking_id.button_validate()
        self.assertEqual(proposal.state, "received")
        self.assertEqual(float(self.portal_row()["on_hand"]), 20)

        # 5. The next run nets the received gears: nothing more to buy.
        records, planned = self.run_mrp()
        week3 = records.filtered(lambda r: r.period_start == self.weeks[3])
        self.assertEqual(week3.gross_requirement, 20)
        self.assertEqual(week3.net_requirement, 0)
        self.assertFalse(planned)
        self.assertEqual(sum(records.mapped("net_requirement")), 0)

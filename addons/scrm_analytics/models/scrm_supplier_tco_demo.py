"""Demo of the supplier total cost of ownership: two suppliers of the same seal
kit. Budget Seals quotes the lower price but ships from afar (landed cost),
delivers two weeks late and has part of its goods returned; Steady Seals costs
more per kit and delivers on time. The TCO shows the cheaper price as the more
expensive supplier. A third supplier can supply the seals category (capability
only), and Budget Seals has a catalogue update waiting for the buyer."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# name, price, landed cost %, lead time, days late, kits returned per order
SUPPLIERS = (
    ("Budget Seals", 9.0, 12.0, 10, 14, 40),
    ("Steady Seals", 10.0, 4.0, 7, 0, 0),
)
ORDER_QTY = 500


class ScrmSupplierTco(models.Model):
    _inherit = "scrm.supplier.tco"

    @api.model
    def _demo_supplier_tco(self):
        today = fields.Date.context_today(self)
        category = self.env["product.category"].create({"name": "Demo Seals"})
        partners = self.env["res.partner"].create(
            [
                {"name": row[0], "is_company": True, "scrm_role": "supplier"}
                for row in SUPPLIERS
            ]
            + [{"name": "Seal Source Direct", "is_company": True}]
        )
        kit = self.env["product.product"].create(
            {
                "name": "Demo O-ring seal kit",
                "is_storable": True,
                "categ_id": category.id,
                "standard_price": 10.0,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": partner.id,
                            "price": price,
                            "delay": lead,
                            "scrm_landed_cost_percent": landed,
                            "scrm_capacity": 3000,
                        }
                    )
                    for partner, (_n, price, landed, lead, _l, _r) in zip(
                        partners, SUPPLIERS, strict=False
                    )
                ],
            }
        )
        self.env["scrm.supplier.capability"].create(
            [
                {
                    "partner_id": partners[2].id,
                    "categ_id": category.id,
                    "capacity": 8000,
                    "lead_time": 21,
                },
                {
                    "partner_id": partners[1].id,
                    "categ_id": category.id,
                    "capacity": 5000,
                    "lead_time": 7,
                },
            ]
        )
        for quarter in range(4, 0, -1):
            day = today - relativedelta(months=3 * quarter)
            for partner, row in zip(partners, SUPPLIERS, strict=False):
                self._demo_purchase(kit, partner, day, *row[1:])
        self.env["scrm.supplier.catalogue.request"].create(
            {
                "partner_id": partners[0].id,
                "product_tmpl_id": kit.product_tmpl_id.id,
                "price": 8.5,
                "min_qty": 1000,
                "lead_time": 10,
                "capacity": 4000,
                "note": "Volume price from 1,000 kits.",
            }
        )
        return True

    @api.model
    def _demo_purchase(self, product, partner, day, price, _landed, lead, late, back):
        """One confirmed order received ``late`` days after its planned date,
        ``back`` units of it returned to the vendor."""
        planned = datetime.combine(day + timedelta(days=lead), time(12))
        order = self.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": ORDER_QTY,
                            "price_unit": price,
                            "date_planned": planned,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        order.write({"date_order": datetime.combine(day, time(9))})
        order.order_line.date_planned = planned
        receipt = order.picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        done = planned + timedelta(days=late)
        receipt.move_ids.write({"date": done})
        receipt.date_done = done
        if back:
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=receipt.id, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.quantity = back
            returned = self.env["stock.picking"].browse(
                wizard.action_create_returns()["res_id"]
            )
            for move in returned.move_ids:
                move.quantity = back
            returned.move_ids.picked = True
            returned.button_validate()
            returned.move_ids.write({"date": done + timedelta(days=3)})
        return order

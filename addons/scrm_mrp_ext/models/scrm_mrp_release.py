from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, models
from odoo.exceptions import UserError


class ScrmMrpPlannedOrder(models.Model):
    _inherit = "scrm.mrp.planned.order"  # pylint: disable=consider-merging-classes-inherited

    def _release(self):
        """Turn planned orders into RFQs (one per vendor and release week, lines
        of a product merged) and manufacturing orders, linked back to the plan."""
        self.check_access("write")
        orders = self.filtered(lambda o: o.state == "planned")
        if not orders:
            raise UserError(
                self.env._("Select planned orders that are not released yet.")
            )
        buy = orders.filtered(lambda o: o.supply_method == "buy")
        missing = buy.filtered(lambda o: not o.vendor_id)
        if missing:
            raise UserError(
                self.env._(
                    "Give these products a vendor before releasing them: %s",
                    ", ".join(missing.product_id.mapped("display_name")),
                )
            )
        buy._release_purchases()
        (orders - buy)._release_productions()
        return True

    def _release_purchases(self):
        groups = defaultdict(lambda: self.browse())
        for order in self:
            week = order.release_date - timedelta(days=order.release_date.weekday())
            groups[(order.vendor_id, order.company_id, week)] |= order
        # Releasing is the planner's right (checked on the planned orders); the
        # RFQ is written on their behalf even without purchase rights.
        PurchaseOrder = self.env["purchase.order"].sudo()
        for (vendor, company, _week), group in groups.items():
            by_product = defaultdict(lambda: self.browse())
            for order in group:
                by_product[order.product_id] |= order
            purchase = PurchaseOrder.with_company(company).create(
                {
                    "partner_id": vendor.id,
                    "company_id": company.id,
                    "user_id": self.env.user.id,
                    "origin": ", ".join(sorted(set(group.run_id.mapped("name")))),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": sum(orders.mapped("quantity")),
                                "product_uom": product.uom_id.id,
                                "date_planned": datetime.combine(
                                    min(orders.mapped("due_date")), time(12)
                                ),
                            }
                        )
                        for product, orders in by_product.items()
                    ],
                }
            )
            line_of = {line.product_id: line for line in purchase.order_line}
            for product, orders in by_product.items():
                orders.write(
                    {"state": "released", "purchase_line_id": line_of[product].id}
                )

    def _release_productions(self):
        for order in self:
            if not order.bom_id:
                raise UserError(
                    self.env._(
                        "%s has no bill of materials to manufacture it.",
                        order.product_id.display_name,
                    )
                )
        productions = self.env["mrp.production"].create(
            [
                {
                    "product_id": order.product_id.id,
                    "product_qty": order.quantity,
                    "product_uom_id": order.product_id.uom_id.id,
                    "bom_id": order.bom_id.id,
                    "company_id": order.company_id.id,
                    "date_start": datetime.combine(order.release_date, time(8)),
                    "origin": order.name,
                }
                for order in self
            ]
        )
        for order, production in zip(self, productions, strict=True):
            order.write({"state": "released", "production_id": production.id})
        productions.action_confirm()

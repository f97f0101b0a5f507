"""Demo history for the analytics screens: two years of invoices, payments,
credit notes, tickets and repeat orders for six customers, small enough to
install in seconds. One customer (Harbor Marine) looks profitable on gross
margin, and the cost to serve (discounts, tickets, credit notes, late payment)
turns it into a loss."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# name, pumps per quarter, discount %, days paid after the due date,
# tickets per quarter, credit note share of the quarter's invoice
CUSTOMERS = (
    ("Blue Ridge Mining", 12, 0.0, 0, 1, 0.0),
    ("Harbor Marine Services", 14, 28.0, 90, 12, 0.18),
    ("Cedar Valley Farms", 4, 0.0, 5, 1, 0.0),
    ("Delta Water Works", 8, 5.0, 10, 2, 0.0),
    ("Eastgate Builders", 3, 0.0, 40, 2, 0.05),
    ("Foxhill Breweries", 6, 2.0, 0, 1, 0.0),
)


class ScrmCustomerProfit(models.Model):
    _inherit = "scrm.customer.profit"

    @api.model
    def _demo_history(self):
        if not self.env.company.chart_template:
            return False
        today = fields.Date.context_today(self)
        Product = self.env["product.product"]
        pump = Product.create(
            {
                "name": "Demo hydraulic pump",
                "list_price": 400.0,
                "standard_price": 250.0,
            }
        )
        seal = Product.create(
            {"name": "Demo seal kit", "list_price": 40.0, "standard_price": 18.0}
        )
        admin = self.env.ref("base.user_admin")
        partners = self.env["res.partner"].create(
            [
                {"name": row[0], "is_company": True, "user_id": admin.id}
                for row in CUSTOMERS
            ]
        )
        moves = []
        for quarter in range(8, 0, -1):
            day = today - relativedelta(months=3 * quarter) + timedelta(days=14)
            for partner, row in zip(partners, CUSTOMERS, strict=True):
                _name, pumps, discount, _late, _tickets, credit = row
                lines = [
                    Command.create(
                        {
                            "product_id": pump.id,
                            "quantity": pumps,
                            "price_unit": 400.0,
                            "discount": discount,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": seal.id,
                            "quantity": pumps * 2,
                            "price_unit": 40.0,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                ]
                moves.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": day,
                        "invoice_date_due": day + timedelta(days=30),
                        "invoice_line_ids": lines,
                    }
                )
                if credit:
                    moves.append(
                        {
                            "move_type": "out_refund",
                            "partner_id": partner.id,
                            "invoice_date": day + timedelta(days=20),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "product_id": pump.id,
                                        "quantity": 1,
                                        "price_unit": round(pumps * 400.0 * credit, 2),
                                        "tax_ids": [Command.clear()],
                                    }
                                )
                            ],
                        }
                    )
        invoices = self.env["account.move"].create(moves)
        invoices.action_post()
        # Payments: each customer pays its invoices so many days after the due
        # date; those due in the future stay open.
        for partner, row in zip(partners, CUSTOMERS, strict=True):
            late = row[3]
            for invoice in invoices.filtered(
                lambda m, p=partner: m.partner_id == p and m.move_type == "out_invoice"
            ):
                paid = invoice.invoice_date_due + timedelta(days=late)
                if paid >= today:
                    continue
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": paid})._create_payments()
        # Tickets.
        tickets = []
        for quarter in range(8, 0, -1):
            start = today - relativedelta(months=3 * quarter)
            for partner, row in zip(partners, CUSTOMERS, strict=True):
                for n in range(row[4]):
                    opened = start + timedelta(days=7 * n + 3)
                    tickets.append(
                        {
                            "name": f"Pump question {n + 1}",
                            "partner_id": partner.id,
                            "date_open": datetime.combine(
                                opened, datetime.min.time()
                            ).replace(hour=10),
                        }
                    )
        self.env["scrm.ticket"].create(tickets)
        # Repeat orders of seal kits and filters for the needs screens.
        filt = Product.create(
            {"name": "Demo oil filter", "list_price": 25.0, "standard_price": 9.0}
        )
        for index, partner in enumerate(partners[:4]):
            cycle = (28, 35, 42, 56)[index]
            day = today - timedelta(days=cycle * 6 + index * 3)
            # Cedar Valley stopped ordering two cycles ago: overdue reorders.
            stop = today - timedelta(days=cycle * 2 if index == 2 else 0)
            while day < stop:
                products = [(filt, 20 + 10 * index)]
                if index != 3:
                    products.append((seal, 5 + index))
                order = self.env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": qty}
                            )
                            for product, qty in products
                        ],
                    }
                )
                order.action_confirm()
                order.date_order = datetime.combine(day, datetime.min.time())
                day += timedelta(days=cycle)
        self._refresh()
        self.env["scrm.customer.need"]._refresh()
        return True

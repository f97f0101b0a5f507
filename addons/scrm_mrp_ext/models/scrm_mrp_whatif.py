"""What a what-if run would change in the current plan, product by product."""

from collections import defaultdict

from odoo import fields, models


class ScrmMrpWhatifLine(models.Model):
    _name = "scrm.mrp.whatif.line"
    _description = "What-if Difference of a Product"
    _order = "run_id, abs_delta desc, product_id"

    run_id = fields.Many2one(
        "scrm.mrp.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    current_qty = fields.Float(
        string="Planned Now", digits="Product Unit of Measure", readonly=True
    )
    whatif_qty = fields.Float(
        string="What-if", digits="Product Unit of Measure", readonly=True
    )
    delta_qty = fields.Float(
        string="Difference", digits="Product Unit of Measure", readonly=True
    )
    abs_delta = fields.Float(string="Size of the Difference", readonly=True)
    current_orders = fields.Integer(string="Orders Now", readonly=True)
    whatif_orders = fields.Integer(string="Orders What-if", readonly=True)
    current_first_due = fields.Date(string="First Due Now", readonly=True)
    whatif_first_due = fields.Date(string="First Due What-if", readonly=True)
    current_exceptions = fields.Integer(string="Exceptions Now", readonly=True)
    whatif_exceptions = fields.Integer(string="Exceptions What-if", readonly=True)


class ScrmMrpRun(models.Model):
    _inherit = "scrm.mrp.run"  # pylint: disable=consider-merging-classes-inherited

    whatif_line_ids = fields.One2many(
        "scrm.mrp.whatif.line", "run_id", string="Differences"
    )

    def _scrm_write_whatif(self, result):
        """Compare a what-if result with the schedule's plan in place (planned
        orders not released, exceptions of the last runs) and keep the
        products that differ."""
        self.ensure_one()
        product_ids = list(result.low_level_codes)
        now = defaultdict(lambda: [0.0, 0, None, 0])
        for product, due, count, quantity in self.env[
            "scrm.mrp.planned.order"
        ]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("mps_id", "in", [self.mps_id.id, False]),
                ("product_id", "in", product_ids),
                ("state", "=", "planned"),
            ],
            ["product_id", "due_date:day"],
            ["__count", "quantity:sum"],
        ):
            figures = now[product.id]
            figures[0] += quantity
            figures[1] += count
            figures[2] = min(filter(None, (figures[2], due)))
        for product, count in self.env["scrm.mrp.exception"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("mps_id", "in", [self.mps_id.id, False]),
                ("product_id", "in", product_ids),
            ],
            ["product_id"],
            ["__count"],
        ):
            now[product.id][3] = count
        then = defaultdict(lambda: [0.0, 0, None, 0])
        for order in result.planned_orders:
            figures = then[order.item_id]
            figures[0] += order.quantity
            figures[1] += 1
            figures[2] = min(filter(None, (figures[2], order.due_date)))
        for exception in result.exceptions:
            then[exception.item_id][3] += 1
        values = []
        for product_id in set(now) | set(then):
            current, whatif = now[product_id], then[product_id]
            delta = whatif[0] - current[0]
            if abs(delta) < 1e-6 and current[1:] == whatif[1:]:
                continue
            values.append(
                {
                    "run_id": self.id,
                    "product_id": product_id,
                    "current_qty": current[0],
                    "whatif_qty": whatif[0],
                    "delta_qty": delta,
                    "abs_delta": abs(delta),
                    "current_orders": current[1],
                    "whatif_orders": whatif[1],
                    "current_first_due": current[2],
                    "whatif_first_due": whatif[2],
                    "current_exceptions": current[3],
                    "whatif_exceptions": whatif[3],
                }
            )
        return self.env["scrm.mrp.whatif.line"].sudo().create(values)

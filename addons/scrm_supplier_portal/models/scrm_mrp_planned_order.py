from collections import defaultdict

from odoo import fields, models


class ScrmMrpPlannedOrder(models.Model):
    _inherit = "scrm.mrp.planned.order"

    vmi_line_id = fields.Many2one(
        "scrm.vmi.agreement.line",
        string="VMI Agreement Line",
        compute="_compute_vmi_line_id",
        help="The supplier replenishes this product under this agreement: the "
        "planned purchase is the supplier's requirement, not an order to release.",
    )
    vmi_status = fields.Selection(
        [("vmi", "Replenished by supplier (VMI)")],
        string="Replenishment",
        compute="_compute_vmi_line_id",
        search="_search_vmi_status",
    )

    def _compute_vmi_line_id(self):
        lines = self._vmi_lines()
        for order in self:
            line = lines.get((order.product_id.id, order.company_id.id))
            managed = line and order.supply_method == "buy"
            order.vmi_line_id = line if managed and line.has_access("read") else False
            order.vmi_status = "vmi" if managed else False

    def _search_vmi_status(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        lines = (
            self.env["scrm.vmi.agreement.line"]
            .sudo()
            .search_fetch([("state", "=", "active")], ["product_id", "company_id"])
        )
        managed = [
            "&",
            "&",
            ("supply_method", "=", "buy"),
            ("product_id", "in", lines.product_id.ids),
            ("company_id", "in", lines.company_id.ids),
        ]
        positive = (operator == "=") == bool(value)
        return managed if positive else ["!", *managed]

    def _vmi_lines(self):
        """{(product id, company id): active agreement line} for the products
        of self (read as the system: whether a supplier manages a product is
        not a secret to the planner; opening the line is checked as the user)."""
        lines = (
            self.env["scrm.vmi.agreement.line"]
            .sudo()
            .search(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("state", "=", "active"),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        return {
            (line.product_id.id, line.company_id.id): line.with_env(self.env)
            for line in lines
        }

    def _vmi_managed(self):
        """The planned purchases of self whose product is in an active agreement
        of the same company."""
        lines = self._vmi_lines()
        return self.filtered(
            lambda o: (
                o.supply_method == "buy" and (o.product_id.id, o.company_id.id) in lines
            )
        )

    def _release(self):
        """Planned purchases of products a supplier manages under an active VMI
        agreement stay in the plan (the supplier sees them as requirements) and
        are left out of the release: the supplier's approved proposals are the
        supply. The others are released; a notification says which were left
        and why."""
        managed = self._vmi_managed()
        others = self - managed
        if others:
            super(ScrmMrpPlannedOrder, others)._release()
        if not managed:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if not others else "info",
                "sticky": False,
                "title": self.env._("Replenished by supplier (VMI)"),
                "message": self.env._(
                    "Not released: the supplier replenishes %(products)s under a VMI "
                    "agreement, from its approved proposals.",
                    products=", ".join(managed.product_id.mapped("display_name")),
                ),
                "next": {"type": "ir.actions.act_window_close"}
                if not others
                else {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }


class ScrmMrpRun(models.Model):
    _inherit = "scrm.mrp.run"

    def _write_plan(self, result):
        """Planned purchases of a VMI product name the agreement's supplier as
        their vendor (the run picks the product's first vendor). One query
        when the run plans no VMI product."""
        res = super()._write_plan(result)
        lines = (
            self.env["scrm.vmi.agreement.line"]
            .sudo()
            .search_fetch(
                [
                    ("product_id", "in", list(result.low_level_codes)),
                    ("state", "=", "active"),
                    ("company_id", "=", self.company_id.id),
                ],
                ["product_id", "partner_id"],
            )
        )
        if not lines:
            return res
        vendor_of = {line.product_id.id: line.partner_id for line in lines}
        Order = self.env["scrm.mrp.planned.order"].sudo()
        by_vendor = defaultdict(lambda: Order.browse())
        for order in Order.search_fetch(
            [
                ("run_id", "=", self.id),
                ("supply_method", "=", "buy"),
                ("product_id", "in", list(vendor_of)),
            ],
            ["product_id", "vendor_id"],
        ):
            vendor = vendor_of[order.product_id.id]
            if order.vendor_id != vendor:
                by_vendor[vendor] |= order
        for vendor, group in by_vendor.items():
            group.vendor_id = vendor
        return res

from odoo import fields, models

EXCEPTION_KINDS = [
    ("expedite", "Expedite"),
    ("defer", "Defer"),
    ("cancel", "Cancel"),
    ("release_late", "Release late"),
    ("no_vendor", "No vendor"),
]


class ScrmMrpRecord(models.Model):
    """The time-phased record of one product and period, from the last MRP run."""

    _name = "scrm.mrp.record"
    # Written by the run in bulk, hundreds of thousands of rows at a time: no
    # per-row creator and dates (the run has them), and two foreign keys fewer
    # for PostgreSQL to check on every row.
    _log_access = False
    _description = "MRP Time-phased Record"
    _order = "product_id, period_start"

    run_id = fields.Many2one(
        "scrm.mrp.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    period_start = fields.Date(required=True, index=True)
    gross_requirement = fields.Float(digits="Product Unit of Measure")
    scheduled_receipts = fields.Float(digits="Product Unit of Measure")
    projected_on_hand = fields.Float(digits="Product Unit of Measure")
    net_requirement = fields.Float(digits="Product Unit of Measure")
    planned_receipt = fields.Float(digits="Product Unit of Measure")
    planned_release = fields.Float(digits="Product Unit of Measure")


class ScrmMrpPlannedOrder(models.Model):
    _name = "scrm.mrp.planned.order"
    # Hundreds of thousands per run, written in bulk: the run says who planned
    # them and when, so no per-row creator and dates (two foreign keys fewer).
    _log_access = False
    _description = "MRP Planned Order"
    _order = "release_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    run_id = fields.Many2one("scrm.mrp.run", ondelete="set null", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    due_date = fields.Date(required=True)
    release_date = fields.Date(required=True, index=True)
    supply_method = fields.Selection([("buy", "Buy"), ("make", "Make")], required=True)
    vendor_id = fields.Many2one("res.partner", check_company=True)
    bom_id = fields.Many2one("mrp.bom", string="Bill of Materials", check_company=True)
    firm = fields.Boolean(
        help="A firm planned order survives the next runs and counts as supply."
    )
    past_due = fields.Boolean(string="Release Late", readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("released", "Released")],
        default="planned",
        required=True,
        index=True,
    )
    purchase_line_id = fields.Many2one("purchase.order.line", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    pegging_ids = fields.One2many("scrm.mrp.pegging", "planned_order_id")

    def action_release(self):
        return self._release()

    def action_toggle_firm(self):
        for order in self:
            order.firm = not order.firm
        return True


class ScrmMrpPegging(models.Model):
    _name = "scrm.mrp.pegging"
    # Written by the run in bulk, hundreds of thousands of rows at a time: no
    # per-row creator and dates (the run has them), and two foreign keys fewer
    # for PostgreSQL to check on every row.
    _log_access = False
    _description = "MRP Pegging"

    planned_order_id = fields.Many2one(
        "scrm.mrp.planned.order", required=True, ondelete="cascade", index=True
    )
    demand_ref = fields.Char(string="Covers", required=True)
    top_ref = fields.Char(string="Top-level Demand", required=True)
    quantity = fields.Float(digits="Product Unit of Measure")


class ScrmMrpException(models.Model):
    _name = "scrm.mrp.exception"
    # Written by the run in bulk, hundreds of thousands of rows at a time: no
    # per-row creator and dates (the run has them), and two foreign keys fewer
    # for PostgreSQL to check on every row.
    _log_access = False
    _description = "MRP Exception Message"
    _order = "kind, product_id"

    run_id = fields.Many2one(
        "scrm.mrp.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    kind = fields.Selection(EXCEPTION_KINDS, required=True)
    supply_ref = fields.Char(string="Supply")
    date = fields.Date()
    suggested_date = fields.Date()
    message = fields.Char()

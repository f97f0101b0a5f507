"""Names and labels instead of internal codes on the plan's screens."""

from odoo import api, fields, models

from .scrm_mrp_result import EXCEPTION_KINDS

DOCUMENT_SELECTION = [
    ("purchase.order.line", "Purchase Order Line"),
    ("sale.order.line", "Sales Order Line"),
    ("mrp.production", "Manufacturing Order"),
    ("stock.move", "Stock Move"),
    ("scrm.mps.line", "Forecast"),
    ("scrm.mrp.planned.order", "Planned Order"),
]


def _reference(record):
    return f"{record._name},{record.id}" if record else False


class ScrmMpsLine(models.Model):
    _inherit = "scrm.mps.line"

    @api.depends("mps_id.name", "product_id", "period_start")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "Forecast of %(product)s, %(schedule)s, period of %(date)s",
                product=line.product_id.display_name,
                schedule=line.mps_id.name,
                date=self.env["scrm.mrp.document"]._scrm_date(line.period_start),
            )


class ScrmMrpPlannedOrder(models.Model):
    _inherit = "scrm.mrp.planned.order"

    @api.depends("supply_method", "product_id", "name")
    def _compute_display_name(self):
        for order in self:
            number = (order.name or "").rpartition("-")[2]
            order.display_name = (
                self.env._(
                    "Planned purchase of %(product)s (%(number)s)",
                    product=order.product_id.display_name,
                    number=number,
                )
                if order.supply_method == "buy"
                else self.env._(
                    "Planned manufacturing of %(product)s (%(number)s)",
                    product=order.product_id.display_name,
                    number=number,
                )
            )


class ScrmMrpPegging(models.Model):
    _inherit = "scrm.mrp.pegging"

    demand_ref = fields.Char(string="Demand Reference", readonly=True)
    top_ref = fields.Char(string="Top-level Reference", readonly=True)
    demand_name = fields.Char(string="Covers", compute="_compute_documents")
    demand_document = fields.Reference(DOCUMENT_SELECTION, compute="_compute_documents")
    top_name = fields.Char(string="For", compute="_compute_documents")
    top_document = fields.Reference(
        DOCUMENT_SELECTION, string="Top-level Document", compute="_compute_documents"
    )

    @api.depends("demand_ref", "top_ref")
    def _compute_documents(self):
        Document = self.env["scrm.mrp.document"]
        found = Document._scrm_resolve(
            set(self.mapped("demand_ref")) | set(self.mapped("top_ref")),
            runs=self.planned_order_id.run_id,
        )
        unknown = self.env._("a document you cannot read")
        for peg in self:
            demand = found.get(peg.demand_ref)
            top = found.get(peg.top_ref)
            peg.demand_name = Document._scrm_label(demand) or unknown
            peg.demand_document = _reference(demand)
            peg.top_name = Document._scrm_label(top) or unknown
            peg.top_document = _reference(top)

    def action_open_demand(self):
        self.ensure_one()
        return self.demand_document and self.demand_document.get_formview_action()


class ScrmMrpException(models.Model):
    _inherit = "scrm.mrp.exception"

    supply_ref = fields.Char(string="Supply Reference")
    supply_name = fields.Char(string="Supply", compute="_compute_description")
    supply_document = fields.Reference(
        DOCUMENT_SELECTION, compute="_compute_description"
    )
    description = fields.Char(string="What to Do", compute="_compute_description")

    @api.depends("kind", "supply_ref", "date", "suggested_date", "product_id")
    def _compute_description(self):
        Document = self.env["scrm.mrp.document"]
        found = Document._scrm_resolve(set(self.mapped("supply_ref")) - {False})
        for exception in self:
            supply = found.get(exception.supply_ref)
            exception.supply_document = _reference(supply)
            exception.supply_name = Document._scrm_label(supply) or False
            exception.description = exception._scrm_describe(supply)

    def _scrm_describe(self, supply):
        self.ensure_one()
        Document = self.env["scrm.mrp.document"]
        values = {
            "product": self.product_id.display_name,
            "supply": Document._scrm_label(supply) or self.env._("a receipt"),
            "date": Document._scrm_date(self.date),
            "suggested": Document._scrm_date(self.suggested_date),
        }
        if self.kind == "cancel":
            return self.env._(
                "Cancel %(supply)s, due %(date)s: it is not needed within the horizon.",
                **values,
            )
        if self.kind == "expedite":
            return self.env._(
                "Bring %(supply)s forward from %(date)s to %(suggested)s: it is "
                "needed earlier.",
                **values,
            )
        if self.kind == "defer":
            return self.env._(
                "Push %(supply)s back from %(date)s to %(suggested)s: it is not "
                "needed before.",
                **values,
            )
        if self.kind == "release_late":
            return self.env._(
                "A planned order of %(product)s should have been released on "
                "%(date)s: release it now.",
                **values,
            )
        if self.kind == "no_vendor":
            return self.env._(
                "%(product)s has no vendor to buy from: add one on the product's "
                "Purchase tab.",
                **values,
            )
        return self.message

    def action_open_supply(self):
        self.ensure_one()
        return self.supply_document and self.supply_document.get_formview_action()

    @api.model
    def _scrm_kind_label(self, kind):
        return dict(self._fields["kind"]._description_selection(self.env)).get(
            kind, dict(EXCEPTION_KINDS).get(kind, kind)
        )

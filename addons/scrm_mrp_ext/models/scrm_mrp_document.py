"""What the references of a plan (``model,id`` strings the run stores, or a
planned order's key in its run) are, in a person's words: the document's own
name (PO number and line, SO number, MO, schedule and period) and the record
to open, read as the user."""

from odoo import api, models
from odoo.tools import format_date

# The documents a plan refers to, and whose names a planner may read.
DOCUMENT_MODELS = (
    "purchase.order.line",
    "sale.order.line",
    "mrp.production",
    "stock.move",
    "scrm.mps.line",
    "scrm.mrp.planned.order",
)


class ScrmMrpDocument(models.AbstractModel):
    _name = "scrm.mrp.document"
    _description = "Documents a Plan Refers To"

    @api.model
    def _scrm_resolve(self, refs, runs=None):
        """{ref: record or False}: the readable record each reference names.
        Keys of planned orders (``PO-76-1``) are looked up in ``runs``."""
        ids_by_model = {}
        keys = set()
        for ref in refs:
            if not ref:
                continue
            model, _sep, res_id = ref.partition(",")
            if model in DOCUMENT_MODELS and res_id.isdigit():
                ids_by_model.setdefault(model, set()).add(int(res_id))
            else:
                keys.add(ref)
        found = {}
        for model, ids in ids_by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model]
            if not Model.has_access("read"):
                continue
            for record in Model.browse(list(ids)).exists()._filtered_access("read"):
                found[f"{model},{record.id}"] = record
        if keys and runs:
            Order = self.env["scrm.mrp.planned.order"]
            names = {f"{run.name}/{key}": key for run in runs for key in keys}
            for order in Order.search([("name", "in", list(names))]):
                found[names[order.name]] = order
        return {ref: found.get(ref, False) for ref in refs}

    @api.model
    def _scrm_label(self, record):
        """The name a person knows a document by."""
        if not record:
            return False
        if record._name in ("purchase.order.line", "sale.order.line"):
            lines = record.order_id.order_line.filtered(
                lambda line: not line.display_type
            )
            position = (
                list(lines.ids).index(record.id) + 1 if record.id in lines.ids else 0
            )
            return self.env._(
                "%(order)s, line %(line)s (%(product)s)",
                order=record.order_id.name,
                line=position,
                product=record.product_id.display_name,
            )
        if record._name == "stock.move":
            return self.env._(
                "%(document)s (%(product)s)",
                document=record.picking_id.name or record.reference or record.origin,
                product=record.product_id.display_name,
            )
        return record.display_name

    @api.model
    def _scrm_date(self, date):
        return format_date(self.env, date) if date else ""

"""Products whose plan is stale: marked in the transaction that changes them.

Every change that alters a product's requirements or supply (moves of sales,
deliveries, receipts and manufacturing orders, purchase lines, manufacturing
orders, forecast cells, bills of materials and their lines, planning
parameters, vendor lines, reordering rules, firm planned orders) inserts the
product's id into ``scrm_mrp_dirty`` with one SQL statement, and asks Odoo to
run the net-change job soon (once per transaction). No planning happens in the
user's transaction: the job replans the products later (see
``scrm_mrp_net_change``).
"""

from odoo import api, fields, models
from odoo.tools import SQL

TRIGGERED = "scrm_mrp_dirty_triggered"


def mark_dirty(env, pairs):
    """Mark products dirty: ``pairs`` of ``(company id or None, product id)``;
    a product without company is marked for every company with a schedule."""
    pairs = {(company_id or None, product_id) for company_id, product_id in pairs}
    pairs.discard((None, None))
    pairs = [pair for pair in pairs if pair[1]]
    if not pairs:
        return
    cr = env.cr
    owned = [pair for pair in pairs if pair[0]]
    shared = sorted({product_id for company_id, product_id in pairs if not company_id})
    if owned:
        cr.execute(
            SQL(
                """INSERT INTO scrm_mrp_dirty (company_id, product_id, date)
                   SELECT c, p, now() AT TIME ZONE 'UTC'
                     FROM unnest(%s::int[], %s::int[]) AS t(c, p)
                   ON CONFLICT DO NOTHING""",
                [company_id for company_id, _product in owned],
                [product_id for _company, product_id in owned],
            )
        )
    if shared:
        cr.execute(
            SQL(
                """INSERT INTO scrm_mrp_dirty (company_id, product_id, date)
                   SELECT DISTINCT mps.company_id, p, now() AT TIME ZONE 'UTC'
                     FROM scrm_mps mps, unnest(%s::int[]) AS p
                   ON CONFLICT DO NOTHING""",
                shared,
            )
        )
    if not cr.precommit.data.get(TRIGGERED):
        cr.precommit.data[TRIGGERED] = True
        # the job, not the user's rights: any user's change may trigger it
        cron = env(su=True).ref(
            "scrm_mrp_ext.ir_cron_scrm_mrp_net_change", raise_if_not_found=False
        )
        if cron and cron.active:
            cron._trigger()


class ScrmMrpDirty(models.Model):
    """A product of a company whose plan waits for the next net-change run."""

    _name = "scrm.mrp.dirty"
    _description = "MRP Product Waiting for Net Change"
    _log_access = False

    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", readonly=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", readonly=True
    )
    date = fields.Datetime(string="Changed On", readonly=True)

    _sql_constraints = [
        (
            "company_product_uniq",
            "UNIQUE (company_id, product_id)",
            "A product waits once per company.",
        )
    ]


class _DirtyMarker(models.AbstractModel):
    """Marks the products of the records it is mixed into on create, on write of
    a field that matters, and on unlink. ``_scrm_dirty_pairs`` says which
    ``(company, product)`` a record concerns."""

    _name = "scrm.mrp.dirty.marker"
    _description = "MRP Dirty Marking"
    _scrm_dirty_fields = frozenset()

    def _scrm_dirty_pairs(self):
        return [(record.company_id.id, record.product_id.id) for record in self]

    def _scrm_mark_dirty(self):
        if self:
            mark_dirty(self.env, self.sudo()._scrm_dirty_pairs())

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._scrm_mark_dirty()
        return records

    def write(self, vals):
        if not self._scrm_dirty_fields.isdisjoint(vals):
            self._scrm_mark_dirty()  # what it was: the old product loses
            result = super().write(vals)
            self._scrm_mark_dirty()
            return result
        return super().write(vals)

    def unlink(self):
        self._scrm_mark_dirty()
        return super().unlink()


class StockMove(models.Model):
    """Sales, deliveries, receipts, manufacturing orders' components and
    finished products: their moves are the demand and supply MRP reads."""

    _name = "stock.move"
    _inherit = ["stock.move", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {
            "product_id",
            "product_uom_qty",
            "product_uom",
            "quantity",
            "state",
            "date",
            "date_deadline",
            "location_id",
            "location_dest_id",
            "picked",
            "warehouse_id",
        }
    )


class PurchaseOrderLine(models.Model):
    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {"product_id", "product_qty", "product_uom", "date_planned", "state"}
    )


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def write(self, vals):
        if "state" in vals or "date_planned" in vals or "picking_type_id" in vals:
            self.order_line._scrm_mark_dirty()
        return super().write(vals)


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {
            "product_id",
            "product_qty",
            "product_uom_id",
            "state",
            "date_start",
            "date_finished",
            "bom_id",
        }
    )


def _variant_pairs(records, template_field="product_tmpl_id"):
    """(company, product) of records that name a product or its template."""
    pairs = []
    for record in records:
        company_id = record.company_id.id if "company_id" in record else None
        if record.product_id:
            pairs.append((company_id, record.product_id.id))
        else:
            variants = record[template_field].with_context(active_test=False)
            pairs += [(company_id, pid) for pid in variants.product_variant_ids.ids]
    return pairs


class MrpBom(models.Model):
    """A changed BoM replans its product and its components, old and new."""

    _name = "mrp.bom"
    _inherit = ["mrp.bom", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {
            "product_id",
            "product_tmpl_id",
            "product_qty",
            "product_uom_id",
            "type",
            "active",
            "sequence",
            "company_id",
            "bom_line_ids",
            "produce_delay",
        }
    )

    def _scrm_dirty_pairs(self):
        pairs = _variant_pairs(self)
        pairs += [
            (bom.company_id.id, line.product_id.id)
            for bom in self
            for line in bom.bom_line_ids
        ]
        return pairs


class MrpBomLine(models.Model):
    _name = "mrp.bom.line"
    _inherit = ["mrp.bom.line", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {
            "product_id",
            "product_qty",
            "product_uom_id",
            "bom_id",
            "bom_product_template_attribute_value_ids",
            "scrm_scrap_percent",
        }
    )

    def _scrm_dirty_pairs(self):
        pairs = _variant_pairs(self.bom_id)
        pairs += [(line.company_id.id, line.product_id.id) for line in self]
        return pairs


class ProductSupplierinfo(models.Model):
    _name = "product.supplierinfo"
    _inherit = ["product.supplierinfo", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {
            "partner_id",
            "product_id",
            "product_tmpl_id",
            "delay",
            "min_qty",
            "date_start",
            "date_end",
            "sequence",
            "company_id",
        }
    )

    def _scrm_dirty_pairs(self):
        return _variant_pairs(self)


class StockWarehouseOrderpoint(models.Model):
    _name = "stock.warehouse.orderpoint"
    _inherit = ["stock.warehouse.orderpoint", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {"product_id", "warehouse_id", "location_id", "active", "trigger"}
    )


class ScrmMrpWarehouseParameter(models.Model):
    _name = "scrm.mrp.warehouse.parameter"
    _inherit = ["scrm.mrp.warehouse.parameter", "scrm.mrp.dirty.marker"]

    @property
    def _scrm_dirty_fields(self):
        return frozenset(self._fields)

    def _scrm_dirty_pairs(self):
        return [
            (record.company_id.id, pid)
            for record in self
            for pid in record.product_tmpl_id.with_context(
                active_test=False
            ).product_variant_ids.ids
        ]


class ScrmMpsLine(models.Model):
    """A forecast cell of the schedule."""

    _name = "scrm.mps.line"
    _inherit = ["scrm.mps.line", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset({"forecast_qty", "product_id", "period_start"})


class ScrmMrpPlannedOrder(models.Model):
    """A firm planned order is a supply (and its components' demand)."""

    _name = "scrm.mrp.planned.order"
    _inherit = ["scrm.mrp.planned.order", "scrm.mrp.dirty.marker"]
    _scrm_dirty_fields = frozenset(
        {"firm", "quantity", "due_date", "release_date", "product_id", "state"}
    )

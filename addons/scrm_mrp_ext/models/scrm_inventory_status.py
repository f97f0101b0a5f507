from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL


class ScrmInventoryStatus(models.Model):
    """The inventory status record of each material in each warehouse: on hand, in
    transit, demand, lead time, lot size, safety stock, where it is used and who
    supplies it. A database view over stock and purchase data, so it is true the
    moment stock moves (never a copy from the last MRP run).

    Each figure is a subquery grouped by product and warehouse (or company), so
    PostgreSQL drops the ones a query does not use (a count reads none) and
    computes the others in one pass each, whatever the page or the filter."""

    _name = "scrm.inventory.status"
    _description = "Inventory Status Record"
    _auto = False
    # Raw ids: ordering by the products' own order (favourite, reference,
    # name) would compute every row of the view before the first page.
    _order = "product_id.id, warehouse_id.id"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", string="Material", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    tracking = fields.Selection(
        [("serial", "By Unique Serial Number"), ("lot", "By Lots"), ("none", "None")],
        readonly=True,
    )
    weight = fields.Float(readonly=True)
    volume = fields.Float(readonly=True)
    on_hand = fields.Float(digits="Product Unit of Measure", readonly=True)
    reserved = fields.Float(digits="Product Unit of Measure", readonly=True)
    available = fields.Float(digits="Product Unit of Measure", readonly=True)
    in_transit = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Confirmed receipts not received yet.",
    )
    next_arrival = fields.Datetime(readonly=True)
    open_demand = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Confirmed deliveries and manufacturing consumption not done yet.",
    )
    vendor_id = fields.Many2one("res.partner", string="Main Vendor", readonly=True)
    lead_time = fields.Integer(string="Lead Time (days)", readonly=True)
    lot_policy = fields.Selection(
        [
            ("lfl", "Lot for lot"),
            ("foq", "Fixed order quantity"),
            ("minmax", "Minimum / maximum / multiple"),
            ("poq", "Period order quantity"),
        ],
        string="Lot Sizing",
        readonly=True,
    )
    lot_size = fields.Float(
        string="Order Lot Size", digits="Product Unit of Measure", readonly=True
    )
    lot_multiple = fields.Float(
        string="Order Multiple", digits="Product Unit of Measure", readonly=True
    )
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    daily_usage = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Average quantity delivered or consumed per day over the last 30 days.",
    )
    days_of_cover = fields.Float(digits=(16, 1), readonly=True)
    status = fields.Selection(
        [
            ("out", "Out of stock"),
            ("below_safety", "Below safety stock"),
            ("ok", "OK"),
        ],
        readonly=True,
    )
    where_used = fields.Char(compute="_compute_where_used")
    used_in_products = fields.Char(
        string="Finished Products", compute="_compute_where_used"
    )
    suppliers = fields.Char(compute="_compute_suppliers")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT pp.id * 10000 + wh.id AS id,
                   pp.id AS product_id, pt.id AS product_tmpl_id,
                   wh.id AS warehouse_id, wh.company_id AS company_id,
                   pt.categ_id, pt.uom_id, pt.tracking, pp.weight, pp.volume,
                   COALESCE(q.on_hand, 0) AS on_hand,
                   COALESCE(q.reserved, 0) AS reserved,
                   COALESCE(q.on_hand, 0) - COALESCE(q.reserved, 0) AS available,
                   COALESCE(inc.qty, 0) AS in_transit, inc.next_date AS next_arrival,
                   COALESCE(out.qty, 0) AS open_demand,
                   s.partner_id AS vendor_id, s.delay AS lead_time,
                   COALESCE(wp.scrm_lot_policy, pt.scrm_lot_policy) AS lot_policy,
                   CASE COALESCE(wp.scrm_lot_policy, pt.scrm_lot_policy)
                        WHEN 'foq'
                        THEN COALESCE(wp.scrm_lot_fixed_qty, pt.scrm_lot_fixed_qty)
                        WHEN 'minmax'
                        THEN COALESCE(wp.scrm_lot_min_qty, pt.scrm_lot_min_qty)
                        ELSE 0 END AS lot_size,
                   COALESCE(wp.scrm_lot_multiple, pt.scrm_lot_multiple) AS lot_multiple,
                   COALESCE(wp.scrm_safety_stock, pt.scrm_safety_stock) AS safety_stock,
                   COALESCE(used.qty, 0) / 30.0 AS daily_usage,
                   CASE WHEN COALESCE(used.qty, 0) > 0
                        THEN (COALESCE(q.on_hand, 0) - COALESCE(q.reserved, 0))
                             / (used.qty / 30.0)
                   END AS days_of_cover,
                   CASE WHEN COALESCE(q.on_hand, 0) <= 0 THEN 'out'
                        WHEN COALESCE(q.on_hand, 0) - COALESCE(q.reserved, 0)
                             < COALESCE(wp.scrm_safety_stock, pt.scrm_safety_stock)
                        THEN 'below_safety'
                        ELSE 'ok' END AS status
              FROM product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_warehouse wh
                ON wh.active
               AND (pt.company_id IS NULL OR pt.company_id = wh.company_id)
              LEFT JOIN scrm_mrp_warehouse_parameter wp
                ON wp.product_tmpl_id = pt.id AND wp.warehouse_id = wh.id
              LEFT JOIN (
                    SELECT sq.product_id, sl.warehouse_id,
                           SUM(sq.quantity) AS on_hand,
                           SUM(sq.reserved_quantity) AS reserved
                      FROM stock_quant sq
                      JOIN stock_location sl ON sl.id = sq.location_id
                     WHERE sl.usage = 'internal'
                     GROUP BY sq.product_id, sl.warehouse_id
              ) q ON q.product_id = pp.id AND q.warehouse_id = wh.id
              LEFT JOIN (
                    SELECT sm.product_id, sl.warehouse_id,
                           SUM(sm.product_qty) AS qty, MIN(sm.date) AS next_date
                      FROM stock_move sm
                      JOIN stock_location sl ON sl.id = sm.location_dest_id
                      JOIN stock_location src ON src.id = sm.location_id
                     WHERE sm.state NOT IN ('draft', 'cancel', 'done')
                       AND src.usage = 'supplier'
                     GROUP BY sm.product_id, sl.warehouse_id
              ) inc ON inc.product_id = pp.id AND inc.warehouse_id = wh.id
              LEFT JOIN (
                    SELECT sm.product_id, sl.warehouse_id, SUM(sm.product_qty) AS qty
                      FROM stock_move sm
                      JOIN stock_location sl ON sl.id = sm.location_id
                      JOIN stock_location dst ON dst.id = sm.location_dest_id
                     WHERE sm.state NOT IN ('draft', 'cancel', 'done')
                       AND dst.usage IN ('customer', 'production')
                     GROUP BY sm.product_id, sl.warehouse_id
              ) out ON out.product_id = pp.id AND out.warehouse_id = wh.id
              LEFT JOIN (
                    SELECT sm.product_id, sl.warehouse_id, SUM(sm.product_qty) AS qty
                      FROM stock_move sm
                      JOIN stock_location sl ON sl.id = sm.location_id
                      JOIN stock_location dst ON dst.id = sm.location_dest_id
                     WHERE sm.state = 'done'
                       AND sm.date >= NOW() - INTERVAL '30 days'
                       AND dst.usage IN ('customer', 'production')
                     GROUP BY sm.product_id, sl.warehouse_id
              ) used ON used.product_id = pp.id AND used.warehouse_id = wh.id
              LEFT JOIN (
                    SELECT DISTINCT ON (variant.id, company.id)
                           variant.id AS product_id, company.id AS company_id,
                           si.partner_id, si.delay
                      FROM product_supplierinfo si
                      JOIN product_product variant
                        ON variant.product_tmpl_id = si.product_tmpl_id
                       AND (si.product_id IS NULL OR si.product_id = variant.id)
                      JOIN res_company company
                        ON si.company_id IS NULL OR si.company_id = company.id
                     ORDER BY variant.id, company.id,
                              si.sequence, si.min_qty DESC, si.price, si.id
              ) s ON s.product_id = pp.id AND s.company_id = wh.company_id
             WHERE pp.active AND pt.active AND pt.is_storable
            """
        )

    def _compute_where_used(self):
        """Parent BoMs and the finished products at the top of each chain: a
        breadth-first walk up, one query per BoM level for the whole page."""
        Template = self.env["product.template"]
        parents_of = defaultdict(set)  # product id -> parent template ids
        variants_of = {}  # template id -> its variant ids
        visited = set()
        frontier = set(self.product_id.ids)
        while frontier:
            visited |= frontier
            lines = self.env["mrp.bom.line"].search_fetch(
                [("product_id", "in", list(frontier)), ("bom_id.active", "=", True)],
                ["product_id", "bom_id"],
            )
            frontier = set()
            for line in lines:
                template = line.bom_id.product_tmpl_id
                parents_of[line.product_id.id].add(template.id)
                if template.id not in variants_of:
                    variants_of[template.id] = template.product_variant_ids.ids
                    frontier.update(variants_of[template.id])
            frontier -= visited

        def tops(product_id, seen):
            """Templates at the top of the chains above a product."""
            result = set()
            for template_id in parents_of.get(product_id, ()):
                above = set()
                for variant_id in variants_of[template_id]:
                    if variant_id not in seen:
                        above |= tops(variant_id, seen | {variant_id})
                result |= above or {template_id}
            return result

        for record in self:
            product_id = record.product_id.id
            record.where_used = ", ".join(
                sorted(Template.browse(parents_of[product_id]).mapped("display_name"))
            )
            record.used_in_products = ", ".join(
                sorted(
                    Template.browse(tops(product_id, {product_id})).mapped(
                        "display_name"
                    )
                )
            )

    def _compute_suppliers(self):
        sellers = self.env["product.supplierinfo"].search_fetch(
            [("product_tmpl_id", "in", self.product_tmpl_id.ids)],
            [
                "product_tmpl_id",
                "product_id",
                "partner_id",
                "price",
                "min_qty",
                "delay",
                "currency_id",
            ],
            order="sequence, min_qty desc, price",
        )
        by_template = defaultdict(list)
        for seller in sellers:
            by_template[seller.product_tmpl_id.id].append(seller)
        for record in self:
            record.suppliers = "; ".join(
                self.env._(
                    "%(vendor)s: %(price)s %(currency)s, min %(min_qty)s, %(delay)s d",
                    vendor=seller.partner_id.display_name,
                    price=seller.price,
                    currency=seller.currency_id.name or "",
                    min_qty=seller.min_qty,
                    delay=seller.delay,
                )
                for seller in by_template[record.product_tmpl_id.id]
                if not seller.product_id or seller.product_id == record.product_id
            )

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import (
    column_exists,
    drop_view_if_exists,
    make_index_name,
    table_exists,
)

EXCEPTION_KINDS = [
    ("expedite", "Expedite"),
    ("defer", "Defer"),
    ("cancel", "Cancel"),
    ("release_late", "Release late"),
    ("no_vendor", "No vendor"),
]


# Views over array and JSON columns give their rows ids of the form
# ``parent id * VIEW_ID_FACTOR + position`` (position from 1).
VIEW_ID_FACTOR = 100_000
# The figures of a product's time-phased plan, in the order of their arrays and
# of the rows a planner reads (Excel export).
PLAN_FIGURES = (
    "gross_requirement",
    "scheduled_receipts",
    "projected_on_hand",
    "net_requirement",
    "planned_receipt",
    "planned_release",
)


def fill_schedule_from_run(model):
    """Plans written before they were kept per schedule name their run only:
    give them its schedule (an unreleased addon's development databases; a
    no-op once every row has one)."""
    cr = model.env.cr
    # (a new database: the runs' table comes later, and there is no plan yet)
    if not (
        table_exists(cr, "scrm_mrp_run") and column_exists(cr, model._table, "mps_id")
    ):
        return
    cr.execute(
        SQL(
            """UPDATE %(table)s t SET mps_id = run.mps_id
                 FROM scrm_mrp_run run
                WHERE run.id = t.run_id AND t.mps_id IS NULL
                  AND run.mps_id IS NOT NULL""",
            table=SQL.identifier(model._table),
        )
    )


class UncheckedMany2one(fields.Many2one):
    """A many-to-one without a foreign-key constraint in the database.

    For tables a run fills with hundreds of thousands of rows at once:
    PostgreSQL checks each foreign key of each inserted row one by one, which
    was most of a run's writing time. What the constraint's ``ondelete`` did is
    done by the ORM when the target is deleted (see ``_scrm_unlink_plan``).
    """

    def update_db_foreign_key(self, model, column):
        return


class ScrmMrpViewRows(models.AbstractModel):
    """Rows unfolded by an SQL view from the arrays of a parent row.

    Their ids say their parent (``id // VIEW_ID_FACTOR``): reading rows by id
    also filters on the parent column, which PostgreSQL can look up by index,
    instead of unfolding every parent of the view to find them.
    """

    _name = "scrm.mrp.view.rows"
    _description = "MRP Rows of a View"
    _view_parent = None  # the view's column holding the parent row's id

    @api.model
    def _parents_sql(self, alias, ids):
        """The condition on the view's parent column that rows ``ids`` meet
        (``None`` when there is nothing to narrow)."""
        parents = sorted(
            {i // VIEW_ID_FACTOR for i in ids if isinstance(i, int) and i > 0}
        )
        if not (parents and self._view_parent):
            return None
        return SQL("%s IN %s", SQL.identifier(alias, self._view_parent), tuple(parents))

    def _relation_kind(self):
        """What the model's table is in PostgreSQL ("r" table, "v" view), or
        None: before the plan was stored as arrays, the views were tables."""
        self.env.cr.execute(
            "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [self._table]
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if fname != "id" or operator not in ("=", "in"):
            return sql
        ids = value if isinstance(value, (list, tuple, set)) else [value]
        parents = self._parents_sql(alias, ids)
        return SQL("(%s AND %s)", sql, parents) if parents else sql

    def _as_query(self, ordered=True):
        # Reading records (fetch, field values) does not go through
        # _condition_to_sql: without this, every read of a few rows by id
        # unfolds every parent of the view (all plans, all pegging JSON).
        query = super()._as_query(ordered)
        parents = self._parents_sql(self._table, self._ids)
        if parents:
            ids = query._ids
            query.add_where(parents)
            query._ids = ids  # the result is still known
        return query

    def exists(self):
        # Same as the ORM's, through the parent's index (see _as_query).
        ids = [i for i in self._ids if isinstance(i, int)]
        if not ids:
            return super().exists()
        query = self.browse(ids)._as_query(ordered=False)
        valid = {id_ for [id_] in self.env.execute_query(query.select())}
        return self.browse(i for i in self._ids if i in valid or not isinstance(i, int))


class ScrmMrpPlan(models.Model):
    """The time-phased plan of one product from the last MRP run of a
    schedule: one row per schedule and product, each figure an array with one
    value per period. Two warehouses' schedules that share a product keep a
    plan each.

    The array columns are not ORM fields (the ORM has no array type): they are
    created by :meth:`init` and written by the run in bulk. Users read the
    plan through :class:`ScrmMrpRecord`, one row per product and period.
    """

    _name = "scrm.mrp.plan"
    _log_access = False
    _description = "MRP Product Plan"

    run_id = fields.Many2one(
        "scrm.mrp.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True)
    mps_id = fields.Many2one(
        "scrm.mps", string="Schedule", ondelete="cascade", index=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True
    )

    def init(self):
        fill_schedule_from_run(self)
        columns = ", ".join(
            f"ADD COLUMN IF NOT EXISTS {name} float8[]" for name in PLAN_FIGURES
        )
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS period_starts date[], %s",
                SQL.identifier(self._table),
                SQL(columns),
            )
        )


class ScrmMrpRecord(models.Model):
    """The time-phased record of one product and period, from the last MRP run
    (an SQL view unfolding the arrays of :class:`ScrmMrpPlan`)."""

    _name = "scrm.mrp.record"
    _inherit = ["scrm.mrp.view.rows"]
    _auto = False
    _description = "MRP Time-phased Record"
    _order = "product_id, period_start"
    _view_parent = "plan_id"

    plan_id = fields.Many2one("scrm.mrp.plan", readonly=True)
    run_id = fields.Many2one("scrm.mrp.run", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    mps_id = fields.Many2one("scrm.mps", string="Schedule", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    period_start = fields.Date(readonly=True)
    gross_requirement = fields.Float(digits="Product Unit of Measure", readonly=True)
    scheduled_receipts = fields.Float(digits="Product Unit of Measure", readonly=True)
    projected_on_hand = fields.Float(digits="Product Unit of Measure", readonly=True)
    net_requirement = fields.Float(digits="Product Unit of Measure", readonly=True)
    planned_receipt = fields.Float(digits="Product Unit of Measure", readonly=True)
    planned_release = fields.Float(digits="Product Unit of Measure", readonly=True)

    def init(self):
        cr = self.env.cr
        # Before the plan was stored per product, this was a table: its rows
        # are the previous run's plan, which the next run writes again.
        kind = self._relation_kind()
        self.env["scrm.mrp.plan"].init()  # its arrays, whatever the init order
        if kind == "r":
            # Keep the plan the schedule grid and the pivots show until the
            # next run: one row per product with an array per figure.
            cr.execute(
                SQL(
                    """
                    INSERT INTO %(plan)s (run_id, company_id, product_id,
                                          period_starts, %(figures)s)
                    SELECT run_id, company_id, product_id,
                           array_agg(period_start ORDER BY period_start), %(arrays)s
                      FROM %(old)s
                     WHERE run_id IS NOT NULL
                     GROUP BY run_id, company_id, product_id
                    """,
                    plan=SQL.identifier(self.env["scrm.mrp.plan"]._table),
                    old=SQL.identifier(self._table),
                    figures=SQL(", ".join(PLAN_FIGURES)),
                    arrays=SQL(
                        ", ".join(
                            f"array_agg({name} ORDER BY period_start)::float8[]"
                            for name in PLAN_FIGURES
                        )
                    ),
                )
            )
            cr.execute(SQL("DROP TABLE %s CASCADE", SQL.identifier(self._table)))
        # Ids are bigint (a parent id above 21,474 times 100,000 is beyond
        # an integer): a view's column type only changes by recreating it.
        drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS
                SELECT p.id::bigint * %(factor)s + f.position AS id,
                       p.id AS plan_id, p.run_id, p.company_id, p.mps_id,
                       p.product_id,
                       f.period_start, %(columns)s
                  FROM %(plan)s p
                 CROSS JOIN LATERAL unnest(p.period_starts, %(arrays)s)
                       WITH ORDINALITY AS f(period_start, %(figures)s, position)
                """,
                view=SQL.identifier(self._table),
                factor=VIEW_ID_FACTOR,
                plan=SQL.identifier(self.env["scrm.mrp.plan"]._table),
                figures=SQL(", ".join(PLAN_FIGURES)),
                columns=SQL(", ".join(f"f.{name}" for name in PLAN_FIGURES)),
                arrays=SQL(", ".join(f"p.{name}" for name in PLAN_FIGURES)),
            )
        )


class ScrmMrpPlannedOrder(models.Model):
    _name = "scrm.mrp.planned.order"
    # Hundreds of thousands per run, written in bulk: the run says who planned
    # them and when, so no per-row creator and dates (two foreign keys fewer).
    _log_access = False
    _description = "MRP Planned Order"
    _order = "release_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    # The run writes hundreds of thousands of planned orders at once: no
    # foreign-key checks on the columns it fills (see UncheckedMany2one).
    run_id = UncheckedMany2one("scrm.mrp.run", ondelete="set null")
    company_id = UncheckedMany2one("res.company", required=True)
    # Whose plan the order is part of: two warehouses' schedules that share a
    # product plan it each for its own warehouse.
    mps_id = UncheckedMany2one("scrm.mps", string="Schedule", ondelete="cascade")
    product_id = UncheckedMany2one(
        "product.product", required=True, ondelete="cascade", index=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    due_date = fields.Date(required=True)
    release_date = fields.Date(required=True)
    supply_method = fields.Selection([("buy", "Buy"), ("make", "Make")], required=True)
    vendor_id = UncheckedMany2one(
        "res.partner", check_company=True, ondelete="set null"
    )
    bom_id = UncheckedMany2one(
        "mrp.bom", string="Bill of Materials", check_company=True, ondelete="set null"
    )
    firm = fields.Boolean(
        help="A firm planned order survives the next runs and counts as supply."
    )
    past_due = fields.Boolean(string="Release Late", readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("released", "Released")],
        default="planned",
        required=True,
    )
    purchase_line_id = fields.Many2one("purchase.order.line", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    # JSON [[demand ref, top-level demand ref, quantity], ...], shown by the
    # scrm.mrp.pegging view: one value per order instead of a row per pegged
    # demand (several per order). Stored as text: PostgreSQL parses it when
    # an order's pegging is read, not for every order a run writes.
    pegging = fields.Text(string="Pegging Data", readonly=True, copy=False)
    pegging_ids = fields.One2many("scrm.mrp.pegging", "planned_order_id")

    def init(self):
        # Databases created before the columns were unchecked keep their
        # constraints unless they are dropped here, and Odoo keeps indexes
        # that fields no longer ask for: each costs time on every row a run
        # writes (company and state select nearly every row anyway; a list
        # sorted by release date costs a top-N sort).
        fill_schedule_from_run(self)
        for fname in ("run_id", "company_id", "product_id", "vendor_id", "bom_id"):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                    SQL.identifier(self._table),
                    SQL.identifier(f"{self._table}_{fname}_fkey"),
                )
            )
        for fname in ("run_id", "company_id", "state", "release_date"):
            self.env.cr.execute(
                SQL(
                    "DROP INDEX IF EXISTS %s",
                    SQL.identifier(make_index_name(self._table, fname)),
                )
            )

    @api.model
    def _unlink_references(self, targets):
        """Do what a foreign key's ``ondelete`` would for the unchecked
        many-to-ones of planned orders that point to ``targets``, which are
        being deleted: delete the orders (``cascade``), empty the field
        (``set null``) or refuse (``restrict``)."""
        if not targets:
            return
        cr = self.env.cr
        table = SQL.identifier(self._table)
        for fname, field in self._fields.items():
            if not (
                isinstance(field, UncheckedMany2one)
                and field.comodel_name == targets._name
            ):
                continue
            self.flush_model([fname])
            column = SQL.identifier(fname)
            ids = tuple(targets.ids)
            if field.ondelete == "cascade":
                cr.execute(SQL("DELETE FROM %s WHERE %s IN %s", table, column, ids))
            elif field.ondelete == "set null":
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = NULL WHERE %s IN %s",
                        table,
                        column,
                        column,
                        ids,
                    )
                )
            else:
                cr.execute(
                    SQL("SELECT 1 FROM %s WHERE %s IN %s LIMIT 1", table, column, ids)
                )
                if cr.rowcount:
                    raise UserError(
                        self.env._(
                            "%(records)s cannot be deleted: planned orders refer to "
                            "it. Run MRP again without it first.",
                            records=", ".join(targets.mapped("display_name")),
                        )
                    )
            if cr.rowcount:
                self.invalidate_model([fname])

    @api.model
    def _repoint_references(self, sources, target):
        """Point the unchecked many-to-ones of planned orders that refer to
        ``sources`` to ``target`` instead, as merging records does for the
        foreign keys it finds in the database (these columns have none)."""
        if not sources or not target:
            return
        for fname, field in self._fields.items():
            if not (
                isinstance(field, UncheckedMany2one)
                and field.comodel_name == sources._name
            ):
                continue
            self.flush_model([fname])
            column = SQL.identifier(fname)
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s IN %s",
                    SQL.identifier(self._table),
                    column,
                    target.id,
                    column,
                    tuple(sources.ids),
                )
            )
            if self.env.cr.rowcount:
                self.invalidate_model([fname])

    def action_release(self):
        return self._release()

    def action_toggle_firm(self):
        for order in self:
            order.firm = not order.firm
        return True


class ScrmMrpPegging(models.Model):
    """Which demand a planned order covers, and that demand's top-level demand
    (an SQL view unfolding each planned order's ``pegging``)."""

    _name = "scrm.mrp.pegging"
    _inherit = ["scrm.mrp.view.rows"]
    _auto = False
    _description = "MRP Pegging"
    _order = "id"
    _view_parent = "planned_order_id"

    planned_order_id = fields.Many2one("scrm.mrp.planned.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    demand_ref = fields.Char(string="Covers", readonly=True)
    top_ref = fields.Char(string="Top-level Demand", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)

    def init(self):
        cr = self.env.cr
        # Before pegging was stored on the order, this was a table.
        kind = self._relation_kind()
        if kind == "r":
            # Firm and released orders are never planned again: their pegging
            # would be lost with the table.
            cr.execute(
                SQL(
                    """
                    UPDATE %(orders)s o
                       SET pegging = peg.pegging
                      FROM (SELECT planned_order_id,
                                   json_agg(json_build_array(demand_ref, top_ref,
                                                             quantity::float8)
                                            ORDER BY id)::text AS pegging
                              FROM %(old)s
                             GROUP BY planned_order_id) peg
                     WHERE o.id = peg.planned_order_id AND o.pegging IS NULL
                    """,
                    orders=SQL.identifier(self.env["scrm.mrp.planned.order"]._table),
                    old=SQL.identifier(self._table),
                )
            )
            cr.execute(SQL("DROP TABLE %s CASCADE", SQL.identifier(self._table)))
        # Ids are bigint (a parent id above 21,474 times 100,000 is beyond
        # an integer): a view's column type only changes by recreating it.
        drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS
                SELECT o.id::bigint * %(factor)s + p.position AS id,
                       o.id AS planned_order_id, o.company_id,
                       p.peg ->> 0 AS demand_ref, p.peg ->> 1 AS top_ref,
                       (p.peg ->> 2)::float8 AS quantity
                  FROM %(orders)s o
                 CROSS JOIN LATERAL jsonb_array_elements(o.pegging::jsonb)
                       WITH ORDINALITY AS p(peg, position)
                 WHERE o.pegging IS NOT NULL
                """,
                view=SQL.identifier(self._table),
                factor=VIEW_ID_FACTOR,
                orders=SQL.identifier(self.env["scrm.mrp.planned.order"]._table),
            )
        )


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
    mps_id = fields.Many2one(
        "scrm.mps", string="Schedule", ondelete="cascade", index=True
    )
    # The next run writes them again: they must not keep a product from being
    # deleted (nor the module's demo products from going at uninstall).
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(EXCEPTION_KINDS, required=True)
    supply_ref = fields.Char(string="Supply")
    date = fields.Date()
    suggested_date = fields.Date()
    message = fields.Char()

    def init(self):
        fill_schedule_from_run(self)

import logging
import time
import zlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import BomCycleError, plan
from .scrm_mrp_loader import MrpLoader

_logger = logging.getLogger(__name__)


def _array_element(value):
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return str(value)  # numbers, and dates in ISO format


def _array_literal(values):
    """``values`` as ONE PostgreSQL array literal ('{1,2,NULL}'): psycopg2 would
    send a list as an ARRAY[...] expression of one constant per element, which
    PostgreSQL parses node by node (most of a run's writing time at 500,000
    rows); a single string is parsed by the array type itself."""
    return "{" + ",".join(map(_array_element, values)) + "}"


class ScrmMrpRun(models.Model):
    """One MRP run: what was computed, when, and what it found."""

    _name = "scrm.mrp.run"
    _description = "MRP Run"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    mps_id = fields.Many2one("scrm.mps", string="Schedule", readonly=True)
    mode = fields.Selection(
        [("full", "Regenerative"), ("whatif", "What-if")],
        default="full",
        required=True,
        readonly=True,
    )
    include_rfq = fields.Boolean(
        string="Count Draft RFQs", help="Count draft RFQ lines as scheduled receipts."
    )
    state = fields.Selection(
        [("done", "Done"), ("failed", "Failed")], readonly=True, default="done"
    )
    user_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )
    date_start = fields.Datetime(readonly=True)
    date_end = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
    product_count = fields.Integer(string="Products", readonly=True)
    planned_order_count = fields.Integer(string="Planned Orders", readonly=True)
    exception_count = fields.Integer(string="Exceptions", readonly=True)
    log = fields.Text(readonly=True)
    planned_order_ids = fields.One2many("scrm.mrp.planned.order", "run_id")
    exception_ids = fields.One2many("scrm.mrp.exception", "run_id")

    @api.model
    def _launch(self, company, mps=None, mode="full", include_rfq=False):
        """Run MRP for a company, one run at a time. A run that fails is recorded
        with the reason (state ``failed``) and leaves the previous plan untouched.

        :return: the run
        """
        mps = mps or self.env["scrm.mps"].search(
            [("company_id", "=", company.id)], limit=1
        )
        if not mps:
            raise UserError(
                self.env._("Create a master production schedule before running MRP.")
            )
        self.check_access("create")
        self._lock(company)
        start = time.perf_counter()
        started_at = fields.Datetime.now()
        values = {
            "company_id": company.id,
            "warehouse_id": mps.warehouse_id.id,
            "mps_id": mps.id,
            "mode": mode,
            "include_rfq": include_rfq,
            "date_start": started_at,
        }
        try:
            with self.env.cr.savepoint():
                run = self.sudo().create(
                    {**values, "name": self._next_name(company, mode)}
                )
                loader = MrpLoader(self.env, company, mps, include_rfq=include_rfq)
                data = loader.load()
                loaded = time.perf_counter()
                result = plan(data)
                planned = time.perf_counter()
                if mode == "full":
                    run._write_plan(result)
                timings = (
                    loaded - start,
                    planned - loaded,
                    time.perf_counter() - planned,
                )
                run.write(
                    {
                        "date_end": fields.Datetime.now(),
                        "duration": time.perf_counter() - start,
                        "product_count": len(result.low_level_codes),
                        "planned_order_count": len(result.planned_orders),
                        "exception_count": len(result.exceptions),
                        "log": run._summary(result, loader, timings),
                    }
                )
        except (BomCycleError, ValueError) as error:
            failed = self.sudo().create(
                {
                    **values,
                    "name": self._next_name(company, mode),
                    "state": "failed",
                    "date_end": fields.Datetime.now(),
                    "duration": time.perf_counter() - start,
                    "log": str(error),
                }
            )
            _logger.info("MRP run %s failed: %s", failed.name, error)
            return failed
        return run

    def action_open(self):
        """The run's form: its log says what was planned, or why it failed (the
        previous plan is then kept)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _lock(self, company):
        """One run at a time per company: a transaction-scoped advisory lock."""
        key = zlib.crc32(f"scrm_mrp_run:{company.id}".encode())
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", key))
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "An MRP run is already in progress for %s: wait until it ends.",
                    company.name,
                )
            )

    @api.model
    def _next_name(self, company, mode):
        count = self.sudo().search_count([("company_id", "=", company.id)]) + 1
        prefix = self.env._("What-if") if mode == "whatif" else self.env._("MRP")
        return f"{prefix} {count:05d}"

    def _summary(self, result, loader, timings):
        kinds = {}
        for exception in result.exceptions:
            kinds[exception.kind] = kinds.get(exception.kind, 0) + 1
        lines = [
            self.env._(
                "%(products)s products, %(demands)s demand lines, %(supplies)s supply "
                "lines, %(periods)s periods.",
                products=len(result.low_level_codes),
                demands=loader.demand_count,
                supplies=loader.supply_count,
                periods=loader.period_count,
            ),
            self.env._(
                "%(orders)s planned orders, %(late)s to release late.",
                orders=len(result.planned_orders),
                late=sum(order.past_due for order in result.planned_orders),
            ),
        ]
        lines.append(
            self.env._(
                "Loading %(load).2f s, planning %(plan).2f s, writing %(write).2f s.",
                load=timings[0],
                plan=timings[1],
                write=timings[2],
            )
        )
        lines += [f"{kind}: {count}" for kind, count in sorted(kinds.items())]
        return "\n".join(lines)

    def _write_plan(self, result):
        """Replace the company's plan by this run's, in bulk. Firm and released
        planned orders are kept."""
        self.ensure_one()
        company = self.company_id
        cr = self.env.cr
        self.env.flush_all()
        # The run replaces the plan of the products it planned: schedules whose
        # products share no component keep their own plans.
        product_ids = list(result.low_level_codes)
        keep_firm = SQL("AND state = 'planned' AND NOT COALESCE(firm, FALSE)")
        for table, extra in (
            ("scrm_mrp_record", SQL()),
            ("scrm_mrp_exception", SQL()),
            ("scrm_mrp_planned_order", keep_firm),
        ):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE company_id = %s AND product_id = ANY(%s) %s",
                    SQL.identifier(table),
                    company.id,
                    product_ids,
                    extra,
                )
            )
        self.env.invalidate_all()
        common = {"run_id": self.id, "company_id": company.id}
        records = result.records
        self._bulk_insert(
            "scrm.mrp.record",
            common,
            {
                "product_id": ("int", [r.item_id for r in records]),
                "period_start": ("date", [r.period_start for r in records]),
                "gross_requirement": ("float8", [r.gross for r in records]),
                "scheduled_receipts": (
                    "float8",
                    [r.scheduled_receipts for r in records],
                ),
                "projected_on_hand": ("float8", [r.projected_on_hand for r in records]),
                "net_requirement": ("float8", [r.net_requirement for r in records]),
                "planned_receipt": ("float8", [r.planned_receipt for r in records]),
                "planned_release": ("float8", [r.planned_release for r in records]),
            },
        )
        orders = result.planned_orders
        order_ids = self._bulk_insert(
            "scrm.mrp.planned.order",
            {**common, "state": "planned", "firm": False},
            {
                "name": ("varchar", [f"{self.name}/{o.key}" for o in orders]),
                "product_id": ("int", [o.item_id for o in orders]),
                "quantity": ("float8", [o.quantity for o in orders]),
                "due_date": ("date", [o.due_date for o in orders]),
                "release_date": ("date", [o.release_date for o in orders]),
                "supply_method": ("varchar", [o.supply_method for o in orders]),
                "vendor_id": ("int", [o.vendor_id for o in orders]),
                "bom_id": ("int", [o.bom_id for o in orders]),
                "past_due": ("bool", [o.past_due for o in orders]),
            },
            returning_ids=True,
        )
        pegs = [
            (order_id, peg)
            for order_id, order in zip(order_ids, orders, strict=True)
            for peg in order.pegging
        ]
        self._bulk_insert(
            "scrm.mrp.pegging",
            {},
            {
                "planned_order_id": ("int", [order_id for order_id, _peg in pegs]),
                "demand_ref": ("varchar", [peg.demand_ref for _id, peg in pegs]),
                "top_ref": ("varchar", [peg.top_ref for _id, peg in pegs]),
                "quantity": ("float8", [peg.quantity for _id, peg in pegs]),
            },
        )
        exceptions = result.exceptions
        self._bulk_insert(
            "scrm.mrp.exception",
            common,
            {
                "product_id": ("int", [e.item_id for e in exceptions]),
                "kind": ("varchar", [e.kind for e in exceptions]),
                "supply_ref": ("varchar", [e.supply_ref for e in exceptions]),
                "date": ("date", [e.date for e in exceptions]),
                "suggested_date": ("date", [e.suggested_date for e in exceptions]),
                "message": ("varchar", [e.message for e in exceptions]),
            },
        )

    def _bulk_insert(self, model_name, constants, columns, returning_ids=False):
        """Insert the rows of a table in one statement: each column's values are
        sent as one array and unnested by PostgreSQL (hundreds of thousands of
        rows per run; the ORM would create them one by one).

        :param model_name: the model whose table receives the rows (its log
            access columns are filled when it has them)
        :param constants: {column: value} shared by every row
        :param columns: {column: (sql type, [value per row])}
        :return: the new ids, in row order, when ``returning_ids``
        """
        if not next(iter(columns.values()))[1]:
            return []
        model = self.env[model_name]
        constants = dict(constants)
        if model._log_access:
            now, uid = fields.Datetime.now(), self.env.uid
            constants.update(
                create_uid=uid, create_date=now, write_uid=uid, write_date=now
            )
        names = [*constants, *columns]
        query = SQL(
            "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) AS t %s",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                [*(SQL("%s", value) for value in constants.values()), SQL("t.*")]
            ),
            SQL(", ").join(
                SQL("%s::%s[]", _array_literal(values), SQL(sqltype))
                for sqltype, values in columns.values()
            ),
            SQL("RETURNING id") if returning_ids else SQL(),
        )
        self.env.cr.execute(query)
        return [row[0] for row in self.env.cr.fetchall()] if returning_ids else []

    @api.model
    def _cron_nightly_run(self):
        # Every schedule of every company, one run each (a handful of records).
        for mps in self.env["scrm.mps"].search([]):  # pylint: disable=no-search-all
            try:
                self._launch(mps.company_id, mps=mps)
            except UserError as error:
                _logger.info(
                    "Nightly MRP run of %s skipped: %s", mps.company_id.name, error
                )

import json
import logging
import queue
import threading
import time
import zlib

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import BomCycleError, ItemTable, plan
from .scrm_mrp_loader import MrpLoader
from .scrm_mrp_result import PLAN_FIGURES, VIEW_ID_FACTOR

_logger = logging.getLogger(__name__)


# PostgreSQL's COPY text format: NULL, and what text must escape.
COPY_NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_column(sqltype, values):
    """The text of each value of a bulk column, as COPY reads it.

    :param sqltype: ``int``, ``float8`` and ``date`` are written as ``str()``
        gives them, ``bool`` as t/f, ``json`` as JSON text, ``<number type>[]`` (a
        list per row) as array literals, anything else as text
    """
    if sqltype in ("int", "float8", "date"):
        if None in values:
            return [COPY_NULL if v is None else str(v) for v in values]
        return list(map(str, values))
    if sqltype == "bool":
        return [COPY_NULL if v is None else "t" if v else "f" for v in values]
    if sqltype == "json":
        # json.dumps escapes control characters: only backslashes are left.
        # NaN and infinities are not JSON: PostgreSQL would refuse them when
        # the view is read, for every order of the company; refuse the run.
        dumps = json.JSONEncoder(
            check_circular=False, allow_nan=False, separators=(",", ":")
        ).encode
        return [dumps(v).replace("\\", "\\\\") for v in values]
    if sqltype.endswith("[]"):
        # Number and date arrays only: their elements need no quoting.
        literals = {}  # tables share their lists of zeros
        return [
            literals.get(id(v)) or literals.setdefault(id(v), _array_literal(v))
            for v in values
        ]
    return [COPY_NULL if v is None else v.translate(COPY_ESCAPES) for v in values]


def _array_literal(values):
    if None in values:
        return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"
    return "{" + ",".join(map(str, values)) + "}"


def _copy_constant(value):
    if value is None:
        return COPY_NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, tuple)):
        return _array_literal(value)
    return str(value).translate(COPY_ESCAPES)


class _CopyStream:
    """The rows of a COPY as a file that psycopg2 reads chunk by chunk.

    A helper thread formats the chunks ahead: psycopg2 sends a chunk without
    holding the GIL, so Python formats the next one while PostgreSQL (another
    process, on the other core) stores the last one. Formatting reads plain
    values only (no ORM, no cursor).
    """

    CHUNK_ROWS = 2_000

    def __init__(self, prefix, columns, count):
        self.error = None  # what formatting raised, if it failed
        self._chunks = queue.Queue(maxsize=2)
        self._closed = threading.Event()
        self._thread = threading.Thread(
            target=self._produce,
            args=(prefix, list(columns.values()), count),
            name="scrm-mrp-copy",
            daemon=True,
        )
        self._thread.start()

    def _produce(self, prefix, columns, count):
        try:
            for start in range(0, count, self.CHUNK_ROWS):
                end = start + self.CHUNK_ROWS
                texts = [
                    _copy_column(sqltype, values[start:end])
                    for sqltype, values in columns
                ]
                rows = map("\t".join, zip(*texts, strict=True))
                if not self._put("".join(f"{prefix}{row}\n" for row in rows)):
                    return
            self._put("")
        except Exception as error:  # raised again by the reader
            self._put(error)

    def _put(self, item):
        """Queue ``item`` unless the reader is gone (COPY failed): False then."""
        while not self._closed.is_set():
            try:
                self._chunks.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def _next_chunk(self, size=-1):
        # psycopg2 sends whatever it gets: a whole chunk at a time is fine.
        chunk = self._chunks.get()
        if isinstance(chunk, Exception):
            self.error = chunk
            raise chunk
        return chunk

    read = readline = _next_chunk  # the file interface psycopg2 calls

    def close(self):
        self._closed.set()
        self._thread.join()


# Where each phase of a run starts, in percent (planning moves by low-level
# code from the one to the next; writing ends at 100).
PROGRESS_PLANNING = 20
PROGRESS_WRITING = 60


def _no_progress(phase, percent):
    return None


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
    def _launch(
        self, company, mps=None, mode="full", include_rfq=False, run=None, progress=None
    ):
        """Run MRP for a company, one run at a time. A run that fails is recorded
        with the reason (state ``failed``) and leaves the previous plan untouched.

        :param run: a queued run to carry out (a background run), else a new
            run is created
        :param progress: called as ``progress(phase, percent)`` as the run
            goes (loading, planning, writing); None: not called
        :return: the run
        """
        progress = progress or _no_progress
        queued = run
        mps = mps or self.env["scrm.mps"].search(
            [("company_id", "=", company.id)], limit=1
        )
        if not mps:
            raise UserError(
                self.env._("Create a master production schedule before running MRP.")
            )
        self.check_access("create")
        self._lock(company)
        self._check_fresh_snapshot(company)
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
                if queued:
                    run = queued.sudo()
                    run.write(values)
                else:
                    run = self.sudo().create(
                        {**values, "name": self._next_name(company, mode)}
                    )
                progress("loading", 0)
                loader = MrpLoader(self.env, company, mps, include_rfq=include_rfq)
                data = loader.load()
                loaded = time.perf_counter()
                progress("planning", PROGRESS_PLANNING)
                result = plan(
                    data,
                    lambda done, total: progress(
                        "planning",
                        PROGRESS_PLANNING
                        + (PROGRESS_WRITING - PROGRESS_PLANNING) * done // total,
                    ),
                )
                planned = time.perf_counter()
                progress("writing", PROGRESS_WRITING)
                if mode == "full":
                    run._write_plan(result)
                else:
                    run._scrm_write_whatif(result)
                timings = (
                    loaded - start,
                    planned - loaded,
                    time.perf_counter() - planned,
                )
                run.write(
                    {
                        "state": "done",
                        "date_end": fields.Datetime.now(),
                        "duration": time.perf_counter() - start,
                        "product_count": len(result.low_level_codes),
                        "planned_order_count": len(result.planned_orders),
                        "exception_count": len(result.exceptions),
                        "log": run._summary(result, loader, timings),
                    }
                )
        except (BomCycleError, ValueError) as error:
            failure = {
                **values,
                "state": "failed",
                "date_end": fields.Datetime.now(),
                "duration": time.perf_counter() - start,
                "log": str(error),
            }
            if queued:
                failed = queued.sudo()
                failed.write(failure)
            else:
                failed = self.sudo().create(
                    {**failure, "name": self._next_name(company, mode)}
                )
            _logger.info("MRP run %s failed: %s", failed.name, error)
            return failed
        return run

    def unlink(self):
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()

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
    def _check_fresh_snapshot(self, company):
        """The advisory lock keeps two runs from overlapping, not a run from
        starting on what the database looked like before the previous run
        committed (its transaction began earlier): it would plan on stale
        figures and insert its plan beside the other's. Updating the company's
        schedules makes PostgreSQL refuse such a run with a serialization error
        before anything is written; Odoo replays the request (a cron its job),
        which then starts from the last plan."""
        self.env.cr.execute(
            SQL(
                "UPDATE scrm_mps SET write_date = write_date WHERE company_id = %s",
                company.id,
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
        labels = dict(
            self.env["scrm.mrp.exception"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        lines += [
            self.env._(
                "%(kind)s: %(count)s exceptions",
                kind=labels.get(kind, kind),
                count=count,
            )
            for kind, count in sorted(kinds.items())
        ]
        return "\n".join(lines)

    def _write_plan(self, result):
        """Replace the schedule's plan by this run's, in bulk. Firm and released
        planned orders are kept."""
        self.ensure_one()
        self._check_view_positions(result)
        company = self.company_id
        cr = self.env.cr
        self.env.flush_all()
        # The run replaces its schedule's plan of the products it planned:
        # another schedule (another warehouse) that plans the same products
        # keeps its own. Rows without a schedule (written by hand, or before
        # plans were kept per schedule) belong to the company's next run.
        product_ids = list(result.low_level_codes)
        keep_firm = SQL("AND state = 'planned' AND NOT COALESCE(firm, FALSE)")
        for table, extra in (
            ("scrm_mrp_plan", SQL()),
            ("scrm_mrp_exception", SQL()),
            ("scrm_mrp_planned_order", keep_firm),
        ):
            cr.execute(
                SQL(
                    """DELETE FROM %s
                        WHERE (mps_id = %s OR (mps_id IS NULL AND company_id = %s))
                          AND product_id = ANY(%s) %s""",
                    SQL.identifier(table),
                    self.mps_id.id,
                    company.id,
                    product_ids,
                    extra,
                )
            )
        self.env.invalidate_all()
        common = {
            "run_id": self.id,
            "company_id": company.id,
            "mps_id": self.mps_id.id or None,
        }
        self._write_tables(result.periods, result.tables)
        orders = result.planned_orders
        name = self.name
        self._bulk_insert(
            "scrm.mrp.planned.order",
            {**common, "state": "planned", "firm": False},
            {
                "name": ("varchar", [f"{name}/{o.key}" for o in orders]),
                "product_id": ("int", [o.item_id for o in orders]),
                "quantity": ("float8", [o.quantity for o in orders]),
                "due_date": ("date", [o.due_date for o in orders]),
                "release_date": ("date", [o.release_date for o in orders]),
                "supply_method": ("varchar", [o.supply_method for o in orders]),
                "vendor_id": ("int", [o.vendor_id for o in orders]),
                "bom_id": ("int", [o.bom_id for o in orders]),
                "past_due": ("bool", [o.past_due for o in orders]),
                # [[demand ref, top ref, quantity], ...]: pegs are tuples
                "pegging": ("json", [o.pegging for o in orders]),
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

    def _check_view_positions(self, result):
        """Refuse a plan whose pegging the view could not number: a view row's
        id is its parent's id times VIEW_ID_FACTOR plus its position, so an
        order pegs fewer demands than that, or its rows would take the next
        order's ids. (A product's periods are fewer: a schedule has at most
        366.)"""
        sizes = list(map(len, (order.pegging for order in result.planned_orders)))
        if max(sizes, default=0) < VIEW_ID_FACTOR:
            return
        order = result.planned_orders[sizes.index(max(sizes))]
        product = self.env["product.product"].browse(order.item_id)
        raise ValueError(
            self.env._(
                "A planned order of %(product)s covers %(count)s demands, more than "
                "the %(max)s a planned order can record: plan it with smaller lots "
                "or fewer, larger demands.",
                product=product.display_name,
                count=max(sizes),
                max=VIEW_ID_FACTOR - 1,
            )
        )

    def _write_tables(self, periods, tables):
        """Store time-phased tables (engine item tables over ``periods``)
        as this run's product plans, one row per product."""
        self.ensure_one()
        self._bulk_insert(
            "scrm.mrp.plan",
            {
                "run_id": self.id,
                "company_id": self.company_id.id,
                "mps_id": self.mps_id.id or None,
                "period_starts": list(periods),
            },
            {
                "product_id": ("int", [table.item_id for table in tables]),
                **{
                    fname: ("float8[]", [getattr(table, attr) for table in tables])
                    for fname, attr in zip(
                        PLAN_FIGURES, ItemTable.__slots__[1:], strict=True
                    )
                },
            },
        )

    def _bulk_insert(self, model_name, constants, columns):
        """Insert the rows of a table with one COPY (hundreds of thousands of
        rows per run: the ORM would create them one by one, and an INSERT of
        that many values makes PostgreSQL parse tens of megabytes of SQL).

        :param model_name: the model whose table receives the rows (its log
            access columns are filled when it has them)
        :param constants: {column: value} shared by every row
        :param columns: {column: (sql type, [value per row])} (see
            :func:`_copy_column` for the types)
        """
        count = len(next(iter(columns.values()))[1])
        if not count:
            return
        model = self.env[model_name]
        constants = dict(constants)
        if model._log_access:
            now, uid = fields.Datetime.now(), self.env.uid
            constants.update(
                create_uid=uid, create_date=now, write_uid=uid, write_date=now
            )
        prefix = "".join(f"{_copy_constant(value)}\t" for value in constants.values())
        copy = SQL(
            "COPY %s (%s) FROM STDIN",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in [*constants, *columns]),
        )
        stream = _CopyStream(prefix, columns, count)
        try:
            self.env.cr.copy_expert(copy.code, stream)
        except psycopg2.Error:
            # psycopg2 turns an error of the formatting into a cancelled COPY:
            # the run reports the error itself (e.g. a quantity JSON refuses).
            if stream.error:
                raise stream.error from None
            raise
        finally:
            stream.close()

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

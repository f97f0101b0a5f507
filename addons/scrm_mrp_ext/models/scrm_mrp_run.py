import logging
import time
import zlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import BomCycleError, plan
from .scrm_mrp_loader import MrpLoader

_logger = logging.getLogger(__name__)


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
                result = plan(data)
                if mode == "full":
                    run._write_plan(result, loader)
                run.write(
                    {
                        "date_end": fields.Datetime.now(),
                        "duration": time.perf_counter() - start,
                        "product_count": len(result.low_level_codes),
                        "planned_order_count": len(result.planned_orders),
                        "exception_count": len(result.exceptions),
                        "log": run._summary(result, loader),
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

    def _summary(self, result, loader):
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
        lines += [f"{kind}: {count}" for kind, count in sorted(kinds.items())]
        return "\n".join(lines)

    def _write_plan(self, result, loader):
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
        now, uid = fields.Datetime.now(), self.env.uid
        records = result.records
        cr.execute(
            SQL(
                """
                INSERT INTO scrm_mrp_record (
                    run_id, company_id, product_id, period_start, gross_requirement,
                    scheduled_receipts, projected_on_hand, net_requirement,
                    planned_receipt, planned_release,
                    create_uid, create_date, write_uid, write_date)
                SELECT %s, %s, product_id, period_start, gross, receipts, projected,
                       net, planned, release, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::date[], %s::float8[], %s::float8[],
                              %s::float8[], %s::float8[], %s::float8[], %s::float8[])
                       AS t(product_id, period_start, gross, receipts, projected, net,
                            planned, release)
                """,
                self.id,
                company.id,
                uid,
                now,
                uid,
                now,
                [r.item_id for r in records],
                [r.period_start for r in records],
                [r.gross for r in records],
                [r.scheduled_receipts for r in records],
                [r.projected_on_hand for r in records],
                [r.net_requirement for r in records],
                [r.planned_receipt for r in records],
                [r.planned_release for r in records],
            )
        )
        self._write_planned_orders(result, loader)
        exceptions = result.exceptions
        cr.execute(
            SQL(
                """
                INSERT INTO scrm_mrp_exception (
                    run_id, company_id, product_id, kind, supply_ref, date,
                    suggested_date, message,
                    create_uid, create_date, write_uid, write_date)
                SELECT %s, %s, product_id, kind, supply_ref, date, suggested, message,
                       %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::date[],
                              %s::date[], %s::varchar[])
                       AS t(product_id, kind, supply_ref, date, suggested, message)
                """,
                self.id,
                company.id,
                uid,
                now,
                uid,
                now,
                [e.item_id for e in exceptions],
                [e.kind for e in exceptions],
                [e.supply_ref for e in exceptions],
                [e.date for e in exceptions],
                [e.suggested_date for e in exceptions],
                [e.message for e in exceptions],
            )
        )

    def _write_planned_orders(self, result, loader):
        cr = self.env.cr
        orders = list(result.planned_orders)
        if not orders:
            return
        now, uid = fields.Datetime.now(), self.env.uid
        cr.execute(
            SQL(
                """
                INSERT INTO scrm_mrp_planned_order (
                    name, run_id, company_id, product_id, quantity, due_date,
                    release_date, supply_method, vendor_id, bom_id, past_due, state,
                    firm, create_uid, create_date, write_uid, write_date)
                SELECT name, %s, %s, product_id, quantity, due, release, method,
                       vendor, bom, past_due, 'planned', FALSE, %s, %s, %s, %s
                  FROM unnest(%s::varchar[], %s::int[], %s::float8[], %s::date[],
                              %s::date[], %s::varchar[], %s::int[], %s::int[],
                              %s::bool[])
                       AS t(name, product_id, quantity, due, release, method, vendor,
                            bom, past_due)
                RETURNING id
                """,
                self.id,
                self.company_id.id,
                uid,
                now,
                uid,
                now,
                [f"{self.name}/{o.key}" for o in orders],
                [o.item_id for o in orders],
                [o.quantity for o in orders],
                [o.due_date for o in orders],
                [o.release_date for o in orders],
                [o.supply_method for o in orders],
                [o.vendor_id for o in orders],
                [o.bom_id for o in orders],
                [o.past_due for o in orders],
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        pegs = [
            (order_id, peg)
            for order_id, order in zip(ids, orders, strict=True)
            for peg in order.pegging
        ]
        if pegs:
            cr.execute(
                SQL(
                    """
                    INSERT INTO scrm_mrp_pegging (
                        planned_order_id, demand_ref, top_ref, quantity,
                        create_uid, create_date, write_uid, write_date)
                    SELECT order_id, demand_ref, top_ref, quantity, %s, %s, %s, %s
                      FROM unnest(%s::int[], %s::varchar[], %s::varchar[],
                                  %s::float8[])
                           AS t(order_id, demand_ref, top_ref, quantity)
                    """,
                    uid,
                    now,
                    uid,
                    now,
                    [order_id for order_id, _peg in pegs],
                    [peg.demand_ref for _id, peg in pegs],
                    [peg.top_ref for _id, peg in pegs],
                    [peg.quantity for _id, peg in pegs],
                )
            )

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

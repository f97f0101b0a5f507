"""Net-change MRP runs: replan the products marked dirty and everything below
them, keep the rest of the plan (see ``engine/netchange.py`` for why that is
exact, and ``scrm_mrp_dirty`` for what marks a product)."""

import json
import logging
import time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import (
    BomCycleError,
    PlanInput,
    PlannedOrder,
    PlanResult,
    net_change_scope,
    plan_net_change,
)
from .scrm_mrp_dirty import mark_dirty
from .scrm_mrp_loader import MrpLoader, local_day

_logger = logging.getLogger(__name__)


class NetChangeLoader(MrpLoader):
    """Reads every product and BoM of the schedule (the structure decides what
    lies below a changed product), but the demand, supply and on hand of the
    products to replan (and the supply of their kept parents) only."""

    def load_changed(self, dirty):
        """``(PlanInput, replan, feeders)`` for the ``dirty`` product ids."""
        periods = self.mps._period_starts()
        horizon_end = self.mps._horizon_end()
        self.period_count = len(periods)
        products, items = self.load_items()
        replan, feeders = net_change_scope(items, dirty & items.keys())
        own = products.browse(sorted(replan))
        demands = self._demands(own, periods[0], horizon_end)
        supplies = self._supplies(
            products.browse(sorted(replan | feeders)), horizon_end
        )
        self.demand_count, self.supply_count = len(demands), len(supplies)
        data = PlanInput(
            today=self.today,
            periods=periods,
            horizon_end=horizon_end,
            items=items,
            on_hand=self._on_hand(own),
            demands=demands,
            supplies=supplies,
        )
        return data, replan, feeders


class ScrmMrpRun(models.Model):
    _inherit = "scrm.mrp.run"  # pylint: disable=consider-merging-classes-inherited

    mode = fields.Selection(
        selection_add=[("net", "Net Change")], ondelete={"net": "cascade"}
    )
    dirty_count = fields.Integer(
        string="Changed Products",
        readonly=True,
        help="Products marked changed that this net-change run replanned, with "
        "everything below them in the bills of materials.",
    )

    @api.model
    def _cron_net_change(self):
        """Replan the changed products of every company, one run at a time per
        company (a company whose run is busy waits for the next call)."""
        self.env.cr.execute(SQL("SELECT DISTINCT company_id FROM scrm_mrp_dirty"))
        company_ids = [row[0] for row in self.env.cr.fetchall()]
        for company in self.env["res.company"].browse(company_ids):
            try:
                with self.env.cr.savepoint():
                    self._launch_net_change(company)
            except UserError as error:
                _logger.info("Net-change MRP of %s skipped: %s", company.name, error)

    @api.model
    def _launch_net_change(self, company):
        """Replan the company's changed products in each of its schedules. A
        schedule whose plan is from another day (or has none) gets a full run
        instead: dates past due and the periods move with the day.

        :return: the runs made (empty when nothing changed)
        """
        self.check_access("create")
        self._lock(company)
        cr = self.env.cr
        # Taken at once: a change committed later marks its product again.
        cr.execute(
            SQL(
                "DELETE FROM scrm_mrp_dirty WHERE company_id = %s RETURNING product_id",
                company.id,
            )
        )
        dirty = {row[0] for row in cr.fetchall()}
        runs = self.browse()
        if not dirty:
            return runs
        schedules = self.env["scrm.mps"].search([("company_id", "=", company.id)])
        for mps in schedules:
            runs |= self._net_change_schedule(company, mps, dirty)
        return runs

    def _last_full_run(self, mps):
        return self.search(
            [("mps_id", "=", mps.id), ("mode", "=", "full"), ("state", "=", "done")],
            limit=1,
        )

    def _stored_periods(self, mps, product_ids):
        self.env.cr.execute(
            SQL(
                """SELECT period_starts FROM scrm_mrp_plan
                    WHERE mps_id = %s AND product_id = ANY(%s) LIMIT 1""",
                mps.id,
                product_ids,
            )
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def _net_change_schedule(self, company, mps, dirty):
        last = self._last_full_run(mps)
        loader = NetChangeLoader(self.env, company, mps, include_rfq=last.include_rfq)
        if not last or local_day(last.date_start, mps._zone()) != loader.today:
            return self._full_instead(company, mps, last, dirty)
        start = time.perf_counter()
        values = {
            "company_id": company.id,
            "warehouse_id": mps.warehouse_id.id,
            "mps_id": mps.id,
            "mode": "net",
            "include_rfq": last.include_rfq,
            "date_start": fields.Datetime.now(),
        }
        try:
            with self.env.cr.savepoint():
                data, replan, feeders = loader.load_changed(dirty)
                own = dirty & data.items.keys()
                if not own:
                    return self.browse()
                stored = self._stored_periods(mps, list(data.items))
                if stored is not None and list(stored) != list(data.periods):
                    return self._full_instead(company, mps, last, dirty)
                run = self.sudo().create(
                    {**values, "name": self._next_name(company, "net")}
                )
                loaded = time.perf_counter()
                change = plan_net_change(data, own, self._kept_orders(mps, feeders))
                planned = time.perf_counter()
                result = change.plan
                codes = result.low_level_codes
                run._write_plan(
                    PlanResult(
                        periods=result.periods,
                        tables=result.tables,
                        planned_orders=result.planned_orders,
                        exceptions=result.exceptions,
                        low_level_codes={key: codes[key] for key in replan},
                    )
                )
                timings = (
                    loaded - start,
                    planned - loaded,
                    time.perf_counter() - planned,
                )
                run.write(
                    {
                        "date_end": fields.Datetime.now(),
                        "duration": time.perf_counter() - start,
                        "dirty_count": len(own),
                        "product_count": len(replan),
                        "planned_order_count": len(result.planned_orders),
                        "exception_count": len(result.exceptions),
                        "log": "\n".join(
                            [
                                self.env._(
                                    "Net change: %(dirty)s changed products, "
                                    "%(replanned)s replanned with what lies below "
                                    "them, out of %(products)s.",
                                    dirty=len(own),
                                    replanned=len(replan),
                                    products=len(data.items),
                                ),
                                run._summary(result, loader, timings),
                            ]
                        ),
                    }
                )
        except (BomCycleError, ValueError) as error:
            failed = self.sudo().create(
                {
                    **values,
                    "name": self._next_name(company, "net"),
                    "state": "failed",
                    "date_end": fields.Datetime.now(),
                    "duration": time.perf_counter() - start,
                    "log": str(error),
                }
            )
            # the changes wait for the next run
            mark_dirty(self.env, [(company.id, product_id) for product_id in dirty])
            _logger.info("Net-change MRP run %s failed: %s", failed.name, error)
            return failed
        return run

    def _full_instead(self, company, mps, last, dirty):
        """A full run where net change cannot be exact (no plan of today)."""
        run = self._launch(company, mps=mps, include_rfq=last.include_rfq)
        if run.state == "failed":
            mark_dirty(self.env, [(company.id, product_id) for product_id in dirty])
        return run

    def _write_plan(self, result):
        """The products a run replans no longer wait (changes committed since
        the run's snapshot are not seen by this statement and stay marked)."""
        written = super()._write_plan(result)
        self.env.cr.execute(
            SQL(
                """DELETE FROM scrm_mrp_dirty
                    WHERE company_id = %s AND product_id = ANY(%s)""",
                self.company_id.id,
                list(result.low_level_codes),
            )
        )
        return written

    def _kept_orders(self, mps, product_ids):
        """The planned orders the schedule's plan keeps for ``product_ids``, as
        the engine gave them (their key is the end of their name)."""
        if not product_ids:
            return []
        self.env["scrm.mrp.planned.order"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT name, product_id, quantity, due_date, release_date,
                          supply_method, pegging
                     FROM scrm_mrp_planned_order
                    WHERE mps_id = %s AND product_id = ANY(%s)
                      AND state = 'planned' AND NOT COALESCE(firm, FALSE)""",
                mps.id,
                sorted(product_ids),
            )
        )
        return [
            PlannedOrder(
                name.rsplit("/", 1)[-1],
                product_id,
                quantity,
                due_date,
                release_date,
                method,
                None,
                None,
                False,
                json.loads(pegging) if pegging else [],
            )
            for name, product_id, quantity, due_date, release_date, method, pegging in (
                self.env.cr.fetchall()
            )
        ]

    @api.model
    def _next_name(self, company, mode):
        if mode == "net":
            count = self.sudo().search_count([("company_id", "=", company.id)]) + 1
            return f"{self.env._('Net Change')} {count:05d}"
        return super()._next_name(company, mode)


class ScrmMps(models.Model):
    """How fresh the plan of a schedule is."""

    _inherit = "scrm.mps"  # pylint: disable=consider-merging-classes-inherited

    last_full_run_date = fields.Datetime(
        string="Last Full Run", compute="_compute_plan_freshness"
    )
    last_net_change_date = fields.Datetime(
        string="Last Net Change", compute="_compute_plan_freshness"
    )
    waiting_product_count = fields.Integer(
        string="Products Waiting",
        compute="_compute_plan_freshness",
        help="Products changed since the last run, waiting for the next net "
        "change (it runs every few minutes and soon after a change).",
    )

    def _compute_plan_freshness(self):
        Run = self.env["scrm.mrp.run"].sudo()
        waiting = dict(
            self.env["scrm.mrp.dirty"]
            .sudo()
            ._read_group(
                [("company_id", "in", self.company_id.ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for mps in self:
            last = {}
            for mode in ("full", "net"):
                last[mode] = Run.search(
                    [
                        ("mps_id", "=", mps.id),
                        ("mode", "=", mode),
                        ("state", "=", "done"),
                    ],
                    limit=1,
                ).date_end
            mps.last_full_run_date = last["full"]
            mps.last_net_change_date = last["net"]
            mps.waiting_product_count = waiting.get(mps.company_id, 0)

    def action_run_net_change(self):
        """Replan the changed products now (the job does it every few minutes)."""
        self.ensure_one()
        runs = self.env["scrm.mrp.run"]._launch_net_change(self.company_id)
        if not runs:
            raise UserError(self.env._("No product changed since the last run."))
        return runs[:1].action_open()


class ScrmMrpDocument(models.AbstractModel):
    _inherit = "scrm.mrp.document"

    @api.model
    def _scrm_resolve(self, refs, runs=None):
        """A net change keeps the planned orders of products it did not
        replan: a replanned component's pegging names a parent order of an
        earlier run. Keys not found in ``runs`` are looked up among the
        company's current planned orders of that product."""
        found = super()._scrm_resolve(refs, runs=runs)
        missing = {}
        for ref, record in found.items():
            if record or not ref or not ref.startswith("PO-"):
                continue
            _prefix, _sep, rest = ref.partition("-")
            product, _sep, number = rest.partition("-")
            if product.isdigit() and number.isdigit():
                missing[ref] = int(product)
        if missing and runs:
            orders = self.env["scrm.mrp.planned.order"].search(
                [
                    ("product_id", "in", list(set(missing.values()))),
                    ("company_id", "in", runs.company_id.ids),
                    ("mps_id", "in", [*runs.mps_id.ids, False]),
                    ("state", "=", "planned"),
                ],
                order="id desc",
            )
            for order in orders:
                key = order.name.rsplit("/", 1)[-1]
                if key in missing and not found.get(key):
                    found[key] = order
        return found

"""MRP runs in the background: *Run MRP* and *What-if Run* queue the run and
trigger a scheduled action, which carries it out as the planner who asked,
records its progress on a cursor of its own (so that the schedule's grid sees
it while the run's transaction is still open) and tells the planner on the bus
when it is done."""

import logging
import time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .scrm_mps_grid import _positive_id

_logger = logging.getLogger(__name__)

PROGRESS_PHASES = [
    ("loading", "Loading"),
    ("planning", "Planning"),
    ("writing", "Writing"),
]
# A progress row is written at most this often (seconds), unless the phase
# changes: a run of 10,000 products passes a dozen low-level codes.
PROGRESS_INTERVAL = 0.5
QUEUED_INDEX = "scrm_mrp_run_one_queued_per_schedule_mode"
# Before what-if runs were queued too: one queued run per schedule, any mode.
OLD_QUEUED_INDEX = "scrm_mrp_run_one_queued_per_schedule"
QUEUED_MODES = ("full", "whatif")


class RunProgress:
    """Writes a run's phase and percent to ``scrm_mrp_run_progress`` on a
    cursor of its own, committed at each step: the run's own transaction is
    not committed before the run ends, and the grid reads the progress from
    another one. Costs no query on the run's cursor."""

    def __init__(self, registry, run_id):
        self.registry = registry
        self.run_id = run_id
        self.last = (None, None, 0.0)

    def __call__(self, phase, percent):
        last_phase, last_percent, last_time = self.last
        now = time.monotonic()
        if phase == last_phase and (
            percent == last_percent or now - last_time < PROGRESS_INTERVAL
        ):
            return
        self.last = (phase, percent, now)
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """INSERT INTO scrm_mrp_run_progress (run_id, phase, percent,
                                                          updated)
                       VALUES (%s, %s, %s, now() AT TIME ZONE 'UTC')
                       ON CONFLICT (run_id) DO UPDATE
                          SET phase = EXCLUDED.phase,
                              percent = EXCLUDED.percent,
                              updated = EXCLUDED.updated""",
                    self.run_id,
                    phase,
                    min(max(int(percent), 0), 100),
                )
            )

    def close(self):
        """The run is over (committed or not): its progress row goes."""
        with self.registry.cursor() as cr:
            cr.execute(
                SQL("DELETE FROM scrm_mrp_run_progress WHERE run_id = %s", self.run_id)
            )


class ScrmMrpRunProgress(models.Model):
    """Where a background run is: one row per run being carried out, written
    by the run on its own cursor and removed when it ends."""

    _name = "scrm.mrp.run.progress"
    _description = "MRP Run Progress"
    _log_access = False
    _rec_name = "run_id"

    # No foreign key: the row is written, on another cursor, while the run's
    # own transaction is still open (and the run row locked by it).
    run_id = fields.Integer(required=True, readonly=True)
    phase = fields.Selection(PROGRESS_PHASES, required=True, readonly=True)
    percent = fields.Integer(readonly=True)
    updated = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("run_unique", "UNIQUE (run_id)", "A run has one progress row."),
    ]


class ScrmMrpRun(models.Model):
    _inherit = "scrm.mrp.run"  # pylint: disable=consider-merging-classes-inherited

    state = fields.Selection(
        selection_add=[("queued", "Queued"), ("done",)],
        ondelete={"queued": "set default"},
    )
    progress_label = fields.Char(
        string="Progress",
        compute="_compute_progress_label",
        help="What a queued run is doing: waiting for the scheduled action, "
        "or loading, planning or writing, with the percentage done.",
    )

    def init(self):
        result = super().init()
        # One queued (or running) full run and one what-if per schedule,
        # whatever the timing of the requests: the check in _queue gives the
        # message, this index makes it hold.
        self.env.cr.execute(
            SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OLD_QUEUED_INDEX))
        )
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s ON scrm_mrp_run (mps_id, mode)
                    WHERE state = 'queued'""",
                SQL.identifier(QUEUED_INDEX),
            )
        )
        return result

    @api.depends("state")
    def _compute_progress_label(self):
        queued = self.filtered(lambda run: run.state == "queued")
        (self - queued).progress_label = False
        progress = queued._scrm_progress()
        for run in queued:
            run.progress_label = progress[run.id]["label"]

    def _scrm_progress(self):
        """{run id: {phase, percent, label}} of queued runs (phase ``queued``
        while the scheduled action has not started them)."""
        rows = {}
        if self.ids:
            self.env.cr.execute(
                SQL(
                    """SELECT run_id, phase, percent FROM scrm_mrp_run_progress
                        WHERE run_id = ANY(%s)""",
                    self.ids,
                )
            )
            rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        labels = dict(
            self.env["scrm.mrp.run.progress"]
            ._fields["phase"]
            ._description_selection(self.env)
        )
        result = {}
        for run in self:
            phase, percent = rows.get(run.id, ("queued", 0))
            if phase == "queued":
                label = self.env._("Waiting to start")
            else:
                label = self.env._(
                    "%(phase)s %(percent)s %%", phase=labels[phase], percent=percent
                )
            result[run.id] = {"phase": phase, "percent": percent, "label": label}
        return result

    @api.model
    def _queue(self, mps, include_rfq=False, mode="full"):
        """Queue a run of ``mps`` for the scheduled action, as the user. A
        schedule has at most one full run and one what-if queued or running:
        a second one is refused with a message naming it.

        :param mode: ``full`` (the plan) or ``whatif`` (compared with it)
        :return: the queued run
        """
        if mode not in QUEUED_MODES:
            raise ValidationError(self.env._("Choose a full or a what-if run."))
        mps.check_access("read")
        self.check_access("create")
        self._scrm_refuse_second(mps, mode)
        company = mps.company_id
        now = fields.Datetime.now()
        # Inserted here rather than by create(): the unique index on queued
        # runs decides, without waiting on the schedule (a run of another
        # schedule of the company holds it). A run another request queued
        # and committed after this transaction began is not visible to it:
        # PostgreSQL then refuses with a serialization error and Odoo replays
        # the request, which is refused above, naming that run.
        self.env.cr.execute(
            SQL(
                """INSERT INTO scrm_mrp_run (name, company_id, warehouse_id, mps_id,
                                             mode, include_rfq, state, user_id,
                                             date_start, create_uid, create_date,
                                             write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, 'queued', %s, %s,
                           %s, %s, %s, %s)
                   ON CONFLICT (mps_id, mode) WHERE state = 'queued' DO NOTHING
                   RETURNING id""",
                self._next_name(company, mode),
                company.id,
                mps.warehouse_id.id or None,
                mps.id,
                mode,
                bool(include_rfq),
                self.env.uid,
                now,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            self._scrm_refuse_second(mps, mode)  # it is visible: names it
            if mode == "whatif":
                raise UserError(
                    self.env._("A what-if run is already running for this schedule.")
                )
            raise UserError(self.env._("MRP is already running for this schedule."))
        run = self.browse(row[0])
        self.env.ref("scrm_mrp_ext.ir_cron_scrm_mrp_queued_runs").sudo()._trigger()
        return run

    def _scrm_refuse_second(self, mps, mode="full"):
        running = self.sudo().search(
            [("mps_id", "=", mps.id), ("state", "=", "queued"), ("mode", "=", mode)],
            limit=1,
        )
        if running and mode == "whatif":
            raise UserError(
                self.env._(
                    "A what-if run is already running for %(schedule)s (%(run)s, "
                    "%(progress)s, started by %(user)s): wait for it to end, it "
                    "will tell you.",
                    schedule=mps.display_name,
                    run=running.name,
                    progress=running._scrm_progress()[running.id]["label"],
                    user=running.user_id.name,
                )
            )
        if running:
            raise UserError(
                self.env._(
                    "MRP is already running for %(schedule)s (%(run)s, %(progress)s, "
                    "started by %(user)s): wait for it to end, it will tell you.",
                    schedule=mps.display_name,
                    run=running.name,
                    progress=running._scrm_progress()[running.id]["label"],
                    user=running.user_id.name,
                )
            )

    @api.model
    def _cron_run_queued(self):
        """Carry out the oldest queued run nobody else is carrying out (a
        second worker skips it), then tell Odoo how many are left: it calls
        again at once, each run in its own transaction."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT id FROM scrm_mrp_run WHERE state = 'queued'
                    ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED"""
            )
        )
        row = cr.fetchone()
        if not row:
            return
        self.browse(row[0])._run_queued()
        cr.execute(SQL("SELECT count(*) FROM scrm_mrp_run WHERE state = 'queued'"))
        remaining = cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)

    def _run_queued(self):
        """Carry out this queued run as the user who queued it (their access
        rules apply), with its progress on a cursor of its own, and tell them
        on the bus when it is done or failed."""
        self.ensure_one()
        run = self.with_user(self.user_id).with_company(self.company_id)
        progress = RunProgress(self.env.registry, self.id)
        try:
            try:
                with self.env.cr.savepoint():
                    run._launch(
                        self.company_id,
                        mps=self.mps_id,
                        mode=self.mode,
                        include_rfq=self.include_rfq,
                        run=run,
                        progress=progress,
                    )
            except UserError as error:
                # e.g. another run of the company (the nightly one) is busy,
                # or the planner lost access: say why, keep the plan
                self.sudo().write(
                    {
                        "state": "failed",
                        "date_end": fields.Datetime.now(),
                        "log": str(error),
                    }
                )
        finally:
            progress.close()
        if self.state == "done" and self.mode == "full":
            # as the Run MRP button did: the grid's red cells follow the plan
            self.mps_id.with_user(self.user_id)._compute_capacity()
        self._scrm_notify_done()

    def _scrm_notify_done(self):
        self.ensure_one()
        self.user_id._bus_send(
            "scrm_mrp_run_done",
            {
                "run_id": self.id,
                "mps_id": self.mps_id.id,
                "name": self.name,
                "state": self.state,
                "mode": self.mode,
            },
        )


class ScrmMps(models.Model):
    _inherit = "scrm.mps"  # pylint: disable=consider-merging-classes-inherited

    def action_run_mrp(self):
        """Queue the run (the browser does not wait for it) and open it: its
        form shows the progress, the grid too, and the planner is told when
        it ends."""
        self.ensure_one()
        return self.env["scrm.mrp.run"]._queue(self).action_open()

    def action_run_whatif(self):
        """Queue the what-if run like *Run MRP*: the planner is told when its
        differences against the plan are ready."""
        self.ensure_one()
        return self.env["scrm.mrp.run"]._queue(self, mode="whatif").action_open()

    @api.model
    def scrm_grid_run_status(self, mps_id, mode="full"):
        """The schedule's queued or running run of ``mode`` (``full`` or
        ``whatif``), for the grid to show: False when none."""
        if not _positive_id(mps_id):
            raise ValidationError(self.env._("Choose a master production schedule."))
        if mode not in QUEUED_MODES:
            raise ValidationError(self.env._("Choose a full or a what-if run."))
        mps = self.browse(mps_id)
        mps.check_access("read")
        return mps._scrm_run_status(mode)

    def _scrm_run_status(self, mode="full"):
        self.ensure_one()
        run = self.env["scrm.mrp.run"].search(
            [("mps_id", "=", self.id), ("state", "=", "queued"), ("mode", "=", mode)],
            limit=1,
        )
        if not run:
            return False
        return {"id": run.id, "name": run.name, **run._scrm_progress()[run.id]}

    def _scrm_grid_values(self, schedules):
        values = super()._scrm_grid_values(schedules)
        values["run"] = self._scrm_run_status()
        values["whatif"] = self._scrm_run_status("whatif")
        return values

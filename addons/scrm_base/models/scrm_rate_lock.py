from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_unique_index

# Rows not touched for this long serve no limit any more (the limits count
# an hour back): the daily clean-up removes them.
KEEP_DAYS = 2


class ScrmRateLock(models.Model):
    """One row per limited action and sender (a portal user, an email
    address, a client): ``scrm_base.tools.rate_limit.hold`` writes it before
    the route counts what the sender did in the last hour, so that two
    requests of one sender count and create one after the other (see the
    module's docstring). Nobody reads these rows in the interface."""

    _name = "scrm.rate.lock"
    _description = "Hourly Limit Lock"
    _log_access = False

    key = fields.Char(required=True)
    touched = fields.Datetime(
        string="Last Written", required=True, default=fields.Datetime.now
    )

    def init(self):
        # ``hold`` writes with ON CONFLICT (key): one row per action and sender.
        create_unique_index(
            self.env.cr, "scrm_rate_lock_key_unique", self._table, ["key"]
        )

    @api.autovacuum
    def _gc_stale(self):
        self.env.cr.execute(
            SQL(
                "DELETE FROM scrm_rate_lock WHERE touched < %s",
                fields.Datetime.now() - timedelta(days=KEEP_DAYS),
            )
        )

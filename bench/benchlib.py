"""What every bench script starts with: Odoo configured from the variables that
``scripts/bench.sh`` sets, and a superuser environment on the bench database
whose work is rolled back at the end (the database is dropped afterwards)."""

import os
import time
from contextlib import contextmanager

import odoo
from odoo import api
from odoo.tools import config


@contextmanager
def bench_env(context=None):
    """An environment on ``$SCRM_BENCH_DB``; addons are importable inside."""
    config.parse_config(
        [
            "--addons-path",
            os.environ["SCRM_ADDONS_PATH"],
            "--data-dir",
            os.environ["SCRM_DATA_DIR"],
            "--log-level",
            "warn",
        ]
    )
    registry = odoo.modules.registry.Registry(os.environ["SCRM_BENCH_DB"])
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, odoo.SUPERUSER_ID, dict(context or {}))
        finally:
            cr.rollback()


def best_of(function, repeat=3):
    """Seconds of the fastest of ``repeat`` calls of ``function``."""
    best = float("inf")
    for _attempt in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best

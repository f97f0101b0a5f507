"""What every bench script starts with: Odoo configured from the variables that
``scripts/bench.sh`` sets, and a superuser environment on the bench database
whose work is rolled back at the end (the database is dropped afterwards)."""

import os
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

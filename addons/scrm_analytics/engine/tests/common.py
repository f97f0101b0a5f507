"""Base class of the analytics engine's tests (no database, no test here).

The tests run under plain pytest (``make pytest``, no Odoo imported) and under
Odoo's runner (``make test``, which imports them from ``scrm_service/tests``):
imported by Odoo the cases are Odoo test cases with their tags, otherwise
unittest ones.
"""

import unittest

if __name__.startswith("odoo.addons."):
    from odoo import tests as odoo_tests

    BaseCase = odoo_tests.BaseCase
    tagged = odoo_tests.tagged
else:
    BaseCase = unittest.TestCase

    def tagged(*_tags):
        """Odoo's test tags mean nothing to pytest."""
        return lambda cls: cls

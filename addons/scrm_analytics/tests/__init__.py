# The engine's own tests live in engine/tests/ (plain pytest finds them there,
# without Odoo); importing them here lets Odoo's runner run them too.
from ..engine.tests import (
    test_engine_boundaries,
    test_engine_copurchase,
    test_engine_needs,
    test_engine_ranking,
    test_engine_rfm,
)
from . import (
    test_customer_needs,
    test_customer_profit,
    test_supplier_ranking,
    test_supplier_tco,
    test_supplier_tco_impact,
)

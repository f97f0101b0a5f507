# The engine's own tests live in engine/tests/ (plain pytest finds them there,
# without Odoo); importing them here lets Odoo's runner run them too.
from ..engine.tests import (
    test_engine_exceptions,
    test_engine_multilevel,
    test_engine_netchange,
    test_engine_pegging,
    test_engine_properties,
    test_engine_scrap_yield,
    test_engine_tables,
    test_engine_validation,
)
from . import (
    test_balance_rules,
    test_capacity,
    test_inventory_cover,
    test_inventory_status,
    test_menus,
    test_mps_grid,
    test_mrp_input,
    test_mrp_input_random,
    test_mrp_loader,
    test_mrp_net_change,
    test_mrp_run,
    test_mrp_storage,
    test_plan_labels,
    test_purchase_lead,
)

from . import (
    test_capacity,
    test_engine_exceptions,
    test_engine_multilevel,
    test_engine_pegging,
    test_engine_properties,
    test_engine_tables,
    test_engine_validation,
    test_inventory_status,
    test_menus,
    test_mrp_loader,
    test_mrp_run,
    test_mrp_storage,
)

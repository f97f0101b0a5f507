from . import (
    test_relationship_panel,
    test_reports,
    test_service_upsell_commission,
    test_supplier_customer_relationship,
    test_vmi_mrp_loop,
    test_zh_cn,
)

{
    "name": "SCRM Cross-Addon Scenarios",
    "summary": "Tests only: scenarios that cross the SCRM addons (not for production)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": [
        "scrm_base",
        "scrm_mrp_ext",
        "scrm_supplier_portal",
        "scrm_sales_marketing",
        "scrm_service",
    ],
}

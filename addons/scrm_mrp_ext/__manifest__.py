{
    "name": "SCRM MRP Extension",
    "summary": "Master production schedule and a fast, exact multi-level MRP",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": ["mrp", "purchase_stock"],
    "data": [
        "security/scrm_mrp_ext_groups.xml",
        "security/ir.model.access.csv",
        "security/scrm_mrp_ext_security.xml",
        "data/scrm_mrp_ext_data.xml",
        "views/product_template_views.xml",
        "views/scrm_mps_capacity_views.xml",
        "views/scrm_mps_views.xml",
        "views/scrm_mrp_run_views.xml",
        "views/scrm_inventory_status_views.xml",
        "views/scrm_mrp_ext_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "scrm_mrp_ext/static/src/mps_grid/*",
        ],
        "web.assets_tests": ["scrm_mrp_ext/static/tests/tours/*.js"],
    },
    "demo": ["demo/scrm_mrp_ext_demo.xml"],
}

{
    "name": "SCRM MRP Extension",
    "summary": "Master production schedule and multi-level MRP (planned)",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "SCRM",
    "website": "https://github.com/scrm-odoo/scrm",
    "depends": ["mrp", "purchase_stock"],
    "data": [
        "security/scrm_mrp_ext_groups.xml",
        "views/scrm_mrp_ext_menus.xml",
    ],
}

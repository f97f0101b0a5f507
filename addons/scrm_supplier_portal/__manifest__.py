{
    "name": "SCRM Supplier Portal",
    "summary": "Vendor-managed inventory with suppliers on the portal (planned)",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "license": "LGPL-3",
    "author": "SCRM",
    "website": "https://github.com/scrm-odoo/scrm",
    "depends": ["scrm_base", "scrm_mrp_ext", "purchase_stock", "portal"],
    "data": [
        "security/scrm_supplier_portal_groups.xml",
        "views/scrm_supplier_portal_menus.xml",
    ],
}

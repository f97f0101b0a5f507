{
    "name": "SCRM Supplier Portal",
    "summary": "Vendor-managed inventory: suppliers see our stock and MRP "
    "requirements on the portal and replenish it",
    "version": "18.0.1.2.0",
    "category": "Inventory/Purchase",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": ["scrm_base", "scrm_mrp_ext", "purchase_stock", "portal"],
    "data": [
        "security/scrm_supplier_portal_groups.xml",
        "security/ir.model.access.csv",
        "security/scrm_supplier_portal_security.xml",
        "data/scrm_supplier_portal_data.xml",
        "views/scrm_vmi_agreement_views.xml",
        "views/scrm_replenishment_proposal_views.xml",
        "views/scrm_vmi_commit_views.xml",
        "views/scrm_vmi_price_request_views.xml",
        "views/scrm_supplier_catalogue_views.xml",
        "views/scrm_supplier_scorecard_views.xml",
        "views/scrm_vmi_templates.xml",
        "views/scrm_mrp_planned_order_views.xml",
        "views/scrm_supplier_portal_menus.xml",
    ],
    "demo": ["demo/scrm_supplier_portal_demo.xml"],
    "assets": {
        "web.assets_tests": ["scrm_supplier_portal/static/tests/tours/*.js"],
    },
}

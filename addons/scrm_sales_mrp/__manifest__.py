{
    "name": "SCRM Sales to MRP",
    "summary": "Open opportunities' product lines become pipeline demand in the "
    "master production schedule",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": ["scrm_sales_marketing", "scrm_mrp_ext", "sale_stock"],
    "auto_install": ["scrm_sales_marketing", "scrm_mrp_ext"],
    "data": [
        "views/scrm_mps_views.xml",
    ],
}

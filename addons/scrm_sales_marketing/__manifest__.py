{
    "name": "SCRM Sales and Marketing",
    "summary": "Territories, commissions, forecasts and campaigns with ROI (planned)",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": [
        "scrm_base",
        "crm",
        "sale_management",
        "mass_mailing",
        "hr_expense",
        "calendar",
    ],
    "data": [
        "security/scrm_sales_marketing_groups.xml",
        "views/scrm_sales_marketing_menus.xml",
    ],
}

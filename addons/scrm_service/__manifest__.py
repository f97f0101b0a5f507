{
    "name": "SCRM Service",
    "summary": "Omnichannel service tickets, SLA and customer satisfaction (planned)",
    "version": "18.0.1.0.0",
    "category": "Services",
    "license": "LGPL-3",
    "author": "SCRM",
    "website": "https://github.com/scrm-odoo/scrm",
    "depends": ["scrm_base", "portal", "rating", "crm"],
    "data": [
        "security/scrm_service_groups.xml",
        "views/scrm_service_menus.xml",
    ],
}

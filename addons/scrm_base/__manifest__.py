{
    "name": "SCRM Relationship Core",
    "summary": "One relationship record, one timeline and one set of contact "
    "preferences per supplier or customer, obeyed by every channel",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "SCRM",
    "depends": ["mail", "sms", "portal"],
    "data": [
        "security/scrm_base_groups.xml",
        "security/ir.model.access.csv",
        "security/scrm_base_security.xml",
        "data/scrm_channel_data.xml",
        "wizard/scrm_contact_preference_record_views.xml",
        "views/scrm_channel_views.xml",
        "views/scrm_contact_preference_views.xml",
        "views/scrm_interaction_views.xml",
        "views/res_partner_views.xml",
        "views/mail_mail_views.xml",
        "views/scrm_contact_preference_templates.xml",
        "views/scrm_base_menus.xml",
    ],
    "demo": ["demo/scrm_base_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "scrm_base/static/src/relationship_panel/*",
            "scrm_base/static/src/timeline/*",
        ],
        "web.assets_tests": ["scrm_base/static/tests/tours/*.js"],
    },
    "application": True,
}

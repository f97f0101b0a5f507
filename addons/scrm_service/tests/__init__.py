from . import (
    test_csat_console,
    test_cti,
    test_kb,
    test_mail_gateway,
    test_menus,
    test_phone_length,
    test_portal,
    test_reply_consent,
    test_sla,
    test_ticket,
    test_timeline_access,
    test_upsell,
)

from . import (
    test_mail_gateway,
    test_menus,
    test_reply_consent,
    test_sla,
    test_ticket,
    test_timeline_access,
)

from . import (
    test_mail_gateway,
    test_menus,
    test_timeline_access,
)

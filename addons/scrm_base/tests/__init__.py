from . import (
    test_access,
    test_contact_preference,
    test_csrf_every_route,
    test_input_tools,
    test_interaction,
    test_outgoing_holds,
    test_portal_preferences,
    test_relationship_panel,
    test_sms_and_blacklist,
    test_timeline_days,
    test_tz,
)

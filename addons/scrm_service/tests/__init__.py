# The SLA clock's own tests live in engine/tests/ (plain pytest finds them there,
# without Odoo); importing them here lets Odoo's runner run them too.
from ..engine.tests import test_sla_clock, test_sla_clock_edges
from . import (
    test_call_end_race,
    test_csat_console,
    test_cti,
    test_followup_window,
    test_kb,
    test_mail_gateway,
    test_menus,
    test_phone_length,
    test_portal,
    test_rating_window,
    test_reopen_notice,
    test_reply_consent,
    test_security_edge,
    test_sla,
    test_sla_category,
    test_ticket,
    test_timeline_access,
    test_upsell,
)

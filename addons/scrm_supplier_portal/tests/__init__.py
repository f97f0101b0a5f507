from . import (
    test_agreement,
    test_alerts,
    test_commit,
    test_consignment,
    test_figures,
    test_menus,
    test_portal,
    test_portal_input,
    test_price_request,
    test_proposal,
    test_scorecard,
    test_supplier_role,
)

from . import (
    test_agreement,
    test_alerts,
    test_commit,
    test_consignment,
    test_figures,
    test_menus,
    test_portal,
    test_price_request,
    test_proposal,
    test_proposal_price,
    test_scorecard,
    test_supplier_role,
)

from . import (
    test_customer_role,
    test_menus,
    test_sales_approval,
    test_sales_commission,
    test_sales_proposal_report,
    test_sales_proposal_revision,
)

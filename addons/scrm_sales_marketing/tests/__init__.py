from . import (
    test_customer_role,
    test_menus,
    test_sales_access,
    test_sales_approval,
    test_sales_commission,
    test_sales_forecast,
    test_sales_proposal_report,
    test_sales_proposal_revision,
    test_sales_territory,
    test_sales_territory_plan,
)

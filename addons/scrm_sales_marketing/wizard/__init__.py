from . import (
    marketing_capture_import,
    marketing_collateral_send,
    sales_approval_decide,
    sales_approval_price_lookup,
    sales_approval_request,
    sales_cadence_enrol,
    sales_commission_generate,
    sales_forecast_line,
    sales_forecast_period,
    sales_proposal_revision_diff,
)

from . import (
    sales_approval_decide,
    sales_approval_price_lookup,
    sales_approval_request,
    sales_cadence_enrol,
    sales_commission_generate,
    sales_forecast_line,
    sales_forecast_period,
    sales_proposal_revision_diff,
)

from . import (
    sale_order,
    sales_account_team_member,
    sales_crm_lead,
    sales_crm_stage,
    sales_forecast_entry,
    sales_opportunity_line,
    sales_quota,
    sales_res_partner,
    sales_territory,
    sales_territory_plan,
)

from . import (
    sale_order,
    sales_account_team_member,
    sales_crm_lead,
    sales_res_partner,
    sales_territory,
)

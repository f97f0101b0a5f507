from . import (
    crm_lead,
    res_config_settings,
    res_partner,
    scrm_customer_need,
    scrm_customer_profit,
    scrm_customer_suggestion,
    scrm_customer_whale,
    scrm_service_team,
)

from . import (
    sale_order,
    sales_account_team_member,
    sales_approval,
    sales_approval_limit,
    sales_approval_order,
    sales_cadence,
    sales_call,
    sales_commission_assignment,
    sales_commission_lead,
    sales_commission_move,
    sales_commission_plan,
    sales_commission_plan_demo,
    sales_commission_rule,
    sales_commission_statement,
    sales_commission_statement_line,
    sales_commission_statement_payroll,
    sales_commission_tier,
    sales_crm_lead,
    sales_crm_stage,
    sales_expense,
    sales_expense_report,
    sales_forecast_entry,
    sales_opportunity_line,
    sales_proposal,
    sales_proposal_demo,
    sales_proposal_diff,
    sales_proposal_expiry,
    sales_proposal_line,
    sales_proposal_portal,
    sales_proposal_stats,
    sales_proposal_template,
    sales_quota,
    sales_res_partner,
    sales_territory,
    sales_territory_plan,
    sales_visit,
    sales_visit_partner,
)

# isort: split
# After the sales models: these extend their methods (territory assignment).
from . import (
    marketing_capture,
    marketing_collateral,
    marketing_journey,
    marketing_mailing_trace,
    marketing_score,
)

# isort: split
# Campaigns, their costs and budgets; the campaign report's view reads them.
from . import (
    marketing_blacklist,
    marketing_budget,
    marketing_campaign,
    marketing_campaign_cost,
    marketing_campaign_report,
    marketing_segment,
)

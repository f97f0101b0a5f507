from . import (
    sale_order,
    sales_approval,
    sales_approval_limit,
    sales_approval_order,
    sales_proposal,
    sales_proposal_diff,
    sales_proposal_line,
)

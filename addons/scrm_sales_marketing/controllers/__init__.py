from . import sales_proposal_portal

from . import marketing_capture, sales_proposal_portal

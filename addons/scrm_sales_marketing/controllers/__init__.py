from . import sales_proposal_portal
from . import marketing_capture

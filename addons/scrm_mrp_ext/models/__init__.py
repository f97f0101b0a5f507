# ruff: noqa: I001 (the release extends the planned order model)
from . import product_template
from . import scrm_mps
from . import scrm_mps_capacity
from . import scrm_mps_grid
from . import scrm_mps_balance_rules
from . import scrm_mrp_result
from . import scrm_mrp_document
from . import scrm_mrp_labels
from . import scrm_mrp_release
from . import scrm_mrp_run
from . import scrm_mrp_whatif
from . import scrm_mrp_integrity
from . import scrm_mrp_export
from . import scrm_inventory_status
from . import scrm_inventory_cover
from . import scrm_mrp_dirty
from . import scrm_mrp_net_change

from . import (
    purchase_order,
    scrm_mrp_planned_order,
    scrm_replenishment_proposal,
    scrm_supplier_scorecard,
    scrm_vmi_agreement,
    scrm_vmi_agreement_line,
    scrm_vmi_commit,
    scrm_vmi_figures,
    scrm_vmi_price_request,
    stock_move,
    stock_picking,
)

from odoo import api, fields, models


class ScrmProposalRevisionDiff(models.TransientModel):
    """What changed between two revisions of a proposal: lines added, removed or
    changed (quantity, price, discount, subtotal) and the totals."""

    _name = "scrm.proposal.revision.diff"
    _description = "Proposal Revision Comparison"

    from_order_id = fields.Many2one("sale.order", string="From", required=True)
    to_order_id = fields.Many2one("sale.order", string="To", required=True)
    family_ids = fields.Many2many(
        "sale.order", compute="_compute_family_ids", string="Revisions"
    )
    diff_html = fields.Html(
        string="Changes", compute="_compute_diff_html", sanitize=False
    )

    @api.depends("to_order_id", "from_order_id")
    def _compute_family_ids(self):
        for wizard in self:
            wizard.family_ids = (
                wizard.to_order_id or wizard.from_order_id
            ).scrm_revision_ids

    @api.depends("from_order_id", "to_order_id")
    def _compute_diff_html(self):
        for wizard in self:
            if not (wizard.from_order_id and wizard.to_order_id):
                wizard.diff_html = False
                continue
            diff = wizard.from_order_id._scrm_revision_diff(wizard.to_order_id)
            wizard.diff_html = self.env["ir.qweb"]._render(
                "scrm_sales_marketing.proposal_revision_diff_table",
                {"diff": diff, "currency": wizard.to_order_id.currency_id},
            )

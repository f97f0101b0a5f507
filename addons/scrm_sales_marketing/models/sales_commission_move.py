# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    scrm_agent_id = fields.Many2one(
        "res.partner",
        string="Commission Agent",
        index="btree_not_null",
        help="The external agent credited with this sale.",
    )
    scrm_found_by_id = fields.Many2one(
        "res.users",
        string="Found By",
        index="btree_not_null",
        help="The service agent who found this sale; commission plans with a "
        "service share credit them with part of it.",
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    scrm_agent_id = fields.Many2one(
        "res.partner",
        string="Commission Agent",
        help="The external agent credited with this sale; passed to its invoices.",
    )
    scrm_found_by_id = fields.Many2one(
        "res.users",
        string="Found By",
        compute="_compute_scrm_found_by_id",
        store=True,
        readonly=False,
        help="The service agent who found this sale (from the opportunity); "
        "passed to its invoices.",
    )

    @api.depends("opportunity_id")
    def _compute_scrm_found_by_id(self):
        for order in self:
            if order.opportunity_id.scrm_found_by_id:
                order.scrm_found_by_id = order.opportunity_id.scrm_found_by_id

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        values["scrm_agent_id"] = self.scrm_agent_id.id
        values["scrm_found_by_id"] = self.scrm_found_by_id.id
        return values

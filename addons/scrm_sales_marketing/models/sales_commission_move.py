# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    scrm_agent_id = fields.Many2one(
        "res.partner",
        string="Commission Agent",
        index="btree_not_null",
        help="The external agent credited with this sale.",
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    scrm_agent_id = fields.Many2one(
        "res.partner",
        string="Commission Agent",
        help="The external agent credited with this sale; passed to its invoices.",
    )

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        values["scrm_agent_id"] = self.scrm_agent_id.id
        return values

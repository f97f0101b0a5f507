import uuid

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    scrm_revision_key = fields.Char(
        string="Revision Key",
        default=lambda self: uuid.uuid4().hex,
        copy=True,
        readonly=True,
        help="The same on a line and its copies in later revisions, so that two "
        "revisions are compared line by line.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        order_ids = {vals.get("order_id") for vals in vals_list}
        self.env["sale.order"].browse(
            [oid for oid in order_ids if oid]
        )._scrm_check_not_superseded()
        return super().create(vals_list)

    def write(self, vals):
        self.order_id._scrm_check_not_superseded()
        return super().write(vals)

    def unlink(self):
        self.order_id._scrm_check_not_superseded()
        return super().unlink()

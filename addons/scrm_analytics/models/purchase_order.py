from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    scrm_expired_certification_ids = fields.Many2many(
        "scrm.supplier.certification",
        string="Expired Certificates",
        compute="_compute_scrm_expired_certification_ids",
    )

    @api.depends("partner_id")
    def _compute_scrm_expired_certification_ids(self):
        certifications = self.env["scrm.supplier.certification"].search(
            [
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("is_expired", "=", True),
            ]
        )
        for order in self:
            supplier = order.partner_id.commercial_partner_id
            order.scrm_expired_certification_ids = certifications.filtered(
                lambda c, supplier=supplier: c.partner_id == supplier
            )

from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys_generic(self, model, src_records, dst_record):
        # The wizard repoints the foreign keys it finds in PostgreSQL: planned
        # orders' vendors have none, and would be emptied when the merged
        # partners are deleted.
        self.env["scrm.mrp.planned.order"]._repoint_references(src_records, dst_record)
        return super()._update_foreign_keys_generic(model, src_records, dst_record)

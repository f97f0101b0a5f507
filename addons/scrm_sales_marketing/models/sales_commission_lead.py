# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    scrm_found_by_id = fields.Many2one(
        "res.users",
        string="Found By",
        index="btree_not_null",
        tracking=True,
        help="The service agent who found this sale (an upsell raised from a "
        "ticket); commission plans with a service share credit them with part "
        "of it. Passed to the quotations and their invoices.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # An opportunity raised from a ticket (scrm_service, when installed)
        # names its agent in ``scrm_agent_id``: that agent found it.
        if "scrm_agent_id" in self._fields:
            for vals in vals_list:
                if vals.get("scrm_agent_id") and not vals.get("scrm_found_by_id"):
                    vals["scrm_found_by_id"] = vals["scrm_agent_id"]
        return super().create(vals_list)

from collections import defaultdict

from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    scrm_need_ids = fields.Many2many(
        "scrm.customer.need",
        string="Customer Needs",
        compute="_compute_scrm_needs",
        groups="scrm_base.group_scrm_user",
        help="What the account buys again and when its next order is expected.",
    )
    scrm_suggestion_ids = fields.Many2many(
        "scrm.customer.suggestion",
        string="Co-purchase Suggestions",
        compute="_compute_scrm_needs",
        groups="scrm_base.group_scrm_user",
    )

    @api.depends("partner_id")
    def _compute_scrm_needs(self):
        partners = self.partner_id.commercial_partner_id
        need_model = self.env["scrm.customer.need"]
        suggestion_model = self.env["scrm.customer.suggestion"]
        if not need_model.has_access("read"):
            # A CRM user outside SCRM: nothing to show, nothing refused.
            self.scrm_need_ids = need_model
            self.scrm_suggestion_ids = suggestion_model
            return
        needs = need_model.search([("partner_id", "in", partners.ids)])
        suggestions = suggestion_model.search([("partner_id", "in", partners.ids)])
        needs_by_partner = defaultdict(list)
        for need in needs:
            needs_by_partner[need.partner_id.id].append(need.id)
        suggestions_by_partner = defaultdict(list)
        for suggestion in suggestions:
            suggestions_by_partner[suggestion.partner_id.id].append(suggestion.id)
        for lead in self:
            commercial = lead.partner_id.commercial_partner_id.id
            lead.scrm_need_ids = need_model.browse(needs_by_partner[commercial])
            lead.scrm_suggestion_ids = suggestion_model.browse(
                suggestions_by_partner[commercial]
            )

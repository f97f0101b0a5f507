from odoo import fields, models

from .scrm_customer_need import RFM_SEGMENTS


class ResPartner(models.Model):
    _inherit = "res.partner"

    scrm_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        readonly=True,
        copy=False,
        index=True,
        help="Customer segment by recency, frequency and monetary value of its "
        "confirmed orders, recomputed daily.",
    )
    scrm_rfm_score = fields.Char(
        string="RFM Score",
        readonly=True,
        copy=False,
        help="Recency, frequency and monetary scores, 1 (lowest fifth of "
        "customers) to 5 (highest fifth).",
    )
    scrm_need_ids = fields.One2many(
        "scrm.customer.need",
        "partner_id",
        string="Needs",
        readonly=True,
        groups="scrm_base.group_scrm_user",
    )
    scrm_suggestion_ids = fields.One2many(
        "scrm.customer.suggestion",
        "partner_id",
        string="Co-purchase Suggestions",
        readonly=True,
        groups="scrm_base.group_scrm_user",
    )
    scrm_overdue_need_count = fields.Integer(
        string="Overdue Reorders",
        compute="_compute_scrm_overdue_need_count",
        groups="scrm_base.group_scrm_user",
    )

    def _compute_scrm_overdue_need_count(self):
        counts = dict(
            self.env["scrm.customer.need"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("is_overdue", "=", True),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.scrm_overdue_need_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_scrm_open_profit(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_analytics.scrm_customer_profit_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_date": 1}
        return action

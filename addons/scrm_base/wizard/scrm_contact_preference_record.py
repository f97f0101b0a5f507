from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.scrm_contact_preference import CONSENTS, PURPOSES, SOURCES


class ScrmContactPreferenceRecord(models.TransientModel):
    """Record what a partner answered: the earlier answer is kept as history."""

    _name = "scrm.contact.preference.record"
    _description = "Record a Contact Preference"

    partner_id = fields.Many2one("res.partner", required=True)
    channel_id = fields.Many2one(
        "scrm.channel", required=True, domain=[("is_outbound", "=", True)]
    )
    purpose = fields.Selection(PURPOSES, required=True, default="marketing")
    consent = fields.Selection(CONSENTS, required=True, default="opt_out")
    source = fields.Selection(SOURCES, required=True, default="agent")
    note = fields.Char()
    current_consent = fields.Selection(
        CONSENTS, compute="_compute_current_consent", string="Current Answer"
    )

    @api.depends("partner_id", "channel_id", "purpose")
    def _compute_current_consent(self):
        Preference = self.env["scrm.contact.preference"]
        for wizard in self:
            current = Preference.search(
                [
                    ("partner_id", "=", wizard.partner_id.id),
                    ("channel_id", "=", wizard.channel_id.id),
                    ("purpose", "=", wizard.purpose),
                ],
                limit=1,
            )
            wizard.current_consent = current.consent

    def action_record(self):
        self.ensure_one()
        Preference = self.env["scrm.contact.preference"]
        Preference.check_access("create")
        if self.current_consent == self.consent:
            raise UserError(self.env._("This is already the partner's current answer."))
        Preference._record_preferences(
            [
                {
                    "partner_id": self.partner_id.id,
                    "channel_id": self.channel_id.id,
                    "purpose": self.purpose,
                    "consent": self.consent,
                    "source": self.source,
                    "note": self.note,
                }
            ]
        )
        return {"type": "ir.actions.act_window_close"}

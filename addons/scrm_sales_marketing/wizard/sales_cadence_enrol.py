from odoo import fields, models
from odoo.exceptions import UserError


class ScrmCadenceEnrol(models.TransientModel):
    """Enrol the selected leads or contacts in a cadence."""

    _name = "scrm.cadence.enrol"
    _description = "Enrol in a Cadence"

    cadence_id = fields.Many2one("scrm.cadence", required=True)

    def action_enrol(self):
        self.ensure_one()
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model not in ("crm.lead", "res.partner") or not ids:
            raise UserError(self.env._("Select the leads or contacts to enrol."))
        records = self.env[model].browse(ids).exists()
        enrolments = self.cadence_id._scrm_enrol(records)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Enrolled"),
                "message": self.env._(
                    "%(count)s enrolled in %(cadence)s (those already running in "
                    "it are left as they are).",
                    count=len(enrolments),
                    cadence=self.cadence_id.name,
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

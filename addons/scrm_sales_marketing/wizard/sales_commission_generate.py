from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.scrm_base.tools.validation import check_record_limits


class ScrmCommissionGenerate(models.TransientModel):
    _name = "scrm.commission.generate"
    _description = "Compute Commission Statements"

    plan_ids = fields.Many2many("scrm.commission.plan", string="Plans", required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(self.env._("A period ends after it starts."))
        check_record_limits(self, dates=("date_from", "date_to"))

    def action_generate(self):
        self.ensure_one()
        statements = self.env["scrm.commission.statement"]._scrm_generate(
            self.plan_ids, self.date_from, self.date_to
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commission Statements"),
            "res_model": "scrm.commission.statement",
            "view_mode": "list,form",
            "domain": [("id", "in", statements.ids)],
        }

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmTerritory(models.Model):
    _inherit = "scrm.territory"

    visit_interval_days = fields.Integer(
        string="Visit Every (days)",
        default=30,
        help="An account of this territory not visited for longer shows in its "
        "salespeople's list of accounts to visit.",
    )

    @api.constrains("visit_interval_days")
    def _check_visit_interval_days(self):
        for territory in self:
            if not 1 <= territory.visit_interval_days <= 3660:
                raise ValidationError(
                    self.env._(
                        "Visit every 1 to 3,660 days (%(territory)s).",
                        territory=territory.complete_name,
                    )
                )

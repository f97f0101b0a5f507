from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmCommissionTier(models.Model):
    _name = "scrm.commission.tier"
    _description = "Commission Tier"
    _order = "from_percent"

    rule_id = fields.Many2one(
        "scrm.commission.rule", required=True, ondelete="cascade", index=True
    )
    from_percent = fields.Float(string="From Achievement (%)", required=True)
    to_percent = fields.Float(
        string="To Achievement (%)", help="Empty (0) on the last tier: no upper bound."
    )
    rate = fields.Float(string="Rate (%)", required=True)

    @api.constrains("rate", "from_percent", "to_percent")
    def _check_rate(self):
        for tier in self:
            if not 0.0 <= tier.rate <= 100.0:
                raise ValidationError(
                    self.env._("A commission rate is a percentage from 0 to 100.")
                )
            if tier.from_percent < 0 or (
                tier.to_percent and tier.to_percent <= tier.from_percent
            ):
                raise ValidationError(
                    self.env._("A tier must end above where it starts.")
                )

from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmCommissionRule(models.Model):
    """One way of earning in a plan. The first rule (by sequence) whose criteria
    all match an invoice line applies; a rule without criteria matches all."""

    _name = "scrm.commission.rule"
    _description = "Commission Rule"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "scrm.commission.plan", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product")
    categ_id = fields.Many2one("product.category", string="Product Category")
    partner_category_id = fields.Many2one("res.partner.category", string="Customer Tag")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    territory_id = fields.Many2one(
        "scrm.territory",
        help="Sales to accounts of this territory or of its sub-territories.",
    )
    compute_type = fields.Selection(
        [
            ("percent", "Percentage of the base"),
            ("per_unit", "Fixed per unit"),
            ("tiered", "Tiered on quota achievement"),
        ],
        string="Computation",
        required=True,
        default="percent",
    )
    rate = fields.Float(string="Rate (%)")
    amount_per_unit = fields.Float(string="Amount per Unit")
    tier_ids = fields.One2many("scrm.commission.tier", "rule_id", string="Tiers")
    cap_amount = fields.Float(
        string="Cap per Period", help="Most this rule pays in a period; 0: no cap."
    )

    @api.depends("compute_type", "product_id", "categ_id", "partner_category_id")
    def _compute_display_name(self):
        labels = dict(self._fields["compute_type"]._description_selection(self.env))
        for rule in self:
            what = (
                rule.product_id
                or rule.categ_id
                or rule.partner_category_id
                or rule.team_id
                or rule.territory_id
            ).display_name or self.env._("All sales")
            rule.display_name = f"{what}: {labels.get(rule.compute_type, '')}"

    @api.constrains("rate", "amount_per_unit", "cap_amount", "compute_type", "tier_ids")
    def _check_values(self):
        for rule in self:
            if not 0.0 <= rule.rate <= 100.0:
                raise ValidationError(
                    self.env._("A commission rate is a percentage from 0 to 100.")
                )
            if rule.amount_per_unit < 0 or rule.cap_amount < 0:
                raise ValidationError(
                    self.env._("Commission amounts and caps cannot be negative.")
                )
            if rule.compute_type == "tiered":
                rule._check_tiers()

    def _check_tiers(self):
        tiers = self.tier_ids.sorted("from_percent")
        if not tiers:
            raise ValidationError(self.env._("A tiered rule needs tiers."))
        if tiers[0].from_percent != 0:
            raise ValidationError(self.env._("The first tier starts at 0 %."))
        for tier, following in pairwise(tiers):
            if not tier.to_percent:
                raise ValidationError(
                    self.env._("Only the last tier may have no upper bound.")
                )
            if following.from_percent < tier.to_percent:
                raise ValidationError(self.env._("Commission tiers overlap."))
            if following.from_percent > tier.to_percent:
                raise ValidationError(
                    self.env._(
                        "Commission tiers leave a gap between %(a)s and %(b)s %%.",
                        a=tier.to_percent,
                        b=following.from_percent,
                    )
                )

    def _scrm_pricing_values(self):
        """The rules as plain values, in the order they apply, for pricing
        statements without a record per invoice line."""
        return [
            {
                "id": rule.id,
                "product_id": rule.product_id.id,
                "categ_path": rule.categ_id.parent_path or "",
                "tag_id": rule.partner_category_id.id,
                "team_id": rule.team_id.id,
                "territory_path": rule.territory_id.parent_path or "",
                "compute_type": rule.compute_type,
                "rate": rule.rate,
                "amount_per_unit": rule.amount_per_unit,
                "cap_amount": rule.cap_amount,
                "tiers": [
                    (tier.from_percent, tier.to_percent, tier.rate)
                    for tier in rule.tier_ids.sorted("from_percent")
                ],
            }
            for rule in self.sorted(lambda r: (r.sequence, r.id))
        ]

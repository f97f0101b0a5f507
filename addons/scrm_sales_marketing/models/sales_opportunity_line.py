from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmOpportunityLine(models.Model):
    """A product an opportunity would sell, with its quantity and date: what
    the master production schedule reads as pipeline demand."""

    _name = "scrm.opportunity.line"
    _description = "Opportunity Product Line"
    _order = "lead_id, date_expected, id"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        domain="[('sale_ok', '=', True)]",
    )
    quantity = fields.Float(
        required=True, default=1.0, digits="Product Unit of Measure"
    )
    date_expected = fields.Date(
        string="Expected Date",
        help="When the customer wants the goods; the opportunity's expected "
        "closing date when empty.",
    )
    date_demand = fields.Date(
        compute="_compute_date_demand",
        store=True,
        index=True,
        help="The expected date, or the opportunity's expected closing date.",
    )

    @api.depends("date_expected", "lead_id.date_deadline")
    def _compute_date_demand(self):
        for line in self:
            line.date_demand = line.date_expected or line.lead_id.date_deadline

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s must be positive.",
                        product=line.product_id.display_name,
                    )
                )

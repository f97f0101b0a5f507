from odoo import fields, models


class ScrmTicketCategory(models.Model):
    _name = "scrm.ticket.category"
    _description = "Ticket Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

from odoo import fields, models


class ScrmTicketStage(models.Model):
    _name = "scrm.ticket.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Tickets in this stage are solved: their SLA clocks stop and the "
        "customer is asked to rate the service.",
    )
    is_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="Tickets in this stage wait for the customer: their SLA clocks are "
        "paused until the customer answers or the stage changes.",
    )
    description = fields.Text(translate=True)

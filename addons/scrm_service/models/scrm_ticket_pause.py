from odoo import fields, models


class ScrmTicketPause(models.Model):
    """A time the ticket waited for the customer: its SLA clocks stood still."""

    _name = "scrm.ticket.pause"
    _description = "Ticket SLA Pause"
    _order = "date_start"

    ticket_id = fields.Many2one(
        "scrm.ticket", required=True, index=True, ondelete="cascade"
    )
    date_start = fields.Datetime(required=True, default=fields.Datetime.now)
    date_end = fields.Datetime()

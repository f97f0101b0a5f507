from odoo import api, fields, models, tools


class ScrmTicketStage(models.Model):
    _name = "scrm.ticket.stage"
    _inherit = ["scrm.cached.config"]
    _scrm_cached_fields = ("sequence", "is_closed", "is_waiting")
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

    @api.model
    @tools.ormcache()
    def _scrm_first_stage_ids(self):
        """(first stage, first open stage that does not wait for the customer)
        ids, cached: every new ticket and every customer answer needs them."""
        Stage = self.sudo()
        first_open = Stage.search(
            [("is_closed", "=", False), ("is_waiting", "=", False)], limit=1
        )
        return Stage.search([], limit=1).id, first_open.id

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.scrm_ticket import PRIORITIES


class ScrmTicketSlaReport(models.Model):
    """SLA compliance, one row per ticket under an SLA policy: what a service
    manager reads per team, agent, priority and month. Every figure is the
    ticket's own (its breach flags and dates), so a cell of the pivot and the
    ticket list behind it always count the same tickets."""

    _name = "scrm.ticket.sla.report"
    _description = "SLA Compliance"
    _auto = False
    _order = "date_open desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("scrm.ticket", readonly=True)
    team_id = fields.Many2one("scrm.service.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    category_id = fields.Many2one("scrm.ticket.category", readonly=True)
    sla_policy_id = fields.Many2one(
        "scrm.sla.policy", string="SLA Policy", readonly=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True
    )
    stage_id = fields.Many2one("scrm.ticket.stage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    date_open = fields.Datetime(string="Opened On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    breached_count = fields.Integer(
        string="Breached",
        readonly=True,
        help="Tickets that missed their first-response or resolution target.",
    )
    response_breached_count = fields.Integer(
        string="First Response Late", readonly=True
    )
    resolve_breached_count = fields.Integer(string="Resolution Late", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    sla_met_percent = fields.Float(
        string="SLA Met (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the tickets that met both targets (so far, for open ones).",
    )
    response_hours = fields.Float(
        string="Time to First Response (h)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Mean hours from opening to the first answer, of the tickets answered.",
    )
    resolve_hours = fields.Float(
        string="Time to Resolution (h)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Mean hours from opening to closing, of the tickets closed.",
    )

    def _query(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.team_id,
                   t.user_id,
                   t.priority,
                   t.category_id,
                   t.sla_policy_id,
                   t.commercial_partner_id,
                   t.stage_id,
                   t.company_id,
                   COALESCE(t.is_closed, FALSE) AS is_closed,
                   t.date_open,
                   t.date_closed,
                   1 AS ticket_count,
                   CASE WHEN t.sla_breached THEN 1 ELSE 0 END AS breached_count,
                   CASE WHEN t.sla_response_breached THEN 1 ELSE 0 END
                       AS response_breached_count,
                   CASE WHEN t.sla_resolve_breached THEN 1 ELSE 0 END
                       AS resolve_breached_count,
                   CASE WHEN t.sla_breached THEN 0 ELSE 1 END AS met_count,
                   CASE WHEN t.sla_breached THEN 0.0 ELSE 100.0 END
                       AS sla_met_percent,
                   EXTRACT(EPOCH FROM t.date_first_response - t.date_open) / 3600.0
                       AS response_hours,
                   CASE WHEN t.is_closed
                        THEN EXTRACT(EPOCH FROM t.date_closed - t.date_open) / 3600.0
                   END AS resolve_hours
              FROM scrm_ticket t
             WHERE t.active AND t.sla_policy_id IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "scrm.ticket",
            "res_id": self.ticket_id.id,
            "views": [(False, "form")],
        }

"""Service as a profit centre: per team, agent and month, the cost of service
(ticket time at the team's cost rate) against the revenue it brings (won
opportunities raised from tickets). A SQL view: always current, read by pivot
and graph in one grouped query."""

from odoo import fields, models
from odoo.tools import SQL

from .res_config_settings import setting_sql


class ScrmServiceProfit(models.Model):
    _name = "scrm.service.profit"
    _description = "Service Profit"
    _auto = False
    _order = "date desc, team_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("scrm.service.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    service_hours = fields.Float(readonly=True)
    service_cost = fields.Monetary(string="Cost of Service", readonly=True)
    won_count = fields.Integer(string="Won Opportunities", readonly=True)
    revenue = fields.Monetary(string="Revenue from Service", readonly=True)
    margin = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(u.key) AS id, u.company_id, u.team_id, u.user_id, u.date,
                   SUM(u.tickets) AS ticket_count, SUM(u.hours) AS service_hours,
                   SUM(u.cost) AS service_cost, SUM(u.won) AS won_count,
                   SUM(u.revenue) AS revenue, SUM(u.revenue - u.cost) AS margin
              FROM (
                SELECT 2 * t.id AS key, t.company_id, t.team_id, t.user_id,
                       date_trunc('month', t.date_open)::date AS date, 1 AS tickets,
                       h.hours, h.hours * COALESCE(NULLIF(team.scrm_cost_rate, 0),
                                                   %(rate)s) AS cost,
                       0 AS won, 0 AS revenue
                  FROM scrm_ticket t
                  LEFT JOIN scrm_service_team team ON team.id = t.team_id
                  CROSS JOIN LATERAL (SELECT (%(minutes)s + COALESCE(
                        (SELECT SUM(c.duration) FROM scrm_call_log c
                          WHERE c.ticket_id = t.id), 0)) / 60.0 AS hours) h
                UNION ALL
                SELECT 2 * l.id + 1, l.company_id, t.team_id,
                       COALESCE(l.scrm_agent_id, t.user_id),
                       date_trunc('month', COALESCE(l.date_closed,
                                                    l.write_date))::date,
                       0, 0, 0, 1, l.scrm_won_revenue
                  FROM crm_lead l JOIN scrm_ticket t ON t.id = l.scrm_ticket_id
                 WHERE l.scrm_won_revenue > 0
              ) u
             GROUP BY u.company_id, u.team_id, u.user_id, u.date
            """,
            rate=setting_sql("scrm_analytics.service_rate"),
            minutes=setting_sql("scrm_analytics.ticket_minutes"),
        )

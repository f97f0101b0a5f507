from odoo import fields, models
from odoo.tools import SQL

from .sales_tz import ZONES_CTE, local_date_sql


class ScrmCostOfSale(models.Model):
    """Cost of sale, one row per expense or reported visit, for the pivot per
    account, opportunity, territory and salesperson."""

    _name = "scrm.cost.of.sale"
    _description = "Cost of Sale"
    _auto = False
    _order = "date desc, id desc"

    kind = fields.Selection(
        [("expense", "Expense"), ("visit", "Visit Time")], readonly=True
    )
    name = fields.Char(string="Description", readonly=True)
    date = fields.Date(readonly=True)
    account_id = fields.Many2one("res.partner", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    territory_id = fields.Many2one("scrm.territory", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    hours = fields.Float(readonly=True)
    amount = fields.Monetary(string="Cost", currency_field="currency_id", readonly=True)

    @property
    def _table_query(self):
        # Ids: expenses even, visits odd, so both kinds share one id space.
        # A visit's day is the salesperson's, else the company's (sales_tz).
        return SQL(
            """
                    WITH %s
                    SELECT ex.id * 2 AS id,
                           'expense' AS kind,
                           ex.name AS name,
                           ex.date AS date,
                           ex.scrm_account_id AS account_id,
                           ex.scrm_lead_id AS lead_id,
                           COALESCE(ex.scrm_territory_id, acc.scrm_territory_id)
                               AS territory_id,
                           emp.user_id AS user_id,
                           ex.company_id AS company_id,
                           0.0 AS hours,
                           ex.total_amount AS amount
                      FROM hr_expense ex
                      LEFT JOIN hr_employee emp ON emp.id = ex.employee_id
                      LEFT JOIN res_partner acc ON acc.id = ex.scrm_account_id
                     WHERE ex.state != 'refused'
                       AND (ex.scrm_account_id IS NOT NULL
                            OR ex.scrm_lead_id IS NOT NULL
                            OR ex.scrm_territory_id IS NOT NULL
                            OR ex.scrm_visit_id IS NOT NULL)
                    UNION ALL
                    SELECT v.id * 2 + 1 AS id,
                           'visit' AS kind,
                           ev.name AS name,
                           %s AS date,
                           v.account_id AS account_id,
                           ev.opportunity_id AS lead_id,
                           v.territory_id AS territory_id,
                           ev.user_id AS user_id,
                           v.company_id AS company_id,
                           v.visit_hours AS hours,
                           v.visit_cost AS amount
                      FROM scrm_sales_visit v
                      JOIN calendar_event ev ON ev.id = v.event_id
                 LEFT JOIN scrm_user_zone uz ON uz.user_id = ev.user_id
                 LEFT JOIN scrm_company_zone cz ON cz.company_id = v.company_id
                     WHERE v.visit_state = 'done'
            """,
            SQL(ZONES_CTE),
            SQL(local_date_sql("ev.start", "uz.tz", "cz.tz")),
        )

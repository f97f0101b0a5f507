"""The whale curve: customers ranked from most to least profitable over the
history window, with cumulative net contribution. One row per customer and
company, rebuilt in one query from the monthly profitability rows."""

from odoo import api, fields, models
from odoo.tools import SQL

from .scrm_customer_profit import DRIVER_SELECTION


class ScrmCustomerWhale(models.Model):
    _name = "scrm.customer.whale"
    _description = "Whale Curve"
    _order = "company_id, rank"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    rank = fields.Integer(
        readonly=True, aggregator="max", help="1 is the most profitable customer."
    )
    customer_percent = fields.Integer(
        string="Customers (%)",
        readonly=True,
        aggregator="max",
        help="The customer's rank as a percentage of all customers, 1 to 100.",
    )
    revenue = fields.Monetary(readonly=True)
    gross_margin = fields.Monetary(readonly=True)
    cost_to_serve = fields.Monetary(string="Cost to Serve", readonly=True)
    net_contribution = fields.Monetary(readonly=True)
    cumulative_contribution = fields.Monetary(readonly=True, aggregator="max")
    is_loss = fields.Boolean(
        string="Destroys Profit", readonly=True, help="Net contribution below zero."
    )
    main_cost_driver = fields.Selection(DRIVER_SELECTION, readonly=True)

    @api.model
    def _refresh(self):
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM scrm_customer_whale"))
        drivers = [name for name, _label in DRIVER_SELECTION]
        sums = SQL(", ").join(
            SQL("SUM(%s) AS %s", SQL.identifier(name), SQL.identifier(name))
            for name in drivers
        )
        driver = SQL(" ").join(
            SQL(
                "WHEN %s > 0 AND %s = GREATEST(%s) THEN %s",
                SQL.identifier(name),
                SQL.identifier(name),
                SQL(", ").join(SQL.identifier(other) for other in drivers),
                name,
            )
            for name in drivers
        )
        cr.execute(
            SQL(
                """
                WITH per_customer AS (
                    SELECT company_id, partner_id, MAX(user_id) AS user_id,
                           SUM(revenue) AS revenue, SUM(gross_margin) AS gross_margin,
                           SUM(cost_to_serve) AS cost_to_serve,
                           SUM(net_contribution) AS net_contribution, %(sums)s
                      FROM scrm_customer_profit
                     GROUP BY company_id, partner_id
                ), ranked AS (
                    SELECT *, ROW_NUMBER() OVER w AS rank,
                           SUM(net_contribution) OVER (w ROWS UNBOUNDED PRECEDING)
                               AS cumulative,
                           COUNT(*) OVER (PARTITION BY company_id) AS customers
                      FROM per_customer
                    WINDOW w AS (PARTITION BY company_id
                                 ORDER BY net_contribution DESC, partner_id)
                )
                INSERT INTO scrm_customer_whale (
                    company_id, partner_id, user_id, rank, customer_percent, revenue,
                    gross_margin, cost_to_serve, net_contribution,
                    cumulative_contribution, is_loss, main_cost_driver,
                    create_uid, write_uid, create_date, write_date)
                SELECT company_id, partner_id, user_id, rank,
                       CEIL(rank * 100.0 / customers)::int, revenue, gross_margin,
                       cost_to_serve, net_contribution, cumulative,
                       net_contribution < 0, CASE %(driver)s END,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM ranked
                """,
                sums=sums,
                driver=driver,
                uid=self.env.uid,
            )
        )

"""Customer profitability per customer and month, computed set-based in SQL.

Each figure comes from one *source*: a query answering rows of
``(company_id, partner_id, month, measure, amount)``. ``_profit_sources``
lists them; a later addon adds a cost (e.g. sales visits) by overriding one
method, ``_profit_source_visit_cost``, which answers ``None`` here.
"""

import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.scrm_base.tools.spreadsheet import xlsx_workbook, xlsx_write

from .res_config_settings import DEFAULTS

# Columns of the Excel export, written as text or numbers, never formulas
# (scrm_base/tools/spreadsheet; Odoo's own list export would turn "=..." into one).
EXPORT_COLUMNS = (
    "date",
    "partner_id",
    "user_id",
    "revenue",
    "cost_of_goods",
    "gross_margin",
    "service_cost",
    "visit_cost",
    "expense_cost",
    "discount_cost",
    "return_cost",
    "late_payment_cost",
    "delivery_cost",
    "cost_to_serve",
    "net_contribution",
    "main_cost_driver",
)

# The measures of a row, in the order they are stored; the costs to serve are
# the ones a customer's "main cost driver" can be.
MEASURES = (
    "revenue",
    "cost_of_goods",
    "service_hours",
    "service_cost",
    "visit_cost",
    "expense_cost",
    "discount_cost",
    "return_cost",
    "late_payment_cost",
    "delivery_cost",
    "ticket_count",
    "invoice_count",
)
COST_DRIVERS = (
    "service_cost",
    "visit_cost",
    "expense_cost",
    "discount_cost",
    "return_cost",
    "late_payment_cost",
    "delivery_cost",
)
DRIVER_SELECTION = [
    ("service_cost", "Service"),
    ("visit_cost", "Sales visits"),
    ("expense_cost", "Expenses"),
    ("discount_cost", "Discounts"),
    ("return_cost", "Returns and credit notes"),
    ("late_payment_cost", "Late payment"),
    ("delivery_cost", "Free deliveries"),
]


class ScrmCustomerProfit(models.Model):
    _name = "scrm.customer.profit"
    _description = "Customer Profitability"
    _order = "date desc, net_contribution"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True
    )
    territory_id = fields.Many2one("scrm.territory", readonly=True, index=True)
    date = fields.Date(string="Month", readonly=True, index=True)
    revenue = fields.Monetary(
        readonly=True, help="Invoiced quantities at their list price, before discount."
    )
    cost_of_goods = fields.Monetary(string="Cost of Goods", readonly=True)
    gross_margin = fields.Monetary(readonly=True)
    service_hours = fields.Float(readonly=True)
    service_cost = fields.Monetary(readonly=True)
    visit_cost = fields.Monetary(string="Sales Visits", readonly=True)
    expense_cost = fields.Monetary(string="Expenses", readonly=True)
    discount_cost = fields.Monetary(string="Discounts", readonly=True)
    return_cost = fields.Monetary(string="Returns and Credit Notes", readonly=True)
    late_payment_cost = fields.Monetary(string="Late Payment", readonly=True)
    delivery_cost = fields.Monetary(string="Free Deliveries", readonly=True)
    cost_to_serve = fields.Monetary(string="Cost to Serve", readonly=True)
    net_contribution = fields.Monetary(readonly=True)
    main_cost_driver = fields.Selection(DRIVER_SELECTION, readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS scrm_customer_profit_company_partner_date"
                " ON scrm_customer_profit (company_id, partner_id, date)"
            )
        )

    # ------------------------------------------------------------ parameters
    @api.model
    def _rate(self, key):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return float(value) if value not in (None, False, "") else DEFAULTS[key]
        except ValueError:
            return DEFAULTS[key]

    @api.model
    def _date_from(self, today=None):
        today = today or fields.Date.context_today(self)
        months = int(self._rate("scrm_analytics.months"))
        return today.replace(day=1) - relativedelta(months=max(months, 1) - 1)

    # --------------------------------------------------------------- sources
    @api.model
    def _profit_sources(self, date_from, today):
        """The queries of every figure; ``None`` entries are skipped."""
        return [
            self._profit_source_invoices(date_from),
            self._profit_source_refunds(date_from),
            self._profit_source_late_payment(date_from, today),
            self._profit_source_tickets(date_from),
            self._profit_source_expenses(date_from),
            self._profit_source_deliveries(date_from),
            self._profit_source_visit_cost(date_from),
        ]

    @api.model
    def _profit_source_invoices(self, date_from):
        """Revenue at list price, discounts and cost of goods of posted
        customer invoices, in company currency. The cost is sale_margin's cost
        of the sale line, else the product's cost (stock valuation)."""
        return SQL(
            """
            SELECT g.company_id, g.partner_id, g.month, x.measure, x.amount
              FROM (
                SELECT m.company_id, p.commercial_partner_id AS partner_id,
                       date_trunc('month', m.invoice_date)::date AS month,
                       SUM(l.price_unit * l.quantity
                           / COALESCE(NULLIF(m.invoice_currency_rate, 0), 1))
                           AS revenue,
                       SUM(-l.balance) AS net,
                       SUM(l.quantity * COALESCE(
                           sol.purchase_price
                               / COALESCE(NULLIF(m.invoice_currency_rate, 0), 1),
                           (pp.standard_price ->> m.company_id::text)::numeric,
                           0)) AS cost,
                       COUNT(DISTINCT m.id) AS invoices
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                  JOIN res_partner p ON p.id = m.partner_id
                  LEFT JOIN product_product pp ON pp.id = l.product_id
                  LEFT JOIN LATERAL (
                        SELECT s.purchase_price
                          FROM sale_order_line_invoice_rel r
                          JOIN sale_order_line s ON s.id = r.order_line_id
                         WHERE r.invoice_line_id = l.id
                         ORDER BY s.id LIMIT 1) sol ON TRUE
                 WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND l.display_type = 'product'
                   AND m.invoice_date >= %(date_from)s
                 GROUP BY 1, 2, 3
              ) g
              CROSS JOIN LATERAL (VALUES
                    ('revenue', g.revenue),
                    ('discount_cost', g.revenue - g.net),
                    ('cost_of_goods', g.cost),
                    ('invoice_count', g.invoices)
              ) AS x(measure, amount)
            """,
            date_from=date_from,
        )

    @api.model
    def _profit_source_refunds(self, date_from):
        """Returns and credit notes: the margin given back, i.e. the value
        credited less the cost of the goods credited (they come back, or were
        never delivered), at the same cost as the invoices."""
        return SQL(
            """
            SELECT m.company_id, p.commercial_partner_id,
                   date_trunc('month', m.invoice_date)::date,
                   'return_cost', l.balance - l.quantity * COALESCE(
                        sol.purchase_price
                            / COALESCE(NULLIF(m.invoice_currency_rate, 0), 1),
                        (pp.standard_price ->> m.company_id::text)::numeric, 0)
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = m.partner_id
              LEFT JOIN product_product pp ON pp.id = l.product_id
              LEFT JOIN LATERAL (
                    SELECT s.purchase_price
                      FROM sale_order_line_invoice_rel r
                      JOIN sale_order_line s ON s.id = r.order_line_id
                     WHERE r.invoice_line_id = l.id
                     ORDER BY s.id LIMIT 1) sol ON TRUE
             WHERE m.move_type = 'out_refund' AND m.state = 'posted'
               AND l.display_type = 'product' AND m.invoice_date >= %s
            """,
            date_from,
        )

    @api.model
    def _profit_source_late_payment(self, date_from, today):
        """Money owed past its due date, at the cost of capital: the
        receivable's amount x days between due date and payment (today while
        unpaid) x rate per year / 365."""
        rate = self._rate("scrm_analytics.capital_rate") / 100.0
        return SQL(
            """
            SELECT m.company_id, p.commercial_partner_id,
                   date_trunc('month', m.invoice_date)::date,
                   'late_payment_cost',
                   l.balance * %(rate)s / 365.0 * GREATEST(0, (
                       CASE WHEN l.amount_residual = 0 THEN COALESCE(
                           (SELECT MAX(r.max_date) FROM account_partial_reconcile r
                             WHERE r.debit_move_id = l.id), %(today)s)
                       ELSE %(today)s END) - l.date_maturity)
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = m.partner_id
              JOIN account_account a ON a.id = l.account_id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND a.account_type = 'asset_receivable'
               AND l.date_maturity IS NOT NULL
               AND m.invoice_date >= %(date_from)s
            """,
            rate=rate,
            today=today,
            date_from=date_from,
        )

    @api.model
    def _profit_source_tickets(self, date_from):
        """Service time on the customer's tickets (a standard handling time per
        ticket plus its logged calls and visits) at the team's cost rate."""
        minutes = self._rate("scrm_analytics.ticket_minutes")
        rate = self._rate("scrm_analytics.service_rate")
        return SQL(
            """
            WITH t AS (
                SELECT t.company_id, t.commercial_partner_id AS partner_id,
                       date_trunc('month', t.date_open)::date AS month,
                       (%(minutes)s + COALESCE((SELECT SUM(c.duration)
                            FROM scrm_call_log c WHERE c.ticket_id = t.id), 0))
                           / 60.0 AS hours,
                       COALESCE(NULLIF(team.scrm_cost_rate, 0), %(rate)s) AS rate
                  FROM scrm_ticket t
                  LEFT JOIN scrm_service_team team ON team.id = t.team_id
                 WHERE t.commercial_partner_id IS NOT NULL
                   AND t.date_open >= %(date_from)s
            )
            SELECT company_id, partner_id, month, x.measure, x.amount
              FROM t CROSS JOIN LATERAL (VALUES
                    ('service_hours', hours), ('service_cost', hours * rate),
                    ('ticket_count', 1)) AS x(measure, amount)
            """,
            minutes=minutes,
            rate=rate,
            date_from=date_from,
        )

    @api.model
    def _profit_source_expenses(self, date_from):
        """Approved expenses charged to an analytic account of the customer,
        by their analytic distribution."""
        return SQL(
            """
            SELECT e.company_id, p.commercial_partner_id,
                   date_trunc('month', e.date)::date, 'expense_cost',
                   e.total_amount * d.value::numeric / 100.0
              FROM hr_expense e
              CROSS JOIN LATERAL jsonb_each_text(e.analytic_distribution) d
              JOIN account_analytic_account a
                ON a.id = split_part(d.key, ',', 1)::int
              JOIN res_partner p ON p.id = a.partner_id
             WHERE e.state IN ('approved', 'done') AND e.date >= %s
            """,
            date_from,
        )

    @api.model
    def _profit_source_deliveries(self, date_from):
        """Done deliveries of sale orders that charged no shipping."""
        cost = self._rate("scrm_analytics.delivery_cost")
        param = self.env["ir.config_parameter"].sudo()
        shipping = param.get_param("scrm_analytics.shipping_product_id") or "0"
        shipping_id = int(shipping) if shipping.isdigit() else 0
        return SQL(
            """
            SELECT so.company_id, p.commercial_partner_id,
                   date_trunc('month', sp.date_done)::date, 'delivery_cost', %s
              FROM stock_picking sp
              JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
              JOIN sale_order so ON so.id = sp.sale_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE spt.code = 'outgoing' AND sp.state = 'done'
               AND sp.date_done >= %s
               AND NOT EXISTS (SELECT 1 FROM sale_order_line s
                                WHERE s.order_id = so.id AND s.product_id = %s
                                  AND s.price_unit > 0)
            """,
            cost,
            date_from,
            shipping_id,
        )

    @api.model
    def _profit_source_visit_cost(self, date_from):
        """Sales visits' cost: none on main yet. The visits addon overrides
        this one method with a query of the same shape, measure
        ``'visit_cost'``."""
        return None

    # --------------------------------------------------------------- refresh
    @api.model
    def _refresh(self, today=None):
        """Recompute every row of the history window in a fixed number of
        queries, whatever the number of customers and documents."""
        today = today or fields.Date.context_today(self)
        date_from = self._date_from(today)
        sources = [
            source for source in self._profit_sources(date_from, today) if source
        ]
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM scrm_customer_profit"))
        sums = SQL(", ").join(
            SQL(
                "COALESCE(SUM(amount) FILTER (WHERE measure = %s), 0) AS %s",
                measure,
                SQL.identifier(measure),
            )
            for measure in MEASURES
        )
        costs = SQL(" + ").join(SQL.identifier(name) for name in COST_DRIVERS)
        driver = SQL(" ").join(
            SQL(
                "WHEN %s > 0 AND %s = GREATEST(%s) THEN %s",
                SQL.identifier(name),
                SQL.identifier(name),
                SQL(", ").join(SQL.identifier(other) for other in COST_DRIVERS),
                name,
            )
            for name in COST_DRIVERS
        )
        columns = SQL(", ").join(SQL.identifier(measure) for measure in MEASURES)
        cr.execute(
            SQL(
                """
                WITH src (company_id, partner_id, month, measure, amount)
                     AS (%(union)s),
                agg AS (
                    SELECT company_id, partner_id, month, %(sums)s
                      FROM src WHERE company_id IS NOT NULL AND partner_id IS NOT NULL
                     GROUP BY company_id, partner_id, month
                )
                INSERT INTO scrm_customer_profit (
                    company_id, partner_id, user_id, territory_id, date, %(columns)s,
                    gross_margin, cost_to_serve, net_contribution, main_cost_driver,
                    create_uid, write_uid, create_date, write_date)
                SELECT agg.company_id, agg.partner_id, p.user_id, p.scrm_territory_id,
                       agg.month, %(columns)s,
                       revenue - cost_of_goods, %(costs)s,
                       revenue - cost_of_goods - (%(costs)s),
                       CASE %(driver)s END,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM agg JOIN res_partner p ON p.id = agg.partner_id
                """,
                union=SQL(" UNION ALL ").join(
                    SQL("(%s)", source) for source in sources
                ),
                sums=sums,
                columns=columns,
                costs=costs,
                driver=driver,
                uid=self.env.uid,
            )
        )
        self.env["scrm.customer.whale"]._refresh()
        self.env.invalidate_all()
        return True

    @api.model
    def action_refresh(self):
        """The Refresh button: for analytics managers only."""
        if not self.env.user.has_group("scrm_analytics.group_analytics_manager"):
            raise AccessError(
                self.env._("Only an analytics manager may recompute the figures.")
            )
        self.sudo()._refresh()
        self.env["scrm.customer.need"].sudo()._refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_refresh(self):
        self._refresh()
        self.env["scrm.customer.need"]._refresh()

    # ----------------------------------------------------------- drill-down
    def _month_domain(self, field):
        self.ensure_one()
        end = self.date + relativedelta(months=1)
        return [(field, ">=", self.date), (field, "<", end)]

    def _open(self, model, name, domain, views="list,form"):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": views,
            "domain": domain,
            "context": {"create": False},
        }

    def action_open_invoices(self):
        self.ensure_one()
        return self._open(
            "account.move",
            self.env._("Invoices and credit notes of %s", self.partner_id.display_name),
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("commercial_partner_id", "=", self.partner_id.id),
                *self._month_domain("invoice_date"),
            ],
        )

    def action_open_tickets(self):
        self.ensure_one()
        return self._open(
            "scrm.ticket",
            self.env._("Tickets of %s", self.partner_id.display_name),
            [
                ("commercial_partner_id", "=", self.partner_id.id),
                *self._month_domain("date_open"),
            ],
        )

    def action_open_expenses(self):
        self.ensure_one()
        accounts = self.env["account.analytic.account"].search(
            [("partner_id", "child_of", self.partner_id.id)]
        )
        return self._open(
            "hr.expense",
            self.env._("Expenses for %s", self.partner_id.display_name),
            [
                ("analytic_distribution", "in", accounts.ids),
                ("state", "in", ("approved", "done")),
                *self._month_domain("date"),
            ],
        )

    def action_open_deliveries(self):
        self.ensure_one()
        return self._open(
            "stock.picking",
            self.env._("Deliveries to %s", self.partner_id.display_name),
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "=", "done"),
                ("sale_id.partner_id", "child_of", self.partner_id.id),
                *self._month_domain("date_done"),
            ],
        )

    # ----------------------------------------------------------- Excel export
    @api.model
    def _xlsx_bytes(self, rows):
        buffer = io.BytesIO()
        workbook = xlsx_workbook(buffer)
        sheet = workbook.add_worksheet(self.env._("Customer Profitability")[:31])
        bold = workbook.add_format({"bold": True})
        fields_info = self.fields_get(EXPORT_COLUMNS, ["string", "selection"])
        for column, name in enumerate(EXPORT_COLUMNS):
            xlsx_write(sheet, 0, column, fields_info[name]["string"], bold)
        drivers = dict(fields_info["main_cost_driver"]["selection"])
        for index, row in enumerate(rows, start=1):
            values = (
                fields.Date.to_string(row.date),
                row.partner_id.display_name or "",
                row.user_id.display_name or "",
                *(row[name] for name in EXPORT_COLUMNS[3:-1]),
                drivers.get(row.main_cost_driver, ""),
            )
            for column, value in enumerate(values):
                xlsx_write(sheet, index, column, value)
        workbook.close()
        return buffer.getvalue()

    def action_export_xlsx(self):
        """The selected rows (every row the user may read when none is
        selected) as an Excel file to download."""
        rows = self or self.search([("company_id", "in", self.env.companies.ids)])
        attachment = self.env["ir.attachment"].create(
            {
                "name": "customer_profitability.xlsx",
                "datas": base64.b64encode(self._xlsx_bytes(rows)),
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

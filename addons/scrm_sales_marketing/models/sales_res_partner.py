from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, format_amount

from .sales_expense import cost_of_sale_totals, open_cost_of_sale
from .sales_tz import ZONES_CTE, local_date_sql


class ResPartner(models.Model):
    _inherit = "res.partner"

    scrm_segment_id = fields.Many2one(
        "scrm.marketing.segment",
        string="In Marketing Segment",
        compute="_compute_scrm_segment_id",
        search="_search_scrm_segment_id",
        groups="scrm_sales_marketing.group_marketing_user",
        help="Search the records of a marketing segment (its conditions, "
        "purchases and added contacts, less the removed ones).",
    )

    def _compute_scrm_segment_id(self):
        self.scrm_segment_id = False

    def _search_scrm_segment_id(self, operator, value):
        return self.env["scrm.marketing.segment"]._search_members(
            self._name, operator, value
        )

    scrm_territory_id = fields.Many2one(
        "scrm.territory",
        string="Territory",
        index="btree_not_null",
        tracking=True,
        help="Set from the territories' rules when the account is created; "
        "change it by hand or with a territory plan.",
    )
    scrm_annual_revenue = fields.Monetary(
        string="Yearly Revenue",
        currency_field="currency_id",
        help="The account's yearly revenue, for territory revenue bands.",
    )
    scrm_employee_count = fields.Integer(
        string="Number of Employees",
        help="The account's number of employees, for territory company-size bands.",
    )
    scrm_account_team_ids = fields.One2many(
        "scrm.account.team.member", "partner_id", string="Account Team"
    )

    def _scrm_territory_match_values(self):
        """What the territory rules look at, as plain values."""
        self.ensure_one()
        return {
            "partner_id": self.id,
            "country_id": self.country_id.id,
            "state_id": self.state_id.id,
            "zip": self.zip,
            "industry_id": self.industry_id.id,
            "category_ids": self.category_id.ids,
            "revenue": self.scrm_annual_revenue,
            "employees": self.scrm_employee_count,
        }

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._scrm_assign_territory()
        return partners

    def _scrm_assign_territory(self):
        """Give new commercial partners without a territory theirs, and an owner
        from its members when they have none."""
        todo = self.filtered(
            lambda p: p.is_company and not p.parent_id and not p.scrm_territory_id
        )
        if not todo:
            return
        # Whoever creates the contact (an accountant, a portal sign-up, a
        # company being set up) may know nothing of territories: the
        # assignment is the system's, so it reads the rules as superuser.
        Territory = self.env["scrm.territory"].sudo()
        matches = Territory._match_partners(todo)
        by_territory = {}
        for partner in todo:
            territory = matches.get(partner.id)
            if territory:
                by_territory.setdefault(territory, self.browse())
                by_territory[territory] |= partner
        for territory, partners in by_territory.items():
            partners.sudo().write({"scrm_territory_id": territory.id})
            # Only members own accounts: a territory without members (the
            # default one, often) leaves the owner to be chosen by hand.
            unowned = partners.filtered(lambda p: not p.user_id)
            if not territory.member_ids:
                continue
            owners = territory._pick_owners(len(unowned)) if unowned else []
            for partner, owner in zip(unowned, owners, strict=True):
                if owner:
                    partner.sudo().user_id = owner

    # Visits (sales_visit.py): the last one, and the accounts due one.

    scrm_visit_ids = fields.One2many("scrm.sales.visit", "account_id", string="Visits")
    scrm_last_visit_date = fields.Date(
        string="Last Visit",
        compute="_compute_scrm_last_visit_date",
        store=True,
        help="The day of the account's last reported visit.",
    )

    @api.depends(
        "scrm_visit_ids.visit_state",
        "scrm_visit_ids.start",
        "scrm_visit_ids.user_id",
    )
    def _compute_scrm_last_visit_date(self):
        # The day of the last visit is the salesperson's (else the company's),
        # not UTC's: a visit at 07:30 in Shanghai is 23:30 UTC the day before.
        # One query for any number of accounts and visits: each account's
        # newest done visit, read as a local day by PostgreSQL.
        ids = [partner_id for partner_id in self._origin.ids if partner_id]
        last = {}
        if ids:
            self.env["calendar.event"].flush_model(["start", "user_id"])
            self.env["scrm.sales.visit"].flush_model(
                ["account_id", "company_id", "event_id", "visit_state"]
            )
            self.env["res.partner"].flush_model(["tz"])
            self.env["res.company"].flush_model(["partner_id", "resource_calendar_id"])
            self.env["resource.calendar"].flush_model(["tz"])
            self.env.cr.execute(
                SQL(
                    """
                    WITH %s
                    SELECT DISTINCT ON (v.account_id) v.account_id, %s
                      FROM scrm_sales_visit v
                      JOIN calendar_event ev ON ev.id = v.event_id
                 LEFT JOIN scrm_user_zone uz ON uz.user_id = ev.user_id
                 LEFT JOIN scrm_company_zone cz ON cz.company_id = v.company_id
                     WHERE v.account_id = ANY(%s) AND v.visit_state = 'done'
                  ORDER BY v.account_id, ev.start DESC, v.id DESC
                    """,
                    ZONES_CTE,
                    local_date_sql("ev.start", "uz.tz", "cz.tz"),
                    ids,
                )
            )
            last = dict(self.env.cr.fetchall())
        for partner in self:
            partner.scrm_last_visit_date = last.get(partner._origin.id, False)

    @api.model
    def action_scrm_accounts_to_visit(self):
        """The accounts of my territories not visited for each territory's
        interval (never visited included), to plan the next visits."""
        territories = self.env["scrm.territory"].search(
            ["|", ("member_ids", "=", self.env.uid), ("user_id", "=", self.env.uid)]
        )
        today = fields.Date.context_today(self)
        branches = [
            [
                ("scrm_territory_id", "=", territory.id),
                "|",
                ("scrm_last_visit_date", "=", False),
                (
                    "scrm_last_visit_date",
                    "<",
                    today - timedelta(days=territory.visit_interval_days),
                ),
            ]
            for territory in territories
        ]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_sales_marketing.res_partner_scrm_to_visit_action"
        )
        action["domain"] = expression.AND(
            [
                [
                    ("is_company", "=", True),
                    # Our own companies are not accounts to visit.
                    (
                        "id",
                        "not in",
                        self.env["res.company"]
                        .sudo()
                        .search_fetch([("partner_id", "!=", False)], ["partner_id"])
                        .partner_id.ids,
                    ),
                ],
                expression.OR(branches) if branches else expression.FALSE_DOMAIN,
            ]
        )
        return action

    # Cadences (sales_cadence.py): a reply from the contact ends them.

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if message.message_type == "email" and author and author in self:
            self.env["scrm.cadence.enrolment"]._scrm_stop_for("reply", partners=author)
        return result

    # Cost of sale (sales_expense.py): expenses and visits' time.

    scrm_cost_currency_id = fields.Many2one(
        "res.currency", compute="_compute_scrm_cost_of_sale"
    )
    scrm_expense_cost = fields.Monetary(
        string="Expenses",
        compute="_compute_scrm_cost_of_sale",
        currency_field="scrm_cost_currency_id",
    )
    scrm_visit_cost = fields.Monetary(
        string="Visits' Time",
        compute="_compute_scrm_cost_of_sale",
        currency_field="scrm_cost_currency_id",
    )
    scrm_cost_of_sale = fields.Monetary(
        string="Cost of Sale",
        compute="_compute_scrm_cost_of_sale",
        currency_field="scrm_cost_currency_id",
    )

    def _compute_scrm_cost_of_sale(self):
        totals = cost_of_sale_totals(
            self.env, "scrm_account_id", "account_id", self._origin.ids
        )
        for partner in self:
            expense, visit = totals.get(partner._origin.id, (0.0, 0.0))
            partner.scrm_cost_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )
            partner.scrm_expense_cost = expense
            partner.scrm_visit_cost = visit
            partner.scrm_cost_of_sale = expense + visit

    def action_scrm_open_cost_of_sale(self):
        self.ensure_one()
        return open_cost_of_sale(self, "account_id")

    # ------------------------------------------------------------------
    # Relationship panel (scrm_base): opportunities, orders and revenue
    # ------------------------------------------------------------------

    @api.model
    def _scrm_revenue_in_company_currency(self, orders):
        """The untaxed total of ``orders`` in the current company's currency,
        each order converted at its own date: with the rate Sales stored on the
        order (``currency_rate``, from Odoo's currency rates at the order date,
        as Sales' own analysis converts), read for all orders at once; an order
        of a company with another currency is converted once more, at its date."""
        target = self.env.company.currency_id
        total = 0.0
        # One read of every order's amount, rate, company and date (prefetch).
        for order in orders:
            amount = order.amount_untaxed / (order.currency_rate or 1.0)
            currency = order.company_id.currency_id
            if currency != target:
                amount = currency._convert(
                    amount,
                    target,
                    self.env.company,
                    order.date_order.date(),
                    round=False,
                )
            total += amount
        return target.round(total)

    def _scrm_panel_figures(self):
        figures = super()._scrm_panel_figures()
        Lead = self.env["crm.lead"]
        Order = self.env["sale.order"]
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        for partner in self:
            is_customer = partner.scrm_role in ("customer", "both")
            if Lead.has_access("read"):
                domain = [
                    ("partner_id", "child_of", partner.id),
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                ]
                leads = Lead.search(domain)
                expected = sum(leads.mapped("expected_revenue"))
                figures[partner.id].append(
                    {
                        "key": "sales_open_opportunities",
                        "sequence": 10,
                        "label": self.env._("Open Opportunities"),
                        "icon": "fa-star",
                        "value": len(leads),
                        "display": str(len(leads)),
                        "hint": format_amount(
                            self.env, expected, self.env.company.currency_id
                        )
                        if expected
                        else False,
                        "always": is_customer,
                        "model": "crm.lead",
                        "domain": domain,
                    }
                )
            if Order.has_access("read"):
                domain = [
                    ("partner_id", "child_of", partner.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", fields.Datetime.to_string(year_start)),
                ]
                orders = Order.search(domain)
                revenue = self._scrm_revenue_in_company_currency(orders)
                figures[partner.id] += [
                    {
                        "key": "sales_orders_this_year",
                        "sequence": 20,
                        "label": self.env._("Orders This Year"),
                        "icon": "fa-shopping-cart",
                        "value": len(orders),
                        "display": str(len(orders)),
                        "always": is_customer,
                        "model": "sale.order",
                        "domain": domain,
                    },
                    {
                        "key": "sales_revenue_this_year",
                        "sequence": 21,
                        "label": self.env._("Revenue This Year"),
                        "icon": "fa-line-chart",
                        "value": revenue,
                        "display": format_amount(
                            self.env, revenue, self.env.company.currency_id
                        ),
                        "hint": self.env._(
                            "untaxed, confirmed orders, in %(currency)s at each "
                            "order's date",
                            currency=self.env.company.currency_id.name,
                        ),
                        "always": is_customer,
                        "model": "sale.order",
                        "domain": domain,
                    },
                ]
        return figures

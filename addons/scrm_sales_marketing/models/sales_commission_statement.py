from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

PAID_STATES = ("paid", "in_payment", "reversed")


class ScrmCommissionStatement(models.Model):
    """What one person earned under one plan over one period: draft (recomputed
    from posted invoices, every line previewed) -> confirmed (never changes
    again) -> settled (a vendor bill for an agent, an accrual entry for an
    employee)."""

    _name = "scrm.commission.statement"
    _description = "Commission Statement"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    assignment_id = fields.Many2one(
        "scrm.commission.assignment", required=True, readonly=True, ondelete="restrict"
    )
    plan_id = fields.Many2one(related="assignment_id.plan_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        index="btree_not_null",
        help="Who earns it: the salesperson, or the leader of a team plan's team.",
    )
    team_id = fields.Many2one(
        related="assignment_id.team_id", store=True, string="Sales Team"
    )
    partner_id = fields.Many2one(
        related="assignment_id.partner_id", store=True, string="Agent"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("settled", "Settled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "scrm.commission.statement.line", "statement_id", string="Lines", readonly=True
    )
    quota_amount = fields.Monetary(readonly=True)
    base_amount = fields.Monetary(string="Base", readonly=True)
    achievement = fields.Float(string="Quota Achievement (%)", readonly=True)
    amount_total = fields.Monetary(string="Commission", readonly=True, tracking=True)
    move_id = fields.Many2one(
        "account.move", string="Settlement", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE (assignment_id, date_from)",
            "A beneficiary has one statement per period.",
        ),
    ]

    @api.depends("assignment_id.user_id", "assignment_id.team_id")
    def _compute_user_id(self):
        for statement in self:
            assignment = statement.assignment_id
            statement.user_id = assignment.user_id or assignment.team_id.user_id

    @api.depends("assignment_id", "date_from", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = (
                f"{statement.assignment_id.display_name} "
                f"{statement.date_from} - {statement.date_to}"
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for statement in self:
            if statement.date_to < statement.date_from:
                raise ValidationError(self.env._("A period ends after it starts."))

    # Computation

    @api.model
    def _scrm_generate(self, plans, date_from, date_to):
        """Create or recompute the draft statements of every beneficiary of
        ``plans`` for the period; confirmed ones are left as they are."""
        for plan in plans.filtered(lambda p: not p.rule_ids):
            raise UserError(
                self.env._("The plan %(plan)s has no rules.", plan=plan.name)
            )
        existing = self.search(
            [("plan_id", "in", plans.ids), ("date_from", "=", date_from)]
        )
        by_assignment = {s.assignment_id: s for s in existing}
        new_vals = [
            {"assignment_id": a.id, "date_from": date_from, "date_to": date_to}
            for a in plans.assignment_ids
            if a not in by_assignment
        ]
        statements = existing | self.create(new_vals)
        statements.filtered(lambda s: s.state == "draft")._scrm_compute()
        return statements

    def _scrm_compute(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("A confirmed statement never changes."))
        for plan, statements in self.grouped("plan_id").items():
            if not plan.rule_ids:
                raise UserError(
                    self.env._("The plan %(plan)s has no rules.", plan=plan.name)
                )
            statements._scrm_compute_plan(plan)

    def _scrm_compute_plan(self, plan):
        events = self._scrm_load_events(plan)
        rules = plan.rule_ids.sorted(lambda r: (r.sequence, r.id))
        line_vals = []
        for statement in self:
            mine = sorted(
                events.get(statement.assignment_id.id, []),
                key=lambda e: (e["date"], e["move_id"], e["line_id"]),
            )
            vals, base, total = statement._scrm_price_events(mine, rules)
            line_vals += vals
            quota = statement.assignment_id.quota_amount
            statement.write(
                {
                    "quota_amount": quota,
                    "base_amount": base,
                    "achievement": quota and base / quota * 100.0,
                    "amount_total": total,
                }
            )
        self.line_ids.unlink()
        self.env["scrm.commission.statement.line"].create(line_vals)

    def _scrm_price_events(self, events, rules):
        """Lines of one statement: a running total per rule, so that each line's
        amount is what it adds to the period's commission (tiers and caps
        included) and the lines add up to the statement."""
        self.ensure_one()
        quota = self.assignment_id.quota_amount
        cumulative = 0.0
        running = dict.fromkeys(rules, 0.0)
        paid = dict.fromkeys(rules, 0.0)
        vals_list = []
        base_total = 0.0
        for event in events:
            product = self.env["product.product"].browse(event["product_id"])
            partner = self.env["res.partner"].browse(event["partner_id"])
            team = self.env["crm.team"].browse(event["team_id"])
            rule = next(
                (
                    r
                    for r in rules
                    if r._matches(
                        product,
                        partner.commercial_partner_id.category_id,
                        team,
                        partner.commercial_partner_id.scrm_territory_id,
                    )
                ),
                None,
            )
            base = event["base"]
            before = cumulative
            cumulative += base
            base_total += base
            if rule is None:
                continue
            if rule.compute_type == "percent":
                raw = base * rule.rate / 100.0
            elif rule.compute_type == "per_unit":
                sign = 1 if base >= 0 else -1
                raw = sign * abs(event["quantity"]) * rule.amount_per_unit
            else:
                if not quota:
                    raise UserError(
                        self.env._(
                            "%(who)s has no quota for the tiered rule of %(plan)s.",
                            who=self.assignment_id.display_name,
                            plan=rule.plan_id.name,
                        )
                    )
                raw = rule._tiered_amount(cumulative, quota) - rule._tiered_amount(
                    before, quota
                )
            running[rule] += raw
            capped = (
                min(rule.cap_amount, running[rule])
                if rule.cap_amount
                else running[rule]
            )
            amount = self.currency_id.round(capped - paid[rule])
            paid[rule] += amount
            vals_list.append(
                {
                    "statement_id": self.id,
                    "move_id": event["move_id"],
                    "move_line_id": event["line_id"],
                    "product_id": event["product_id"],
                    "date": event["date"],
                    "kind": event["kind"],
                    "rule_id": rule.id,
                    "base": base,
                    "rate": base and amount / base * 100.0,
                    "amount": amount,
                }
            )
        return vals_list, base_total, sum(paid.values())

    def _scrm_load_events(self, plan):
        if plan.base_type == "paid":
            return self._scrm_load_paid_events(plan)
        return self._scrm_load_invoiced_events(plan)

    def _scrm_load_invoiced_events(self, plan):
        """{assignment id: [event]} of posted customer invoices and refunds of the
        statements' periods, and the claw-backs of invoices still unpaid after the
        plan's window; a fixed number of queries whatever the number of lines."""
        assignments = self.assignment_id
        user_map = {a.user_id.id: a.id for a in assignments if a.user_id}
        agent_map = {a.partner_id.id: a.id for a in assignments if a.partner_id}
        team_map = {a.team_id.id: a.id for a in assignments if a.team_id}
        date_from = min(self.mapped("date_from"))
        date_to = max(self.mapped("date_to"))
        days = plan.clawback_days
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT aml.id AS line_id, aml.move_id, aml.product_id,
                       aml.quantity, -aml.balance AS base, am.invoice_date,
                       am.move_type, am.payment_state, am.invoice_user_id,
                       am.scrm_agent_id, am.partner_id, am.team_id
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE am.state = 'posted'
                   AND am.company_id = %(company)s
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
                   AND (am.invoice_user_id = ANY(%(users)s)
                        OR am.scrm_agent_id = ANY(%(agents)s)
                        OR am.team_id = ANY(%(teams)s))
                   AND (am.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                        OR (%(days)s > 0 AND am.move_type = 'out_invoice'
                            AND am.payment_state NOT IN %(paid)s
                            AND am.invoice_date + %(days)s
                                BETWEEN %(date_from)s AND %(date_to)s))
                """,
                company=plan.company_id.id,
                users=list(user_map),
                agents=list(agent_map),
                teams=list(team_map),
                date_from=date_from,
                date_to=date_to,
                days=days,
                paid=PAID_STATES,
            )
        )
        periods = {s.assignment_id.id: (s.date_from, s.date_to) for s in self}
        events = {}
        for row in rows:
            for assignment_id in (
                user_map.get(row["invoice_user_id"]),
                agent_map.get(row["scrm_agent_id"]),
                team_map.get(row["team_id"]),
            ):
                if not assignment_id:
                    continue
                start, end = periods[assignment_id]
                common = {
                    "line_id": row["line_id"],
                    "move_id": row["move_id"],
                    "product_id": row["product_id"],
                    "partner_id": row["partner_id"],
                    "team_id": row["team_id"],
                    "quantity": row["quantity"],
                }
                if start <= row["invoice_date"] <= end:
                    kind = "invoice" if row["move_type"] == "out_invoice" else "refund"
                    events.setdefault(assignment_id, []).append(
                        {
                            **common,
                            "date": row["invoice_date"],
                            "kind": kind,
                            "base": row["base"],
                        }
                    )
                deadline = row["invoice_date"] + timedelta(days=days)
                if (
                    days
                    and row["move_type"] == "out_invoice"
                    and row["payment_state"] not in PAID_STATES
                    and start <= deadline <= end
                ):
                    events.setdefault(assignment_id, []).append(
                        {
                            **common,
                            "date": deadline,
                            "kind": "clawback",
                            "base": -row["base"],
                        }
                    )
        return events

    def _scrm_load_paid_events(self, plan):
        """{assignment id: [event]} of the money received in the statements'
        periods: each payment of a posted customer invoice brings the invoice's
        lines in proportion to the part it pays, on the payment's date; money
        paid back on a credit note counts negative. A credit note set against
        an invoice moves no money: neither counts. One query."""
        assignments = self.assignment_id
        user_map = {a.user_id.id: a.id for a in assignments if a.user_id}
        agent_map = {a.partner_id.id: a.id for a in assignments if a.partner_id}
        team_map = {a.team_id.id: a.id for a in assignments if a.team_id}
        date_from = min(self.mapped("date_from"))
        date_to = max(self.mapped("date_to"))
        for model in ("account.move.line", "account.move", "account.partial.reconcile"):
            self.env[model].flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH paid AS (
                    SELECT rec.move_id, apr.max_date AS day,
                           SUM(apr.amount) AS amount
                      FROM account_partial_reconcile apr
                      JOIN account_move_line rec
                        ON rec.id IN (apr.debit_move_id, apr.credit_move_id)
                      JOIN account_move_line other
                        ON other.id IN (apr.debit_move_id, apr.credit_move_id)
                       AND other.id != rec.id
                      JOIN account_move other_move ON other_move.id = other.move_id
                      JOIN account_account acc ON acc.id = rec.account_id
                     WHERE acc.account_type = 'asset_receivable'
                       AND other_move.move_type NOT IN ('out_invoice', 'out_refund')
                       AND apr.max_date BETWEEN %(date_from)s AND %(date_to)s
                     GROUP BY rec.move_id, apr.max_date
                )
                SELECT aml.id AS line_id, aml.move_id, aml.product_id,
                       aml.quantity, paid.day,
                       -aml.balance * paid.amount
                           / NULLIF(ABS(am.amount_total_signed), 0) AS base,
                       paid.amount / NULLIF(ABS(am.amount_total_signed), 0)
                           AS share,
                       am.move_type, am.invoice_user_id, am.scrm_agent_id,
                       am.partner_id, am.team_id
                  FROM paid
                  JOIN account_move am ON am.id = paid.move_id
                  JOIN account_move_line aml ON aml.move_id = am.id
                 WHERE am.state = 'posted'
                   AND am.company_id = %(company)s
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
                   AND (am.invoice_user_id = ANY(%(users)s)
                        OR am.scrm_agent_id = ANY(%(agents)s)
                        OR am.team_id = ANY(%(teams)s))
                """,
                company=plan.company_id.id,
                users=list(user_map),
                agents=list(agent_map),
                teams=list(team_map),
                date_from=date_from,
                date_to=date_to,
            )
        )
        periods = {s.assignment_id.id: (s.date_from, s.date_to) for s in self}
        events = {}
        for row in rows:
            for assignment_id in (
                user_map.get(row["invoice_user_id"]),
                agent_map.get(row["scrm_agent_id"]),
                team_map.get(row["team_id"]),
            ):
                if not assignment_id:
                    continue
                start, end = periods[assignment_id]
                if not start <= row["day"] <= end or row["base"] is None:
                    continue
                events.setdefault(assignment_id, []).append(
                    {
                        "line_id": row["line_id"],
                        "move_id": row["move_id"],
                        "product_id": row["product_id"],
                        "partner_id": row["partner_id"],
                        "team_id": row["team_id"],
                        "quantity": row["quantity"] * (row["share"] or 0.0),
                        "date": row["day"],
                        "kind": "payment"
                        if row["move_type"] == "out_invoice"
                        else "refund",
                        "base": self.currency_id.round(row["base"]),
                    }
                )
        return events

    # Actions

    def action_recompute(self):
        self._scrm_compute()

    def action_confirm(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("Only a draft statement can be confirmed."))
        self.write({"state": "confirmed"})

    def action_settle(self):
        """Settle confirmed statements once: the rows are locked first, so two
        clicks at the same time make one bill or entry and the second is told."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM scrm_commission_statement WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["state", "move_id"])
        for statement in self:
            if statement.state == "settled":
                raise UserError(
                    self.env._(
                        "%(name)s is already settled by %(move)s.",
                        name=statement.name,
                        move=statement.move_id.name,
                    )
                )
            if statement.state != "confirmed":
                raise UserError(self.env._("Confirm a statement before settling it."))
            move = statement._scrm_create_settlement()
            statement.write({"state": "settled", "move_id": move.id})
        return True

    def _scrm_create_settlement(self):
        self.ensure_one()
        plan = self.plan_id
        if not plan.expense_account_id:
            raise UserError(
                self.env._(
                    "Set the commission expense account of %(plan)s.", plan=plan.name
                )
            )
        label = self.env._("Commission %(name)s", name=self.name)
        Move = self.env["account.move"].sudo()
        if self.partner_id:
            move = Move.create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "invoice_date": self.date_to,
                    "ref": label,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": self.amount_total,
                                "account_id": plan.expense_account_id.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        else:
            if not (plan.accrual_account_id and plan.journal_id):
                raise UserError(
                    self.env._(
                        "Set the accrual account and the journal of %(plan)s.",
                        plan=plan.name,
                    )
                )
            amount = self.amount_total
            move = Move.create(
                {
                    "move_type": "entry",
                    "journal_id": plan.journal_id.id,
                    "date": self.date_to,
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "account_id": plan.expense_account_id.id,
                                "debit": max(amount, 0.0),
                                "credit": max(-amount, 0.0),
                            }
                        ),
                        Command.create(
                            {
                                "name": label,
                                "partner_id": self.user_id.partner_id.id,
                                "account_id": plan.accrual_account_id.id,
                                "debit": max(-amount, 0.0),
                                "credit": max(amount, 0.0),
                            }
                        ),
                    ],
                }
            )
            move.action_post()
        return move

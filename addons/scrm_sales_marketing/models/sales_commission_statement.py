from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.scrm_base.tools.validation import check_record_limits

PAID_STATES = ("paid", "in_payment", "reversed")

# Columns of a statement line, in the order of the bulk INSERT.
LINE_COLUMNS = (
    "statement_id",
    "move_id",
    "move_line_id",
    "product_id",
    "date",
    "kind",
    "rule_id",
    "base",
    "rate",
    "amount",
    "credit_share",
)
# What the rules match on, read with the invoice lines in the loaders' query.
MATCH_COLUMNS = SQL(
    """pc.parent_path AS categ_path, terr.parent_path AS territory_path,
       ARRAY(SELECT rel.category_id
               FROM res_partner_res_partner_category_rel rel
              WHERE rel.partner_id = am.commercial_partner_id) AS tag_ids"""
)
MATCH_JOINS = SQL(
    """LEFT JOIN product_product pp ON pp.id = aml.product_id
       LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
       LEFT JOIN product_category pc ON pc.id = pt.categ_id
       LEFT JOIN res_partner cp ON cp.id = am.commercial_partner_id
       LEFT JOIN scrm_territory terr ON terr.id = cp.scrm_territory_id"""
)


def _match_values(row):
    return {
        "line_id": row["line_id"],
        "move_id": row["move_id"],
        "product_id": row["product_id"],
        "team_id": row["team_id"],
        "categ_path": row["categ_path"] or "",
        "territory_path": row["territory_path"] or "",
        "tags": tuple(sorted(row["tag_ids"] or ())),
    }


def _rule_matches(rule, product_id, categ_path, tags, team_id, territory_path):
    return (
        (not rule["product_id"] or rule["product_id"] == product_id)
        and (not rule["categ_path"] or categ_path.startswith(rule["categ_path"]))
        and (not rule["tag_id"] or rule["tag_id"] in tags)
        and (not rule["team_id"] or rule["team_id"] == team_id)
        and (
            not rule["territory_path"]
            or territory_path.startswith(rule["territory_path"])
        )
    )


def _rule_for(rules, event, cache):
    """The first rule matching an event, cached by what rules match on."""
    key = (
        event["product_id"],
        event["categ_path"],
        event["tags"],
        event["team_id"],
        event["territory_path"],
    )
    if key not in cache:
        cache[key] = next((r for r in rules if _rule_matches(r, *key)), None)
    return cache[key]


def _tiered_amount(tiers, cumulative, quota):
    """Commission of a cumulative base under marginal tiers of quota achievement
    (like tax brackets); a negative base at the first rate. ``tiers``: (from %,
    to % or 0, rate %) in order."""
    if cumulative <= 0:
        return cumulative * tiers[0][2] / 100.0
    total = 0.0
    for from_percent, to_percent, rate in tiers:
        low = quota * from_percent / 100.0
        high = quota * to_percent / 100.0 if to_percent else None
        if cumulative <= low:
            break
        top = cumulative if high is None else min(cumulative, high)
        total += (top - low) * rate / 100.0
    return total


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
        # Within the planning horizon: a period of centuries would read every
        # invoice line of the company.
        check_record_limits(self, dates=("date_from", "date_to"))

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
        # The lines are written in SQL: who may not create them may not price.
        self.env["scrm.commission.statement.line"].check_access("create")
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("A confirmed statement never changes."))
        for plan, statements in self.grouped("plan_id").items():
            if not plan.rule_ids:
                raise UserError(
                    self.env._("The plan %(plan)s has no rules.", plan=plan.name)
                )
            statements._scrm_compute_plan(plan)

    def _scrm_compute_plan(self, plan):
        """Price the statements of ``plan`` set-based: one query reads every
        line with what the rules match on (product category, customer tags,
        territory), the pricing runs on plain values (no record per line), and
        the statement lines are replaced by one DELETE and one INSERT. The
        number of queries does not depend on the number of invoice lines."""
        events = self._scrm_load_events(plan)
        rules = plan.rule_ids._scrm_pricing_values()
        currency = plan.currency_id
        columns = {name: [] for name in LINE_COLUMNS}
        match_cache = {}
        for statement in self:
            mine = sorted(
                events.get(statement.assignment_id.id, []),
                key=lambda e: (e["date"], e["move_id"], e["line_id"], e["share"]),
            )
            base, total = statement._scrm_price_events(
                mine, rules, currency, columns, match_cache
            )
            quota = statement.assignment_id.quota_amount
            statement.write(
                {
                    "quota_amount": quota,
                    "base_amount": base,
                    "achievement": quota and base / quota * 100.0,
                    "amount_total": total,
                }
            )
        self._scrm_replace_lines(columns)

    def _scrm_price_events(self, events, rules, currency, columns, match_cache):
        """Append the lines of one statement to ``columns``: a running total per
        rule, so that each line's amount is what it adds to the period's
        commission (tiers and caps included) and the lines add up to the
        statement. Returns the statement's base and commission."""
        self.ensure_one()
        quota = self.assignment_id.quota_amount
        cumulative = 0.0
        running = {}
        paid = {}
        base_total = 0.0
        for event in events:
            rule = _rule_for(rules, event, match_cache)
            base = event["base"]
            before = cumulative
            cumulative += base
            base_total += base
            if rule is None:
                continue
            if rule["compute_type"] == "percent":
                raw = base * rule["rate"] / 100.0
            elif rule["compute_type"] == "per_unit":
                sign = 1 if base >= 0 else -1
                raw = sign * abs(event["quantity"]) * rule["amount_per_unit"]
            else:
                if not quota:
                    raise UserError(
                        self.env._(
                            "%(who)s has no quota for the tiered rule of %(plan)s.",
                            who=self.assignment_id.display_name,
                            plan=self.plan_id.name,
                        )
                    )
                raw = _tiered_amount(rule["tiers"], cumulative, quota) - (
                    _tiered_amount(rule["tiers"], before, quota)
                )
            rule_id = rule["id"]
            running[rule_id] = running.get(rule_id, 0.0) + raw
            capped = (
                min(rule["cap_amount"], running[rule_id])
                if rule["cap_amount"]
                else running[rule_id]
            )
            amount = currency.round(capped - paid.get(rule_id, 0.0))
            paid[rule_id] = paid.get(rule_id, 0.0) + amount
            for name, value in (
                ("statement_id", self.id),
                ("move_id", event["move_id"]),
                ("move_line_id", event["line_id"]),
                ("product_id", event["product_id"]),
                ("date", event["date"]),
                ("kind", event["kind"]),
                ("rule_id", rule_id),
                ("base", currency.round(base)),
                ("rate", round(base and amount / base * 100.0, 4)),
                ("amount", amount),
                ("credit_share", round(event["share"] * 100.0, 2)),
            ):
                columns[name].append(value)
        return currency.round(base_total), currency.round(sum(paid.values()))

    def _scrm_replace_lines(self, columns):
        """Replace the statements' lines: one DELETE and one INSERT of arrays,
        whatever their number (the ORM would insert them 100 at a time)."""
        Line = self.env["scrm.commission.statement.line"]
        Line.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM scrm_commission_statement_line "
                "WHERE statement_id = ANY(%s)",
                self.ids,
            )
        )
        if columns["statement_id"]:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO scrm_commission_statement_line
                        (statement_id, move_id, move_line_id, product_id, date,
                         kind, rule_id, base, rate, amount, credit_share,
                         create_uid, write_uid, create_date, write_date)
                    SELECT t.*, %(uid)s, %(uid)s,
                           NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                      FROM UNNEST(%(statement)s::int[], %(move)s::int[],
                                  %(move_line)s::int[], %(product)s::int[],
                                  %(date)s::date[], %(kind)s::varchar[],
                                  %(rule)s::int[], %(base)s::numeric[],
                                  %(rate)s::numeric[], %(amount)s::numeric[],
                                  %(share)s::numeric[]) AS t
                    """,
                    uid=self.env.uid,
                    statement=columns["statement_id"],
                    move=columns["move_id"],
                    move_line=columns["move_line_id"],
                    product=columns["product_id"],
                    date=columns["date"],
                    kind=columns["kind"],
                    rule=columns["rule_id"],
                    base=columns["base"],
                    rate=columns["rate"],
                    amount=columns["amount"],
                    share=columns["credit_share"],
                )
            )
        Line.invalidate_model()
        self.invalidate_recordset(["line_ids"])

    def _scrm_load_events(self, plan):
        if plan.base_type == "paid":
            return self._scrm_load_paid_events(plan)
        return self._scrm_load_invoiced_events(plan)

    def _scrm_beneficiaries(self, plan):
        """Maps of the statements' beneficiaries: salespeople, agents and teams
        to their assignment, and the service share of the plan (0 to 1)."""
        assignments = self.assignment_id
        return (
            {a.user_id.id: a.id for a in assignments if a.user_id},
            {a.partner_id.id: a.id for a in assignments if a.partner_id},
            {a.team_id.id: a.id for a in assignments if a.team_id},
            plan.service_share / 100.0,
        )

    @staticmethod
    def _scrm_credits(row, maps):
        """(assignment id, share of the line) credited with one row: the
        salesperson, the agent and the team leader of the invoice; when the
        plan gives a service share and the service agent who found the sale
        (``Found By``) is a beneficiary of the plan, that agent takes the share
        of the line and the salesperson keeps the rest."""
        user_map, agent_map, team_map, service_share = maps
        finder = user_map.get(row["found_by_id"])
        seller = user_map.get(row["invoice_user_id"])
        split = bool(service_share and finder and finder != seller)
        credits = []
        if seller:
            credits.append((seller, 1.0 - service_share if split else 1.0))
        if split:
            credits.append((finder, service_share))
        for assignment_id in (
            agent_map.get(row["scrm_agent_id"]),
            team_map.get(row["team_id"]),
        ):
            if assignment_id:
                credits.append((assignment_id, 1.0))
        return credits

    def _scrm_load_invoiced_events(self, plan):
        """{assignment id: [event]} of posted customer invoices and refunds of the
        statements' periods, and the claw-backs of invoices still unpaid after the
        plan's window; one query whatever the number of lines."""
        maps = self._scrm_beneficiaries(plan)
        user_map, agent_map, team_map, _share = maps
        date_from = min(self.mapped("date_from"))
        date_to = max(self.mapped("date_to"))
        days = plan.clawback_days
        self._scrm_flush_sources()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT aml.id AS line_id, aml.move_id, aml.product_id,
                       aml.quantity, -aml.balance AS base, am.invoice_date,
                       am.move_type, am.payment_state, am.invoice_user_id,
                       am.scrm_agent_id, am.scrm_found_by_id AS found_by_id,
                       am.team_id, %(match)s
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  %(joins)s
                 WHERE am.state = 'posted'
                   AND am.company_id = %(company)s
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
                   AND (am.invoice_user_id = ANY(%(users)s)
                        OR am.scrm_found_by_id = ANY(%(users)s)
                        OR am.scrm_agent_id = ANY(%(agents)s)
                        OR am.team_id = ANY(%(teams)s))
                   AND (am.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                        OR (%(days)s > 0 AND am.move_type = 'out_invoice'
                            AND am.payment_state NOT IN %(paid)s
                            AND am.invoice_date + %(days)s
                                BETWEEN %(date_from)s AND %(date_to)s))
                """,
                match=MATCH_COLUMNS,
                joins=MATCH_JOINS,
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
            common = _match_values(row)
            deadline = row["invoice_date"] + timedelta(days=days)
            clawback = (
                days
                and row["move_type"] == "out_invoice"
                and row["payment_state"] not in PAID_STATES
            )
            for assignment_id, share in self._scrm_credits(row, maps):
                start, end = periods[assignment_id]
                if start <= row["invoice_date"] <= end:
                    kind = "invoice" if row["move_type"] == "out_invoice" else "refund"
                    events.setdefault(assignment_id, []).append(
                        {
                            **common,
                            "quantity": row["quantity"] * share,
                            "share": share,
                            "date": row["invoice_date"],
                            "kind": kind,
                            "base": row["base"] * share,
                        }
                    )
                if clawback and start <= deadline <= end:
                    events.setdefault(assignment_id, []).append(
                        {
                            **common,
                            "quantity": row["quantity"] * share,
                            "share": share,
                            "date": deadline,
                            "kind": "clawback",
                            "base": -row["base"] * share,
                        }
                    )
        return events

    def _scrm_flush_sources(self):
        for model in (
            "account.move.line",
            "account.move",
            "account.partial.reconcile",
            "res.partner",
            "product.product",
            "product.template",
        ):
            self.env[model].flush_model()

    def _scrm_load_paid_events(self, plan):
        """{assignment id: [event]} of the money received in the statements'
        periods: each payment of a posted customer invoice brings the invoice's
        lines in proportion to the part it pays, on the payment's date; money
        paid back on a credit note counts negative. A credit note set against
        an invoice moves no money: neither counts. One query."""
        maps = self._scrm_beneficiaries(plan)
        user_map, agent_map, team_map, _share = maps
        date_from = min(self.mapped("date_from"))
        date_to = max(self.mapped("date_to"))
        self._scrm_flush_sources()
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
                           AS paid_share,
                       am.move_type, am.invoice_user_id, am.scrm_agent_id,
                       am.scrm_found_by_id AS found_by_id, am.team_id, %(match)s
                  FROM paid
                  JOIN account_move am ON am.id = paid.move_id
                  JOIN account_move_line aml ON aml.move_id = am.id
                  %(joins)s
                 WHERE am.state = 'posted'
                   AND am.company_id = %(company)s
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
                   AND (am.invoice_user_id = ANY(%(users)s)
                        OR am.scrm_found_by_id = ANY(%(users)s)
                        OR am.scrm_agent_id = ANY(%(agents)s)
                        OR am.team_id = ANY(%(teams)s))
                """,
                match=MATCH_COLUMNS,
                joins=MATCH_JOINS,
                company=plan.company_id.id,
                users=list(user_map),
                agents=list(agent_map),
                teams=list(team_map),
                date_from=date_from,
                date_to=date_to,
            )
        )
        periods = {s.assignment_id.id: (s.date_from, s.date_to) for s in self}
        currency = plan.currency_id
        events = {}
        for row in rows:
            if row["base"] is None:
                continue
            common = _match_values(row)
            kind = "payment" if row["move_type"] == "out_invoice" else "refund"
            for assignment_id, share in self._scrm_credits(row, maps):
                start, end = periods[assignment_id]
                if not start <= row["day"] <= end:
                    continue
                events.setdefault(assignment_id, []).append(
                    {
                        **common,
                        "quantity": row["quantity"]
                        * (row["paid_share"] or 0.0)
                        * share,
                        "share": share,
                        "date": row["day"],
                        "kind": kind,
                        "base": currency.round(row["base"] * share),
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
        clicks at the same time make one bill or entry and the second is told.
        Only who may write statements (a sales manager) settles: the bill or
        entry is written as the system, so the right is checked first, also
        for a call over RPC that no button offers."""
        self.check_access("write")
        if not self:
            return True
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

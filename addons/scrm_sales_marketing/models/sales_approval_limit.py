from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ScrmSalesApprovalLimit(models.Model):
    """What a salesperson, or every member of a sales team, may quote without the
    deal desk: a maximum line discount, a minimum margin and a maximum order amount.
    A salesperson's own limit wins over their team's."""

    _name = "scrm.sales.approval.limit"
    _description = "Pricing Limit"
    _order = "user_id, team_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        check_company=True,
        domain="[('share', '=', False)]",
        index="btree_not_null",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True, index="btree_not_null"
    )
    check_discount = fields.Boolean(string="Limit Discounts")
    max_discount = fields.Float(
        string="Maximum Line Discount (%)",
        help="A line with a larger discount needs an approval.",
    )
    check_margin = fields.Boolean(string="Limit Margins")
    min_margin = fields.Float(
        string="Minimum Line Margin (%)",
        help="A line whose margin (price against the product's cost) is lower needs "
        "an approval.",
    )
    check_amount = fields.Boolean(string="Limit Order Amount")
    max_amount = fields.Monetary(
        string="Maximum Untaxed Amount",
        help="A quotation whose untaxed amount is larger needs an approval.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    approver_id = fields.Many2one(
        "res.users",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Decides on the requests; the leader of the salesperson's team when "
        "empty.",
    )
    escalation_amount = fields.Monetary(
        string="Second Level Above",
        help="Requests for quotations above this untaxed amount go to the second "
        "level approver.",
    )
    escalation_approver_id = fields.Many2one(
        "res.users",
        string="Second Level Approver",
        check_company=True,
        domain="[('share', '=', False)]",
    )

    _sql_constraints = [
        (
            "user_team_unique",
            "UNIQUE NULLS NOT DISTINCT (company_id, user_id, team_id)",
            "A salesperson or a team has one pricing limit per company.",
        ),
    ]

    @api.depends("user_id", "team_id")
    def _compute_display_name(self):
        for limit in self:
            limit.display_name = (limit.user_id or limit.team_id).display_name or ""

    @api.constrains("user_id", "team_id", "company_id")
    def _check_user_or_team(self):
        for limit in self:
            if bool(limit.user_id) == bool(limit.team_id):
                raise ValidationError(
                    self.env._(
                        "A pricing limit is for one salesperson or for one sales team."
                    )
                )

    @api.constrains("max_discount", "min_margin", "max_amount", "escalation_amount")
    def _check_values(self):
        for limit in self:
            if not 0.0 <= limit.max_discount <= 100.0:
                raise ValidationError(
                    self.env._("The maximum discount is a percentage from 0 to 100.")
                )
            if not -100.0 <= limit.min_margin <= 100.0:
                raise ValidationError(
                    self.env._("The minimum margin is a percentage from -100 to 100.")
                )
            if limit.max_amount < 0 or limit.escalation_amount < 0:
                raise ValidationError(self.env._("Amounts cannot be negative."))
            if limit.escalation_amount and not limit.escalation_approver_id:
                raise ValidationError(
                    self.env._(
                        "Choose the second level approver of %(limit)s.",
                        limit=limit.display_name,
                    )
                )

    @api.model
    def _scrm_for_orders(self, orders):
        """{order: limit record or empty} in one query for a batch of orders."""
        limits = self.sudo().search(
            [
                ("company_id", "in", orders.company_id.ids),
                "|",
                ("user_id", "in", orders.user_id.ids),
                ("team_id", "in", orders.team_id.ids),
            ]
        )
        by_user = {(lim.company_id, lim.user_id): lim for lim in limits if lim.user_id}
        by_team = {(lim.company_id, lim.team_id): lim for lim in limits if lim.team_id}
        return {
            order: by_user.get((order.company_id, order.user_id))
            or by_team.get((order.company_id, order.team_id))
            or self.browse()
            for order in orders
        }

    def _scrm_violations(self, order):
        """The translated reasons why ``order`` needs an approval under this limit."""
        self.ensure_one()
        reasons = []
        lines = order.order_line.filtered(
            lambda ln: not ln.display_type and not ln.is_downpayment
        )
        if self.check_discount:
            for line in lines.filtered(lambda ln: ln.discount > self.max_discount):
                reasons.append(
                    self.env._(
                        "%(product)s: discount %(discount)s %% above the %(limit)s %% "
                        "allowed.",
                        product=line.product_id.display_name,
                        discount=round(line.discount, 2),
                        limit=round(self.max_discount, 2),
                    )
                )
        if self.check_margin:
            for line in lines:
                margin = line.margin_percent * 100.0
                if line.price_subtotal and margin < self.min_margin:
                    reasons.append(
                        self.env._(
                            "%(product)s: margin %(margin)s %% below the %(limit)s %% "
                            "required.",
                            product=line.product_id.display_name,
                            margin=round(margin, 2),
                            limit=round(self.min_margin, 2),
                        )
                    )
        if self.check_amount:
            amount = order.currency_id._convert(
                order.amount_untaxed,
                self.currency_id,
                order.company_id,
                order.date_order or fields.Date.today(),
            )
            if self.currency_id.compare_amounts(amount, self.max_amount) > 0:
                reasons.append(
                    self.env._(
                        "Untaxed amount %(amount)s above the %(limit)s allowed.",
                        amount=round(amount, 2),
                        limit=round(self.max_amount, 2),
                    )
                )
        return reasons

    def _scrm_pick_approver(self, order):
        """The approver of ``order``: the second level above the escalation amount,
        else the limit's approver, else the leader of the order's team."""
        self.ensure_one()
        if (
            self.escalation_amount
            and self.currency_id.compare_amounts(
                order.amount_untaxed, self.escalation_amount
            )
            > 0
        ):
            return self.escalation_approver_id
        return self.approver_id or order.team_id.user_id

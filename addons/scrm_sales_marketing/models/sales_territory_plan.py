from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .sales_territory import parse_zip_ranges

BATCH = 1000


class ScrmTerritoryPlan(models.Model):
    """A new map of territories (new rules, new owners), previewed before it is
    activated in one step; activated plans stay as the history of the map."""

    _name = "scrm.territory.plan"
    _description = "Territory Plan"
    _order = "id desc"

    name = fields.Char(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("archived", "Archived")],
        default="draft",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("scrm.territory.plan.line", "plan_id", string="Changes")
    move_ids = fields.One2many(
        "scrm.territory.plan.move", "plan_id", string="Preview", readonly=True
    )
    date_activated = fields.Datetime(readonly=True)
    activated_by_id = fields.Many2one("res.users", readonly=True)
    move_count = fields.Integer(compute="_compute_move_totals")
    pipeline_moved = fields.Monetary(
        currency_field="currency_id", compute="_compute_move_totals"
    )

    @api.depends("move_ids.pipeline_value")
    def _compute_move_totals(self):
        for plan in self:
            plan.move_count = len(plan.move_ids)
            plan.pipeline_moved = sum(plan.move_ids.mapped("pipeline_value"))

    def _overrides(self):
        self.ensure_one()
        return {
            line.territory_id.id: {
                "priority": line.new_priority,
                "countries": set(line.new_country_ids.ids),
                "zip_ranges": line.new_zip_ranges,
                "owner": line.new_user_id.id,
            }
            for line in self.line_ids
        }

    def _compute_moves(self):
        """[{partner_id, old/new territory, old/new owner, opportunities,
        pipeline}] of the accounts the plan would change, for the whole company
        in a fixed number of queries."""
        self.ensure_one()
        overrides = self._overrides()
        match = self.env["scrm.territory"]._get_matcher(
            self.company_id, overrides=overrides
        )
        Partner = self.env["res.partner"]
        # Every account's rule values in one query (50,000 accounts: no ORM
        # record per account, see the readme's bench figures).
        Partner.flush_model(
            [
                "is_company",
                "parent_id",
                "company_id",
                "active",
                "country_id",
                "state_id",
                "zip",
                "industry_id",
                "category_id",
                "scrm_annual_revenue",
                "scrm_employee_count",
                "scrm_territory_id",
                "user_id",
            ]
        )
        field = Partner._fields["category_id"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, p.country_id, p.state_id, p.zip, p.industry_id,
                       ARRAY(SELECT rel.%(tag)s FROM %(rel)s rel
                              WHERE rel.%(partner)s = p.id),
                       p.scrm_annual_revenue, p.scrm_employee_count,
                       p.scrm_territory_id, p.user_id
                  FROM res_partner p
                 WHERE p.active AND p.is_company AND p.parent_id IS NULL
                   AND (p.company_id = %(company)s OR p.company_id IS NULL)
                 ORDER BY p.id
                """,
                tag=SQL.identifier(field.column2),
                rel=SQL.identifier(field.relation),
                partner=SQL.identifier(field.column1),
                company=self.company_id.id,
            )
        )
        territory_owner = {
            territory.id: territory.user_id.id
            for territory in self.env["scrm.territory"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
        }
        moves = []
        for (
            partner_id,
            country_id,
            state_id,
            zip_code,
            industry_id,
            category_ids,
            revenue,
            employees,
            old_territory,
            old_owner,
        ) in rows:
            old_territory, old_owner = old_territory or False, old_owner or False
            new_territory = match(
                {
                    "partner_id": partner_id,
                    "country_id": country_id,
                    "state_id": state_id,
                    "zip": zip_code,
                    "industry_id": industry_id,
                    "category_ids": category_ids,
                    "revenue": revenue or 0.0,
                    "employees": employees or 0,
                }
            )
            plan_owner = overrides.get(new_territory, {}).get("owner")
            if plan_owner:
                new_owner = plan_owner
            elif new_territory != old_territory:
                new_owner = territory_owner.get(new_territory) or old_owner
            else:
                new_owner = old_owner
            if new_territory != old_territory or new_owner != old_owner:
                moves.append(
                    {
                        "partner_id": partner_id,
                        "old_territory_id": old_territory or False,
                        "new_territory_id": new_territory or False,
                        "old_user_id": old_owner or False,
                        "new_user_id": new_owner or False,
                    }
                )
        pipeline = defaultdict(lambda: (0, 0.0))
        if moves:
            for contact, count, value in (
                self.env["crm.lead"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "child_of", [m["partner_id"] for m in moves]),
                        ("type", "=", "opportunity"),
                        ("stage_id.is_won", "=", False),
                    ],
                    ["partner_id"],
                    ["__count", "expected_revenue:sum"],
                )
            ):
                key = contact.commercial_partner_id.id
                total_count, total_value = pipeline[key]
                pipeline[key] = (total_count + count, total_value + value)
        for move in moves:
            move["opportunity_count"], move["pipeline_value"] = pipeline[
                move["partner_id"]
            ]
        return moves

    def action_preview(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be previewed."))
            plan.move_ids.unlink()
            self.env["scrm.territory.plan.move"].create(
                [{"plan_id": plan.id, **move} for move in plan._compute_moves()]
            )
        return True

    def action_activate(self):
        """Apply the plan: the new rules and owners on the territories, then the
        accounts and their open opportunities moved in batches, each move on
        the account's timeline. The previous active plan is archived."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft plan can be activated."))
        self.action_preview()
        for line in self.line_ids:
            vals = {"priority": line.new_priority}
            if line.new_country_ids:
                vals["country_ids"] = [(6, 0, line.new_country_ids.ids)]
            if line.new_zip_ranges:
                vals["zip_ranges"] = line.new_zip_ranges
            if line.new_user_id:
                vals["user_id"] = line.new_user_id.id
            line.territory_id.write(vals)
        moves = self.move_ids
        Lead = self.env["crm.lead"].sudo()
        for start in range(0, len(moves), BATCH):
            batch = moves[start : start + BATCH]
            by_target = defaultdict(lambda: self.env["res.partner"])
            for move in batch:
                by_target[move.new_territory_id.id, move.new_user_id.id] |= (
                    move.partner_id
                )
            for (territory_id, user_id), partners in by_target.items():
                partners.sudo().write(
                    {"scrm_territory_id": territory_id, "user_id": user_id}
                )
                Lead.search(
                    [
                        ("partner_id", "child_of", partners.ids),
                        ("type", "=", "opportunity"),
                        ("stage_id.is_won", "=", False),
                    ]
                ).write({"scrm_territory_id": territory_id, "user_id": user_id})
            batch._log_on_timeline()
        self.search(
            [("state", "=", "active"), ("company_id", "=", self.company_id.id)]
        ).state = "archived"
        self.write(
            {
                "state": "active",
                "date_activated": fields.Datetime.now(),
                "activated_by_id": self.env.uid,
            }
        )
        return True


class ScrmTerritoryPlanLine(models.Model):
    _name = "scrm.territory.plan.line"
    _description = "Territory Plan Change"

    plan_id = fields.Many2one(
        "scrm.territory.plan", required=True, ondelete="cascade", index=True
    )
    territory_id = fields.Many2one("scrm.territory", required=True)
    new_priority = fields.Integer(string="Priority")
    new_country_ids = fields.Many2many("res.country", string="Countries")
    new_zip_ranges = fields.Char(string="Zip Ranges")
    new_user_id = fields.Many2one(
        "res.users", string="New Owner", domain="[('share', '=', False)]"
    )

    @api.constrains("new_zip_ranges")
    def _check_new_zip_ranges(self):
        for line in self:
            try:
                parse_zip_ranges(line.new_zip_ranges)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "“%(range)s” is not a zip range: write numbers such as "
                        "75000-75999, the lower bound first, both of the same length.",
                        range=str(error),
                    )
                ) from None

    @api.onchange("territory_id")
    def _onchange_territory_id(self):
        for line in self:
            line.new_priority = line.territory_id.priority
            line.new_country_ids = line.territory_id.country_ids
            line.new_zip_ranges = line.territory_id.zip_ranges


class ScrmTerritoryPlanMove(models.Model):
    _name = "scrm.territory.plan.move"
    _description = "Territory Plan Move"
    _order = "new_user_id, partner_id"

    plan_id = fields.Many2one(
        "scrm.territory.plan", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Account", required=True)
    old_territory_id = fields.Many2one("scrm.territory", string="From Territory")
    new_territory_id = fields.Many2one("scrm.territory", string="To Territory")
    old_user_id = fields.Many2one("res.users", string="From Owner")
    new_user_id = fields.Many2one("res.users", string="To Owner")
    opportunity_count = fields.Integer(string="Open Opportunities")
    pipeline_value = fields.Monetary(
        string="Pipeline Moved", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")

    def _log_on_timeline(self):
        Interaction = self.env["scrm.interaction"].sudo()
        channel = self.env.ref("scrm_sales_marketing.scrm_channel_territory")
        Interaction.create(
            [
                {
                    "partner_id": move.partner_id.id,
                    "channel_id": channel.id,
                    "direction": "out",
                    "summary": self.env._(
                        "Territory plan %(plan)s: %(old)s (%(old_owner)s) → "
                        "%(new)s (%(new_owner)s)",
                        plan=move.plan_id.name,
                        old=move.old_territory_id.complete_name or "-",
                        old_owner=move.old_user_id.name or "-",
                        new=move.new_territory_id.complete_name or "-",
                        new_owner=move.new_user_id.name or "-",
                    ),
                    "res_model": "scrm.territory.plan",
                    "res_id": move.plan_id.id,
                }
                for move in self
            ]
        )

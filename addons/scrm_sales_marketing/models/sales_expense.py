from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Expenses that are a cost: everything but what the approver refused (drafts
# included, so that the salesperson sees a new receipt at once).
COUNTED_EXPENSE_DOMAIN = [("state", "!=", "refused")]


class HrExpense(models.Model):
    """An expense may be a cost of sale: of an account, an opportunity, a
    territory or a visit (choosing the visit fills in the others)."""

    _inherit = "hr.expense"

    scrm_account_id = fields.Many2one(
        "res.partner",
        string="Customer Account",
        index="btree_not_null",
        domain="[('is_company', '=', True)]",
    )
    scrm_lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null"
    )
    scrm_territory_id = fields.Many2one(
        "scrm.territory", string="Territory", index="btree_not_null"
    )
    scrm_visit_id = fields.Many2one(
        "scrm.sales.visit", string="Visit", index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._scrm_fill_links(vals)
        return super().create(vals_list)

    @api.model
    def _scrm_fill_links(self, vals):
        """What the form's onchanges do, for expenses created by code or
        import: the visit gives the account and opportunity, the account its
        territory."""
        visit = self.env["scrm.sales.visit"].browse(vals.get("scrm_visit_id"))
        if visit:
            vals.setdefault("scrm_account_id", visit.account_id.id)
            if visit.opportunity_id:
                vals.setdefault("scrm_lead_id", visit.opportunity_id.id)
        account = self.env["res.partner"].browse(vals.get("scrm_account_id"))
        if account and account.scrm_territory_id:
            vals.setdefault("scrm_territory_id", account.scrm_territory_id.id)

    @api.onchange("scrm_visit_id")
    def _onchange_scrm_visit_id(self):
        visit = self.scrm_visit_id
        if visit:
            self.scrm_account_id = visit.account_id
            self.scrm_lead_id = visit.opportunity_id or self.scrm_lead_id
            self.scrm_territory_id = visit.territory_id

    @api.onchange("scrm_lead_id")
    def _onchange_scrm_lead_id(self):
        lead = self.scrm_lead_id
        if lead:
            self.scrm_account_id = (
                lead.partner_id.commercial_partner_id or self.scrm_account_id
            )
            self.scrm_territory_id = lead.scrm_territory_id or self.scrm_territory_id

    @api.onchange("scrm_account_id")
    def _onchange_scrm_account_id(self):
        if self.scrm_account_id and not self.scrm_territory_id:
            self.scrm_territory_id = self.scrm_account_id.scrm_territory_id

    @api.constrains("scrm_account_id", "scrm_lead_id", "scrm_visit_id")
    def _check_scrm_links(self):
        for expense in self:
            account = expense.scrm_account_id
            lead_account = expense.scrm_lead_id.partner_id.commercial_partner_id
            visit_account = expense.scrm_visit_id.account_id
            if account and any(
                other and other != account for other in (lead_account, visit_account)
            ):
                raise ValidationError(
                    self.env._(
                        "The expense %(expense)s is for %(account)s, but its "
                        "opportunity or visit is for another account.",
                        expense=expense.name,
                        account=account.display_name,
                    )
                )


def cost_of_sale_totals(env, expense_field, visit_field, ids):
    """{record id: (expenses, visits' time)} for the records of ``ids`` that
    expenses point to by ``expense_field`` and visits by ``visit_field``: two
    queries whatever the number of records. The totals, not the lines: a
    salesperson reading an opportunity sees what it cost, colleagues'
    expenses included."""
    ids = [record_id for record_id in ids if record_id]
    expenses = {
        record.id: total
        for record, total in env["hr.expense"]
        .sudo()
        ._read_group(
            [(expense_field, "in", ids), *COUNTED_EXPENSE_DOMAIN],
            [expense_field],
            ["total_amount:sum"],
        )
    }
    visits = {}
    for visit in (
        env["scrm.sales.visit"]
        .sudo()
        .search_fetch(
            [(visit_field, "in", ids), ("visit_state", "=", "done")],
            [visit_field, "visit_cost"],
        )
    ):
        key = visit[visit_field].id
        visits[key] = visits.get(key, 0.0) + visit.visit_cost
    return {
        record_id: (expenses.get(record_id, 0.0), visits.get(record_id, 0.0))
        for record_id in ids
    }


def open_cost_of_sale(record, report_field):
    action = record.env["ir.actions.act_window"]._for_xml_id(
        "scrm_sales_marketing.scrm_cost_of_sale_action"
    )
    action["domain"] = [(report_field, "=", record.id)]
    action["context"] = {}
    return action

from collections import defaultdict

from odoo import api, fields, models

from .sales_expense import cost_of_sale_totals, open_cost_of_sale
from .sales_forecast_category import FORECAST_CATEGORIES

# Above this many first-contact activities at once, their owners are not sent
# one notification per activity.
BULK_NOTIFY_LIMIT = 50


class CrmLead(models.Model):
    _inherit = "crm.lead"

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
        help="Set on creation from the account's territory, or from the lead's "
        "address when it has no account yet.",
    )

    scrm_forecast_category = fields.Selection(
        FORECAST_CATEGORIES,
        string="Forecast Category",
        compute="_compute_scrm_forecast_category",
        store=True,
        readonly=False,
        index=True,
        help="From the stage; the owner may choose another. Won opportunities are "
        "closed, lost ones omitted.",
    )

    scrm_product_line_ids = fields.One2many(
        "scrm.opportunity.line", "lead_id", string="Product Lines"
    )

    @api.depends("stage_id", "active", "probability")
    def _compute_scrm_forecast_category(self):
        for lead in self:
            if lead.stage_id.is_won:
                lead.scrm_forecast_category = "closed"
            elif not lead.active:
                lead.scrm_forecast_category = "omitted"
            else:
                category = lead.stage_id.scrm_forecast_category or "pipeline"
                if category == "closed":
                    category = "commit"
                lead.scrm_forecast_category = category

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._scrm_assign_from_territory(
            [self._scrm_leaves_owner_to_territory(vals) for vals in vals_list]
        )
        return leads

    @api.model
    def _scrm_leaves_owner_to_territory(self, vals):
        """Whether the territory chooses the owner and team of a new lead.

        Odoo's own rules come first: a salesperson given in the values, even
        an explicit "nobody" (``user_id: False``, the pool that CRM's lead
        assignment dispatches to teams), is the creator's choice, and an
        employee who creates a lead without naming anyone owns it (the field's
        default). What is left to the territory are the leads the system
        creates: the mail gateway, website and portal forms, imports run as
        superuser, where the default owner would be a bot or a portal user."""
        if "user_id" in vals or "team_id" in vals:
            return False
        return self.env.su or not self.env.user._is_internal()

    def _scrm_lead_match_values(self):
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        if account:
            return account._scrm_territory_match_values()
        return {
            "partner_id": False,
            "country_id": self.country_id.id,
            "state_id": self.state_id.id,
            "zip": self.zip,
            "industry_id": False,
            "category_ids": [],
            "revenue": 0.0,
        }

    def _scrm_assign_from_territory(self, needs_owner):
        """Territory of new leads and, for those the territory dispatches, team,
        owner and the owner's first-contact activity. ``needs_owner``: one flag
        per lead (``_scrm_leaves_owner_to_territory``)."""
        # The creator (a salesperson with no rights on territories, a portal
        # user through a form) may know nothing of territories: the dispatch
        # is the system's, so it reads the rules and members as superuser.
        Territory = self.env["scrm.territory"].sudo()
        matchers = {}
        groups = {}
        for lead, unowned in zip(self, needs_owner, strict=True):
            territory = lead.partner_id.commercial_partner_id.scrm_territory_id
            if not territory and not lead.scrm_territory_id:
                company = lead.company_id or self.env.company
                if company not in matchers:
                    matchers[company] = Territory._get_matcher(company)
                territory = Territory.browse(
                    matchers[company](lead._scrm_lead_match_values())
                )
            territory = (lead.scrm_territory_id or territory).sudo()
            if territory:
                groups.setdefault(territory, []).append((lead, unowned))
        activity_type = self.env.ref(
            "scrm_sales_marketing.mail_activity_type_first_contact",
            raise_if_not_found=False,
        )
        activities = []
        writes = defaultdict(lambda: self.browse())
        due = {}
        deadlines = {}
        now = fields.Datetime.now()
        for territory, items in groups.items():
            unowned = [lead for lead, flag in items if flag]
            account_owners = {
                lead.id: lead.partner_id.commercial_partner_id.user_id.id
                for lead in unowned
                if lead.partner_id.commercial_partner_id.user_id
            }
            to_pick = [lead for lead in unowned if lead.id not in account_owners]
            picked = dict(
                zip(
                    [lead.id for lead in to_pick],
                    territory._pick_owners(len(to_pick)) if to_pick else [],
                    strict=True,
                )
            )
            # Territories of one calendar and target share the deadline: the
            # calendar is planned once per target, not once per territory.
            deadline_key = (
                territory.company_id.resource_calendar_id.id,
                territory.first_contact_hours,
            )
            if unowned and deadline_key not in deadlines:
                deadlines[deadline_key] = fields.Date.to_date(
                    territory._first_contact_deadline(now)
                )
            deadline = unowned and deadlines[deadline_key]
            for lead, flag in items:
                vals = {"scrm_territory_id": territory.id}
                if flag:
                    owner = account_owners.get(lead.id) or picked.get(lead.id)
                    if owner:
                        vals["user_id"] = owner
                    if territory.team_id:
                        vals["team_id"] = territory.team_id.id
                if flag:
                    due[lead.id] = deadline
                if vals != {"scrm_territory_id": lead.scrm_territory_id.id}:
                    writes[tuple(sorted(vals.items()))] |= lead
        # One write per territory, owner and team, not one per lead.
        for key, leads in writes.items():
            leads.sudo().write(dict(key))
        model_id = self.env["ir.model"]._get_id("crm.lead")
        summary = self.env._("First contact")
        for lead in self.filtered(lambda lead: lead.id in due and lead.user_id):
            if activity_type:
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": lead.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "user_id": lead.user_id.id,
                        "date_deadline": due[lead.id],
                    }
                )
        if activities:
            Activity = self.env["mail.activity"].sudo()
            if len(activities) > BULK_NOTIFY_LIMIT:
                # An import of thousands of leads: no "activity assigned"
                # message per lead (one rendered notification each, most of
                # the time of a bulk dispatch); the owners find them in their
                # activities. A lead from a form or the mail gateway notifies.
                Activity = Activity.with_context(mail_activity_quick_update=True)
            Activity.create(activities)

    # Cadences (sales_cadence.py): a win ends the enrolments, so does a reply.

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            won = self.filtered(lambda lead: lead.stage_id.is_won)
            if won:
                self.env["scrm.cadence.enrolment"]._scrm_stop_for("won", leads=won)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            message.message_type == "email"
            and author
            and not author.user_ids.filtered(lambda u: not u.share)
        ):
            self.env["scrm.cadence.enrolment"]._scrm_stop_for(
                "reply", leads=self, partners=author
            )
        return result

    # Cost of sale (sales_expense.py): expenses and visits' time.

    scrm_expense_cost = fields.Monetary(
        string="Expenses",
        compute="_compute_scrm_cost_of_sale",
        currency_field="company_currency",
    )
    scrm_visit_cost = fields.Monetary(
        string="Visits' Time",
        compute="_compute_scrm_cost_of_sale",
        currency_field="company_currency",
    )
    scrm_cost_of_sale = fields.Monetary(
        string="Cost of Sale",
        compute="_compute_scrm_cost_of_sale",
        currency_field="company_currency",
    )

    def _compute_scrm_cost_of_sale(self):
        totals = cost_of_sale_totals(
            self.env, "scrm_lead_id", "opportunity_id", self._origin.ids
        )
        for lead in self:
            expense, visit = totals.get(lead._origin.id, (0.0, 0.0))
            lead.scrm_expense_cost = expense
            lead.scrm_visit_cost = visit
            lead.scrm_cost_of_sale = expense + visit

    def action_scrm_open_cost_of_sale(self):
        self.ensure_one()
        return open_cost_of_sale(self, "lead_id")

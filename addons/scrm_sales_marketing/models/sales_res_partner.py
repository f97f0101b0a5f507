from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

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

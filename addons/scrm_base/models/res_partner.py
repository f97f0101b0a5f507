from odoo import api, fields, models

ROLES = [("customer", "Customer"), ("supplier", "Supplier"), ("both", "Both")]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "scrm.interaction.mixin"]

    scrm_role = fields.Selection(
        ROLES,
        string="Relationship Role",
        index=True,
        tracking=True,
        help="Set by the applications that know (a confirmed sale makes a customer, "
        "a confirmed purchase a supplier); once set by hand it is left alone.",
    )
    scrm_role_locked = fields.Boolean(
        string="Role Set by Hand",
        copy=False,
        help="The role was chosen by hand: documents no longer change it.",
    )
    scrm_contact_preference_ids = fields.One2many(
        "scrm.contact.preference", "partner_id", string="Contact Preferences"
    )
    scrm_preference_count = fields.Integer(
        string="Preferences", compute="_compute_scrm_preference_count"
    )
    scrm_preferred_channel_id = fields.Many2one(
        "scrm.channel",
        string="Preferred Channel",
        compute="_compute_scrm_preferred_channel_id",
        help="The channel the partner prefers for service, else for marketing "
        "(their own answer, else their company's).",
    )

    def _compute_scrm_interaction_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["scrm.interaction"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.scrm_interaction_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def _compute_scrm_preference_count(self):
        counts = dict(
            self.env["scrm.contact.preference"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.scrm_preference_count = counts.get(partner, 0)

    def _compute_scrm_preferred_channel_id(self):
        Preference = self.env["scrm.contact.preference"]
        partners = self.filtered("id")
        service = Preference._get_preferred_channels(partners.ids, "service")
        marketing = Preference._get_preferred_channels(partners.ids, "marketing")
        for partner in self:
            partner.scrm_preferred_channel_id = (
                service.get(partner.id) or marketing.get(partner.id) or False
            )

    def write(self, vals):
        if "scrm_role" in vals and not self.env.context.get("scrm_role_auto"):
            vals = {**vals, "scrm_role_locked": bool(vals["scrm_role"])}
        return super().write(vals)

    @api.model
    def _scrm_merge_role(self, current, added):
        if not current or current == added:
            return added
        return "both"

    def _scrm_add_role(self, role):
        """Mark commercial partners as customers or suppliers, from documents
        that know (sales, purchases). A role chosen by hand is kept.

        :param role: ``customer`` or ``supplier``
        """
        partners = self.commercial_partner_id.filtered(lambda p: not p.scrm_role_locked)
        for new_role, group in partners.grouped(
            lambda p: self._scrm_merge_role(p.scrm_role, role)
        ).items():
            group = group.filtered(lambda p, r=new_role: p.scrm_role != r)
            if group:
                group.sudo().with_context(scrm_role_auto=True).write(
                    {"scrm_role": new_role}
                )

    def _scrm_get_interaction_contacts(self):
        return {partner.id: partner for partner in self}

    def action_scrm_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_base.scrm_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_contact_id": self.id,
        }
        action["name"] = self.env._(
            "Timeline of %s", self.commercial_partner_id.display_name
        )
        return action

    def action_scrm_open_preferences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_base.scrm_contact_preference_action"
        )
        action["domain"] = [
            ("partner_id", "in", (self | self.commercial_partner_id).ids)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_scrm_record_preference(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Preference"),
            "res_model": "scrm.contact.preference.record",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

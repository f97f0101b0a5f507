from odoo import api, fields, models
from odoo.tools import format_datetime

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
    scrm_panel_data = fields.Json(
        string="Relationship at a Glance",
        compute="_compute_scrm_panel_data",
        help="Key figures each application contributes, the preferred channel, "
        "refusals and the last interactions of the relationship.",
    )
    scrm_refusal_text = fields.Char(
        string="Refuses",
        compute="_compute_scrm_refusal_text",
        help="The channels the partner (or their company) refuses, per purpose.",
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

    def _compute_scrm_refusal_text(self):
        Preference = self.env["scrm.contact.preference"]
        partners = self.filtered("id")
        labels = dict(Preference._fields["purpose"]._description_selection(self.env))
        refusals = {partner.id: [] for partner in partners}
        channels = self.env["scrm.channel"].sudo()
        for purpose in ("service", "marketing", "transactional"):
            consents = Preference._effective_consents(partners.ids, purpose)
            for partner_id, by_channel in consents.items():
                refused = [
                    channels.browse(channel_id).name
                    for channel_id, answer in by_channel.items()
                    if answer[0] == "opt_out"
                ]
                if refused:
                    refusals[partner_id].append(
                        f"{', '.join(sorted(refused))} ({labels[purpose]})"
                    )
        for partner in self:
            partner.scrm_refusal_text = "; ".join(refusals.get(partner.id, [])) or False

    # ------------------------------------------------------------------
    # Relationship panel: every addon contributes its figures
    # ------------------------------------------------------------------

    def _scrm_panel_figures(self):
        """Key figures of these commercial partners, per addon: override, call
        super and add yours. Each figure is a dict:

        - ``key``: unique name (``service_open_tickets``), ``sequence``: order;
        - ``label``: translated label, ``icon``: Font Awesome class;
        - ``value``: the number, ``display``: how to show it (a formatted
          amount, a percentage), ``hint``: an optional second line, in red
          when ``alert`` is true;
        - ``model`` and ``domain``: the list the figure opens, which must count
          (or sum) exactly to ``value``;
        - ``always``: shown even at 0 (e.g. open tickets of a customer); other
          figures at 0 are left out, so a supplier's panel does not list empty
          sales figures.

        Figures of models the user may not read are left out.

        :return: {commercial partner id: [figure, ...]}
        """
        return {partner.id: [] for partner in self}

    def _compute_scrm_panel_data(self):
        commercial = self.commercial_partner_id.filtered("id")
        figures = commercial._scrm_panel_figures() if commercial else {}
        Interaction = self.env["scrm.interaction"]
        for partner in self:
            company = partner.commercial_partner_id
            if not partner.id or not company.id:
                partner.scrm_panel_data = False
                continue
            last = (
                Interaction.search([("partner_id", "=", company.id)], limit=5)
                if Interaction.has_access("read")
                else Interaction
            )
            partner.scrm_panel_data = {
                "role": dict(
                    self._fields["scrm_role"]._description_selection(self.env)
                ).get(company.scrm_role, False),
                "preferred_channel": partner.scrm_preferred_channel_id.name or False,
                "refusals": partner.scrm_refusal_text or False,
                "figures": sorted(
                    (
                        {k: v for k, v in figure.items() if k != "domain"}
                        for figure in figures.get(company.id, [])
                        if figure["value"] or figure.get("always")
                    ),
                    key=lambda f: f.get("sequence", 10),
                ),
                "interactions": [
                    {
                        "date": format_datetime(self.env, row.date, dt_format="short"),
                        "icon": row.channel_id.icon or "fa-comment",
                        "channel": row.channel_id.name,
                        "direction": row.direction,
                        "summary": row.summary,
                    }
                    for row in last
                ],
            }

    def action_scrm_panel_open(self, key):
        """Open the list behind a figure of the relationship panel."""
        self.ensure_one()
        company = self.commercial_partner_id
        figure = next(
            (f for f in company._scrm_panel_figures()[company.id] if f["key"] == key),
            None,
        )
        if not figure:
            return False
        return {
            "type": "ir.actions.act_window",
            "name": figure["label"],
            "res_model": figure["model"],
            "views": [(False, "list"), (False, "form")],
            "domain": figure["domain"],
            "context": {"create": False},
        }

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

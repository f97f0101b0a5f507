from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ScrmInteraction(models.Model):
    """One entry of a relationship's timeline: a contact on any channel, in or out,
    about any document. Written by the other addons through
    ``scrm.interaction.mixin`` and by the mail layer itself."""

    _name = "scrm.interaction"
    _description = "Relationship Interaction"
    _order = "date desc, id desc"
    _rec_name = "summary"

    partner_id = fields.Many2one(
        "res.partner",
        string="Relationship",
        required=True,
        index=True,
        ondelete="cascade",
        help="The commercial partner (the company, or a person without company): "
        "one timeline per relationship.",
    )
    contact_id = fields.Many2one(
        "res.partner", index="btree_not_null", ondelete="set null"
    )
    channel_id = fields.Many2one(
        "scrm.channel", required=True, ondelete="restrict", index=True
    )
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")], required=True, default="out"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user, index=True
    )
    summary = fields.Char(required=True)
    body = fields.Html(sanitize=True)
    side = fields.Selection(
        [("customer", "Customer"), ("supplier", "Supplier")],
        string="Relationship Side",
    )
    state = fields.Selection(
        [("done", "Done"), ("held", "Held Back")],
        default="done",
        required=True,
        help="Held back: a message that was not sent because the partner's contact "
        "preferences refuse it.",
    )
    hold_reason = fields.Char(readonly=True)
    res_model = fields.Char(string="Document Model", index=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model")
    document_name = fields.Char(compute="_compute_document_name")
    message_id = fields.Many2one(
        "mail.message", index="btree_not_null", ondelete="set null"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    def init(self):
        # The timeline of a partner opens on its newest entries: one index walk.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (partner_id, date DESC, id DESC)",
                SQL.identifier("scrm_interaction_partner_date_idx"),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (res_model, res_id) "
                "WHERE res_model IS NOT NULL",
                SQL.identifier("scrm_interaction_document_idx"),
                SQL.identifier(self._table),
            )
        )

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        by_model = {}
        for interaction in self:
            if interaction.res_model in self.env and interaction.res_id:
                by_model.setdefault(interaction.res_model, set()).add(
                    interaction.res_id
                )
        names = {}
        for model, ids in by_model.items():
            records = self.env[model].browse(ids).exists()
            readable = records._filtered_access("read")
            names.update(
                {(model, record.id): record.display_name for record in readable}
            )
        for interaction in self:
            interaction.document_name = names.get(
                (interaction.res_model, interaction.res_id), False
            )

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        partner_ids = {
            vals[fname]
            for vals in vals_list
            for fname in ("partner_id", "contact_id")
            if vals.get(fname)
        }
        prefetch = Partner.browse(partner_ids).sudo()._prefetch_ids
        for vals in vals_list:
            contact_id = vals.get("contact_id") or vals.get("partner_id")
            if not contact_id:
                raise UserError(
                    self.env._("An interaction needs a partner or a contact.")
                )
            contact = Partner.sudo().browse(contact_id).with_prefetch(prefetch)
            commercial = contact.commercial_partner_id
            vals["partner_id"] = commercial.id
            if not vals.get("contact_id") and contact != commercial:
                vals["contact_id"] = contact.id
            if "side" not in vals and commercial.scrm_role in ("customer", "supplier"):
                vals["side"] = commercial.scrm_role
        return super().create(vals_list)

    def action_open_document(self):
        self.ensure_one()
        if not (self.res_model in self.env and self.res_id):
            raise UserError(self.env._("This interaction is not linked to a document."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
            "target": "current",
        }

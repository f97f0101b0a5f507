import functools
from datetime import timedelta

from babel.dates import format_date as babel_format_date

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, format_date, get_lang


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
    day_label = fields.Char(
        string="Day",
        compute="_compute_day_label",
        help="The entry's day in the user's time zone and date format: the "
        "timeline's day headers.",
    )
    channel_icon = fields.Char(related="channel_id.icon")
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

    # ------------------------------------------------------------------
    # Access: a row is read by who may read its source document
    # ------------------------------------------------------------------

    @tools.ormcache()
    def _scrm_source_models(self):
        """The document models timeline rows point to (cached; a new one
        clears the cache when its first row is created)."""
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT res_model FROM %s WHERE res_model IS NOT NULL",
                SQL.identifier(self._table),
            )
        )
        return frozenset(row[0] for row in self.env.cr.fetchall())

    def _scrm_reads_every_row(self):
        """Relationship managers (and the superuser) read every row of their
        companies; everyone else what the rules below allow."""
        return self.env.su or self.env.user.has_group("scrm_base.group_scrm_manager")

    @api.model
    def _scrm_access_domain(self):
        """The rows the user may read: those about a document they may read
        (that document's own access rules, as a subquery), and those about no
        document when they record interactions themselves (SCRM users)."""
        branches = []
        if self.env.user.has_group("scrm_base.group_scrm_user"):
            branches.append([("res_model", "=", False)])
        for model in sorted(self._scrm_source_models()):
            if model not in self.env or self.env[model]._abstract:
                continue
            Model = self.env[model]
            if not Model.has_access("read"):
                continue
            branches.append(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", Model.with_context(active_test=False)._search([])),
                ]
            )
        return expression.OR(branches) if branches else expression.FALSE_DOMAIN

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self._scrm_reads_every_row():
            domain = expression.AND([domain or [], self._scrm_access_domain()])
        return super()._search(domain, *args, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read" or not self or self._scrm_reads_every_row():
            return result
        readable = self.with_context(active_test=False).search([("id", "in", self.ids)])
        forbidden = self - readable
        if forbidden:
            return forbidden, functools.partial(
                AccessError,
                self.env._(
                    "You may read a timeline entry only if you may read the "
                    "document it is about."
                ),
            )
        return None

    @api.depends("date")
    @api.depends_context("tz", "lang", "uid")
    def _compute_day_label(self):
        """``Today, 12/06/2026``, ``Yesterday, ...``, ``Friday, 12/04/2026``:
        the day in the user's time zone (an entry at 23:30 UTC is on the next
        day in Shanghai), the date in their language's date format."""
        today = fields.Date.context_today(self)
        lang = get_lang(self.env)
        locale = babel_locale_parse(lang.code)
        names = {
            today: self.env._("Today"),
            today - timedelta(days=1): self.env._("Yesterday"),
        }
        for row in self:
            if not row.date:
                row.day_label = False
                continue
            day = fields.Datetime.context_timestamp(self, row.date).date()
            name = names.get(day) or babel_format_date(day, "EEEE", locale=locale)
            row.day_label = self.env._(
                "%(day)s, %(date)s", day=name, date=format_date(self.env, day)
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
        known = self._scrm_source_models()
        if any(
            vals.get("res_model") not in (None, False, *known) for vals in vals_list
        ):
            self.env.registry.clear_cache()
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

from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

PURPOSES = [
    ("marketing", "Marketing"),
    ("service", "Service"),
    ("transactional", "Transactional"),
]
CONSENTS = [
    ("opt_in", "Accepts"),
    ("opt_out", "Refuses"),
    ("preferred", "Preferred"),
]
SOURCES = [
    ("portal", "Portal"),
    ("phone", "Phone call"),
    ("form", "Form"),
    ("import", "Import"),
    ("agent", "Agent"),
]
# Fields a recorded preference keeps forever: a change is a new record.
IMMUTABLE_FIELDS = {"partner_id", "channel_id", "purpose", "consent", "source", "date"}


class ContactDecision(NamedTuple):
    """The answer to "may we contact this partner on this channel for this purpose?"."""

    allowed: bool
    consent: str | bool  # the consent that decided, False when nothing was recorded
    preference_id: int | bool  # the preference that decided, False when none
    inherited: bool  # decided by the preference of the partner's company

    def reason(self, env, partner, channel, purpose):
        """A translated sentence an agent understands, for a held-back message."""
        purpose_label = dict(
            env["scrm.contact.preference"]
            ._fields["purpose"]
            ._description_selection(env)
        )[purpose]
        if self.inherited:
            return env._(
                "%(partner)s's company refuses %(channel)s for %(purpose)s messages.",
                partner=partner.display_name,
                channel=channel.name,
                purpose=purpose_label,
            )
        return env._(
            "%(partner)s refuses %(channel)s for %(purpose)s messages.",
            partner=partner.display_name,
            channel=channel.name,
            purpose=purpose_label,
        )


NO_PREFERENCE = ContactDecision(True, False, False, False)


class ScrmContactPreference(models.Model):
    """Consent of a partner to be contacted on a channel for a purpose.

    Preferences form a history: recording a change archives the current preference
    (``date_end`` is set) and creates a new one, so what a partner had consented to
    on any given day can be shown. Contacts inherit their company's preference for
    a channel and purpose unless they have their own.
    """

    _name = "scrm.contact.preference"
    _description = "Contact Preference"
    _order = "date desc, id desc"
    _rec_names_search = ["partner_id", "channel_id"]

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Commercial Entity"
    )
    channel_id = fields.Many2one("scrm.channel", required=True, ondelete="restrict")
    channel_code = fields.Char(related="channel_id.code")
    purpose = fields.Selection(PURPOSES, required=True)
    consent = fields.Selection(CONSENTS, required=True)
    source = fields.Selection(SOURCES, required=True, default="agent")
    date = fields.Datetime(
        string="Recorded On",
        required=True,
        default=fields.Datetime.now,
        help="When the partner gave this answer; it applies from then on.",
    )
    date_end = fields.Datetime(
        string="Replaced On",
        readonly=True,
        help="When a newer answer replaced this one.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        required=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    note = fields.Char()
    active = fields.Boolean(
        default=True, help="Only the current answer is active; the others are history."
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )

    def init(self):
        # One current answer per partner, channel and purpose, enforced by the
        # database too; the batch look-ups read through this index.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(partner_id, channel_id, purpose) WHERE active",
                SQL.identifier("scrm_contact_preference_current_uniq"),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (partner_id, purpose, date)",
                SQL.identifier("scrm_contact_preference_history_idx"),
                SQL.identifier(self._table),
            )
        )

    @api.depends("partner_id", "channel_id", "purpose", "consent")
    def _compute_display_name(self):
        consents = dict(self._fields["consent"]._description_selection(self.env))
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for preference in self:
            preference.display_name = self.env._(
                "%(partner)s: %(consent)s %(channel)s for %(purpose)s",
                partner=preference.partner_id.display_name,
                consent=consents.get(preference.consent, ""),
                channel=preference.channel_id.name or "",
                purpose=purposes.get(preference.purpose, ""),
            )

    @api.constrains("channel_id")
    def _check_channel_outbound(self):
        for preference in self:
            if not preference.channel_id.is_outbound:
                raise ValidationError(
                    self.env._(
                        "We never reach out on %(channel)s: there is no consent to "
                        "record for it.",
                        channel=preference.channel_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_current(
            [
                (vals.get("partner_id"), vals.get("channel_id"), vals.get("purpose"))
                for vals in vals_list
                if vals.get("active", True)
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if IMMUTABLE_FIELDS.intersection(vals):
            raise UserError(
                self.env._(
                    "A recorded preference cannot be edited: record a change "
                    "instead, so that the earlier answer stays in the history."
                )
            )
        if vals.get("active"):
            self._check_no_current(
                [
                    (p.partner_id.id, p.channel_id.id, p.purpose)
                    for p in self.filtered(lambda p: not p.active)
                ]
            )
        return super().write(vals)

    @api.model
    def _check_no_current(self, keys):
        """Refuse, before the database does, a second current answer.

        :param keys: (partner_id, channel_id, purpose) of answers becoming current
        """
        if not keys:
            return
        existing = self.sudo().search_fetch(
            [
                ("partner_id", "in", [key[0] for key in keys]),
                ("channel_id", "in", [key[1] for key in keys]),
            ],
            ["partner_id", "channel_id", "purpose"],
        )
        taken = {(p.partner_id.id, p.channel_id.id, p.purpose) for p in existing}
        for key in keys:
            if key in taken or keys.count(key) > 1:
                partner = self.env["res.partner"].browse(key[0])
                channel = self.env["scrm.channel"].browse(key[1])
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has a current preference for "
                        "%(channel)s (%(purpose)s). Record a change instead of "
                        "adding a second one: the earlier answer is then kept as "
                        "history.",
                        partner=partner.sudo().display_name,
                        channel=channel.sudo().name,
                        purpose=dict(PURPOSES).get(key[2], key[2]),
                    )
                )

    # ------------------------------------------------------------------
    # Recording
    # ------------------------------------------------------------------

    @api.model
    def _record_preferences(self, vals_list):
        """Record answers, each replacing the current one of its partner, channel
        and purpose (which is archived as history). An answer equal to the current
        one records nothing. Returns the new preferences.

        :param vals_list: dicts with partner_id, channel_id (or channel_code),
            purpose, consent, and optionally source, date, note, user_id.
        """
        Channel = self.env["scrm.channel"]
        normalized = []
        for vals in vals_list:
            vals = dict(vals)
            if code := vals.pop("channel_code", None):
                vals["channel_id"] = Channel._get_by_code(code).id
            self._check_purpose(vals.get("purpose"))
            if vals.get("consent") not in dict(CONSENTS):
                raise UserError(
                    self.env._(
                        "Unknown consent “%(consent)s”.", consent=vals.get("consent")
                    )
                )
            vals.setdefault("date", fields.Datetime.now())
            normalized.append(vals)
        if not normalized:
            return self.browse()
        current = self.sudo().search(
            [
                ("partner_id", "in", [vals["partner_id"] for vals in normalized]),
                ("channel_id", "in", [vals["channel_id"] for vals in normalized]),
            ]
        )
        current_by_key = {
            (p.partner_id.id, p.channel_id.id, p.purpose): p for p in current
        }
        to_create, to_close = [], []
        for vals in normalized:
            key = (vals["partner_id"], vals["channel_id"], vals["purpose"])
            previous = current_by_key.get(key)
            if previous and previous.consent == vals["consent"]:
                continue
            if previous:
                to_close.append((previous, vals["date"]))
            to_create.append(vals)
        for previous, date in to_close:
            previous.sudo().write({"active": False, "date_end": date})
        # The archived answers must reach the database before the new ones: the
        # unique index on current answers is checked row by row.
        self.sudo().flush_model(["active", "date_end"])
        return self.create(to_create)

    @api.model
    def _check_purpose(self, purpose):
        if purpose not in dict(PURPOSES):
            raise UserError(
                self.env._(
                    "Unknown contact purpose “%(purpose)s”: use marketing, service or "
                    "transactional.",
                    purpose=purpose,
                )
            )

    # ------------------------------------------------------------------
    # The one question: may we contact them, and how do they prefer it?
    # ------------------------------------------------------------------

    @api.model
    def _effective_consents(self, partner_ids, purpose, channel_ids=None, at=None):
        """Effective answers per partner and channel, in a fixed number of queries.

        A contact's own answer wins over the answer of its company (commercial
        partner). ``at`` (a datetime) gives the answers as they stood then.

        :return: {partner_id: {channel_id: (consent, preference_id, inherited, date)}}
        """
        self._check_purpose(purpose)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        commercial_of = {
            partner.id: partner.commercial_partner_id.id for partner in partners
        }
        all_ids = set(commercial_of) | set(commercial_of.values())
        domain = [("partner_id", "in", list(all_ids)), ("purpose", "=", purpose)]
        if channel_ids is not None:
            domain.append(("channel_id", "in", list(channel_ids)))
        if at:
            domain += [
                ("date", "<=", at),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", at),
            ]
            Preference = self.sudo().with_context(active_test=False)
        else:
            Preference = self.sudo()
        rows = Preference.search_fetch(
            domain,
            ["partner_id", "channel_id", "consent", "date"],
            order="date, id",
        )
        answers = defaultdict(dict)
        for row in rows:  # oldest first: the latest answer wins
            answers[row.partner_id.id][row.channel_id.id] = (
                row.consent,
                row.id,
                row.date,
            )
        result = {}
        for partner_id, commercial_id in commercial_of.items():
            effective = {}
            if commercial_id != partner_id:
                for channel_id, (consent, pref_id, date) in answers[
                    commercial_id
                ].items():
                    effective[channel_id] = (consent, pref_id, True, date)
            for channel_id, (consent, pref_id, date) in answers[partner_id].items():
                effective[channel_id] = (consent, pref_id, False, date)
            result[partner_id] = effective
        return result

    @api.model
    def _get_contact_decisions(self, partner_ids, channel_code, purpose, at=None):
        """May each partner be contacted on this channel for this purpose?

        Without a recorded answer the partner may be contacted; an opt-out (their
        own, or their company's when they have none) refuses. Transactional
        messages are refused only by an explicit transactional opt-out.

        :param partner_ids: ids of res.partner (any number, one query set)
        :param channel_code: technical code of a scrm.channel (``email``, ``sms``...)
        :param purpose: ``marketing``, ``service`` or ``transactional``
        :param at: optional datetime: the answer as it stood then
        :return: {partner_id: ContactDecision}
        """
        channel = self.env["scrm.channel"]._get_by_code(channel_code)
        consents = self._effective_consents(
            partner_ids, purpose, channel_ids=channel.ids, at=at
        )
        decisions = {}
        for partner_id, by_channel in consents.items():
            answer = by_channel.get(channel.id)
            if not answer:
                decisions[partner_id] = NO_PREFERENCE
                continue
            consent, pref_id, inherited, _date = answer
            decisions[partner_id] = ContactDecision(
                consent != "opt_out", consent, pref_id, inherited
            )
        return decisions

    @api.model
    def _get_preferred_channels(self, partner_ids, purpose, at=None):
        """The channel each partner prefers for this purpose (an empty recordset
        when they stated none): their own latest "preferred" answer, else their
        company's on a channel they do not refuse themselves.

        :return: {partner_id: scrm.channel}
        """
        consents = self._effective_consents(partner_ids, purpose, at=at)
        Channel = self.env["scrm.channel"]
        result = {}
        for partner_id, by_channel in consents.items():
            preferred = [
                (not inherited, date, channel_id)
                for channel_id, (consent, _pref, inherited, date) in by_channel.items()
                if consent == "preferred"
            ]
            result[partner_id] = (
                Channel.browse(max(preferred)[2]) if preferred else Channel
            )
        return result

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.phone_validation.tools import phone_validation

try:
    import phonenumbers
except ImportError:  # Odoo runs without it, numbers then match on digits
    phonenumbers = None

# Longest phone number accepted on tickets, calls and the service endpoints:
# E.164 has at most 15 digits; spaces, brackets, a trunk prefix and an
# extension ("+32 (0) 470 12 34 56 ext. 12345") stay well under 40 characters.
PHONE_MAX_LENGTH = 40
# The last digits two writings of one number share whatever their prefixes
# (+86 / 0086 / none, +32 / 0): the subscriber part, long enough in every
# numbering plan not to match two different numbers by chance.
PHONE_TAIL_DIGITS = 9
NON_DIGITS = re.compile(r"\D")
E164 = re.compile(r"^\+\d{6,15}$")


def phone_digits(number):
    """The digits of a number as typed, nothing else."""
    return NON_DIGITS.sub("", number or "")


def phone_tail(number):
    """The last PHONE_TAIL_DIGITS digits, or False for a shorter number."""
    digits = phone_digits(number)
    return digits[-PHONE_TAIL_DIGITS:] if len(digits) >= PHONE_TAIL_DIGITS else False


class ResPartner(models.Model):
    _inherit = "res.partner"

    scrm_phone_e164 = fields.Char(
        string="Phone (E.164)", compute="_compute_scrm_e164", store=True, index=True
    )
    scrm_mobile_e164 = fields.Char(
        string="Mobile (E.164)", compute="_compute_scrm_e164", store=True, index=True
    )
    scrm_phone_tail = fields.Char(
        string="Phone (last digits)",
        compute="_compute_scrm_e164",
        store=True,
        index=True,
    )
    scrm_mobile_tail = fields.Char(
        string="Mobile (last digits)",
        compute="_compute_scrm_e164",
        store=True,
        index=True,
    )
    scrm_ticket_ids = fields.One2many(
        "scrm.ticket", "partner_id", string="Service Tickets"
    )
    scrm_ticket_count = fields.Integer(
        string="Tickets", compute="_compute_scrm_ticket_count"
    )

    @api.depends("phone", "mobile", "country_id")
    def _compute_scrm_e164(self):
        for partner in self:
            phone = partner._scrm_e164(partner.phone)
            mobile = partner._scrm_e164(partner.mobile)
            partner.scrm_phone_e164 = phone
            partner.scrm_mobile_e164 = mobile
            partner.scrm_phone_tail = phone_tail(phone or partner.phone)
            partner.scrm_mobile_tail = phone_tail(mobile or partner.mobile)

    def _scrm_e164(self, number, country=None):
        """The number in E.164 (+32470112233), or False when it cannot be read.

        Odoo's check (phone_validation) first; a number it refuses because its
        prefix is not assigned (the demo's ``(846)-523-2111``, a test or a new
        range) is still written the same way whatever its format: parsed by
        the library without the validity check, else from its digits when it
        carries its country code (``+``/``00``).
        """
        if not number:
            return False
        country = country or self.country_id or self.env.company.country_id
        formatted = phone_validation.phone_format(
            number,
            country.code if country else None,
            country.phone_code if country else None,
            force_format="E164",
            raise_exception=False,
        )
        # Odoo gives back the number as typed when it refuses it.
        if formatted and E164.match(formatted):
            return formatted
        return self._scrm_e164_fallback(number, country)

    @api.model
    def _scrm_e164_fallback(self, number, country):
        digits = phone_digits(number)
        if not 6 <= len(digits) <= 17:
            return False
        if phonenumbers:
            try:
                parsed = phonenumbers.parse(number, country.code if country else None)
            except phonenumbers.NumberParseException:
                parsed = None
            if parsed and phonenumbers.is_possible_number(parsed):
                return phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
        international = number.strip()
        if international.startswith("+"):
            return "+" + digits
        if international.startswith("00"):
            return "+" + digits[2:]
        if country and country.phone_code:
            return f"+{country.phone_code}{digits.lstrip('0')}"
        return False

    @api.model
    def _scrm_phone_length_error(self, number):
        """The translated reason a phone number is refused, or None."""
        if number and len(number) > PHONE_MAX_LENGTH:
            return self.env._(
                "“%(number)s…” is not a phone number: at most %(max)s characters.",
                number=number[:20],
                max=PHONE_MAX_LENGTH,
            )
        return None

    @api.model
    def _scrm_check_phone_length(self, number):
        error = self._scrm_phone_length_error(number)
        if error:
            raise ValidationError(error)

    def _compute_scrm_ticket_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["scrm.ticket"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.scrm_ticket_count = counts.get(partner.commercial_partner_id, 0)

    @api.model
    def _scrm_find_by_phone(self, number, country=None):
        """Partners whose phone or mobile is this number, however it is written.

        The same number in E.164 first; else the same last digits, for a
        number typed without the country code it was stored with (an incoming
        ``13800138000`` for a contact's ``+86 138 0013 8000`` at a company in
        another country).
        """
        e164 = self._scrm_e164(number, country=country)
        if e164:
            partners = self.search(
                ["|", ("scrm_phone_e164", "=", e164), ("scrm_mobile_e164", "=", e164)]
            )
            if partners:
                return partners
        tails = list({t for t in (phone_tail(number), phone_tail(e164)) if t})
        if not tails:
            return self.browse()
        return self.search(
            ["|", ("scrm_phone_tail", "in", tails), ("scrm_mobile_tail", "in", tails)]
        )

    def _scrm_panel_figures(self):
        """Open tickets on the relationship panel, with those past their SLA."""
        figures = super()._scrm_panel_figures()
        Ticket = self.env["scrm.ticket"]
        if not Ticket.has_access("read"):
            return figures
        counts = {}
        for partner, breached, count in Ticket._read_group(
            [("commercial_partner_id", "in", self.ids), ("is_closed", "=", False)],
            ["commercial_partner_id", "sla_breached"],
            ["__count"],
        ):
            total, late = counts.get(partner.id, (0, 0))
            counts[partner.id] = (total + count, late + (count if breached else 0))
        for partner in self:
            total, late = counts.get(partner.id, (0, 0))
            figures[partner.id].append(
                {
                    "key": "service_open_tickets",
                    "sequence": 40,
                    "label": self.env._("Open Tickets"),
                    "icon": "fa-life-ring",
                    "value": total,
                    "display": str(total),
                    "hint": self.env._("%(count)s past SLA", count=late)
                    if late
                    else False,
                    "alert": bool(late),
                    "always": partner.scrm_role in ("customer", "both") or bool(total),
                    "model": "scrm.ticket",
                    "domain": [
                        ("commercial_partner_id", "=", partner.id),
                        ("is_closed", "=", False),
                    ],
                }
            )
        return figures

    def action_scrm_open_call_logs(self):
        """Calls and visits of the partner's company; new ones for this contact."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_service.scrm_call_log_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {
            "default_partner_id": self.id,
            "default_phone_number": self.mobile or self.phone,
        }
        return action

    def action_scrm_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_service.scrm_ticket_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

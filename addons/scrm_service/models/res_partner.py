from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.phone_validation.tools import phone_validation

# Longest phone number accepted on tickets, calls and the service endpoints:
# E.164 has at most 15 digits; spaces, brackets, a trunk prefix and an
# extension ("+32 (0) 470 12 34 56 ext. 12345") stay well under 40 characters.
PHONE_MAX_LENGTH = 40


class ResPartner(models.Model):
    _inherit = "res.partner"

    scrm_phone_e164 = fields.Char(
        string="Phone (E.164)", compute="_compute_scrm_e164", store=True, index=True
    )
    scrm_mobile_e164 = fields.Char(
        string="Mobile (E.164)", compute="_compute_scrm_e164", store=True, index=True
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
            partner.scrm_phone_e164 = partner._scrm_e164(partner.phone)
            partner.scrm_mobile_e164 = partner._scrm_e164(partner.mobile)

    def _scrm_e164(self, number, country=None):
        """The number in E.164 (+32470112233), or False when it cannot be read."""
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
        return formatted if formatted and formatted.startswith("+") else False

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
        """Partners whose phone or mobile is this number, however it is written."""
        e164 = self._scrm_e164(number, country=country)
        if not e164:
            return self.browse()
        return self.search(
            ["|", ("scrm_phone_e164", "=", e164), ("scrm_mobile_e164", "=", e164)]
        )

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

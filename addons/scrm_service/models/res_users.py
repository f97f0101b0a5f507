from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    scrm_phone_extension = fields.Char(
        string="Phone Extension",
        index="btree_not_null",
        copy=False,
        help="The agent's extension on the phone system: an incoming call the "
        "phone system reports for this extension pops up the caller's card on "
        "this user's screen, and on no one else's.",
    )

    @api.constrains("scrm_phone_extension", "company_ids")
    def _check_scrm_phone_extension(self):
        for user in self.filtered("scrm_phone_extension"):
            clash = self.sudo().search(
                [
                    ("id", "!=", user.id),
                    ("scrm_phone_extension", "=", user.scrm_phone_extension),
                    ("company_ids", "in", user.company_ids.ids),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Extension %(extension)s is already %(user)s's: an "
                        "incoming call must pop up on one screen only.",
                        extension=user.scrm_phone_extension,
                        user=clash.name,
                    )
                )

    @api.model
    def _scrm_agent_for_call(self, company, extension=None, login=None):
        """The internal user of ``company`` a phone system names for a call,
        by extension or by login; empty when none or when it is ambiguous."""
        if extension:
            domain = [("scrm_phone_extension", "=", extension)]
        elif login:
            domain = [("login", "=", login)]
        else:
            return self.browse()
        users = self.sudo().search(
            [*domain, ("share", "=", False), ("company_ids", "in", company.ids)],
            limit=2,
        )
        return users if len(users) == 1 else self.browse()

    def _scrm_push_incoming_call(self, number, partner=None, card_url=None):
        """Tell this agent's open web clients who is calling, with a link to
        the caller's card (the ``scrm_incoming_call`` service shows it)."""
        for user in self:
            user._bus_send(
                "scrm_service/incoming_call",
                {
                    "number": number,
                    "name": partner.name if partner else False,
                    "company": partner.commercial_partner_id.name
                    if partner and partner.commercial_partner_id != partner
                    else False,
                    "card_url": card_url,
                },
            )

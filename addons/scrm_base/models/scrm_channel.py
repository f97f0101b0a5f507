import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ScrmChannel(models.Model):
    """A way a relationship is carried: face to face, phone, email, portal..."""

    _name = "scrm.channel"
    _description = "Contact Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        help="Technical code used by the sending layers and integrations "
        "(lowercase letters, digits and underscores), e.g. email, sms, phone.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_outbound = fields.Boolean(
        string="Can Send",
        default=True,
        help="We can reach out on this channel (contact preferences apply to it).",
    )
    icon = fields.Char(help="Font Awesome icon class, e.g. fa-phone.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A channel code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for channel in self:
            if not CODE_PATTERN.match(channel.code or ""):
                raise ValidationError(
                    self.env._(
                        "The channel code “%(code)s” is not valid: use lowercase "
                        "letters, digits and underscores, starting with a letter.",
                        code=channel.code,
                    )
                )

    @api.model
    def _get_by_code(self, code):
        """Return the channel of a technical code, or raise a clear error."""
        channel = self.with_context(active_test=False).search(
            [("code", "=", code)], limit=1
        )
        if not channel:
            raise UserError(
                self.env._("Unknown contact channel “%(code)s”.", code=code)
            )
        return channel

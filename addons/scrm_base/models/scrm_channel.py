import re

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ScrmChannel(models.Model):
    """A way a relationship is carried: face to face, phone, email, portal..."""

    _name = "scrm.channel"
    _inherit = ["scrm.cached.config"]
    _scrm_cached_fields = ("code", "active")
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
    @tools.ormcache()
    def _get_codes(self):
        """{code: (id, active)} of every channel, cached: every email, message
        and call looks its channel up by code. Do not modify the result."""
        channels = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], ["code", "active"])
        )
        return {channel.code: (channel.id, channel.active) for channel in channels}

    @api.model
    def _get_by_code(self, code):
        """Return the channel of a technical code, or raise a clear error."""
        channel_id = self._get_codes().get(code, (False, False))[0]
        if channel_id:
            return self.browse(channel_id)
        # Not in the cache: a channel created by a transaction not seen yet.
        channel = self.with_context(active_test=False).search(
            [("code", "=", code)], limit=1
        )
        if not channel:
            raise UserError(
                self.env._("Unknown contact channel “%(code)s”.", code=code)
            )
        return channel

import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessDenied

KEY_PREFIX = "scrm_"


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ScrmServiceIntegration(models.Model):
    """A phone system (PBX, CTI) allowed to call the service endpoints. Its API
    key is shown once when generated; only a hash of it is stored."""

    _name = "scrm.service.integration"
    _description = "Phone System Integration"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    country_id = fields.Many2one(
        "res.country",
        string="Default Country",
        default=lambda self: self.env.company.country_id,
        help="Country of numbers the phone system sends without their "
        "international prefix.",
    )
    key_hash = fields.Char(
        readonly=True, copy=False, index=True, groups="base.group_system"
    )
    key_hint = fields.Char(
        string="Key Starts With",
        readonly=True,
        copy=False,
        help="The first characters of the key, to tell keys apart.",
    )
    date_key = fields.Datetime(string="Key Generated On", readonly=True, copy=False)
    call_count = fields.Integer(compute="_compute_call_count")

    def _compute_call_count(self):
        counts = dict(
            self.env["scrm.call.log"]._read_group(
                [("integration_id", "in", self.ids)], ["integration_id"], ["__count"]
            )
        )
        for integration in self:
            integration.call_count = counts.get(integration, 0)

    def _scrm_generate_key(self):
        """Give the integration a new key (the old one stops working) and return
        it: it is not stored and cannot be shown again."""
        self.ensure_one()
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.sudo().write(
            {
                "key_hash": hash_key(key),
                "key_hint": key[: len(KEY_PREFIX) + 4],
                "date_key": fields.Datetime.now(),
            }
        )
        return key

    def action_generate_key(self):
        self.ensure_one()
        # The key is written with sudo (its hash is for administrators only):
        # who may not edit the integration must not replace, nor learn, its key.
        self.check_access("write")
        key = self._scrm_generate_key()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New API key for %s", self.name),
                "message": self.env._(
                    "Copy it now, it will not be shown again: %s", key
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    @api.model
    def _scrm_authenticate(self, key):
        """The active integration of this key, or AccessDenied."""
        if not key or not key.startswith(KEY_PREFIX):
            raise AccessDenied()
        digest = hash_key(key)
        integration = self.sudo().search([("key_hash", "=", digest)], limit=1)
        if not integration or not hmac.compare_digest(integration.key_hash, digest):
            raise AccessDenied()
        return integration

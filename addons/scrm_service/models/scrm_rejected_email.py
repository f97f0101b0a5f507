import base64
import hashlib
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ScrmRejectedEmail(models.Model):
    """An incoming email for the service desk the gateway could not turn into a
    ticket (no valid sender, unreadable): kept whole for an administrator."""

    _name = "scrm.rejected.email"
    _description = "Rejected Service Email"
    _order = "id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    email_from = fields.Char(string="From", readonly=True)
    email_to = fields.Char(string="To", readonly=True)
    subject = fields.Char(readonly=True)
    message_id = fields.Char(string="Message-Id", readonly=True, index=True)
    raw_hash = fields.Char(
        string="SHA-256 of the Message",
        readonly=True,
        index="btree_not_null",
        help="Recognises a second delivery of an email without Message-Id.",
    )
    delivery_count = fields.Integer(
        string="Deliveries",
        default=1,
        readonly=True,
        help="How many times this email was delivered; it is kept once.",
    )
    date_last_delivery = fields.Datetime(
        string="Last Delivered On", default=fields.Datetime.now, readonly=True
    )
    reason = fields.Char(readonly=True)
    raw = fields.Text(string="Raw Message", readonly=True)
    raw_file = fields.Binary(
        string="Original Message",
        attachment=True,
        readonly=True,
        help="The email exactly as received, byte for byte (the text above "
        "replaces what is not UTF-8).",
    )
    raw_filename = fields.Char(default="message.eml", readonly=True)
    state = fields.Selection(
        [("new", "To Inspect"), ("done", "Handled")], default="new", required=True
    )

    @api.model
    def _scrm_keep(self, raw, reason, headers):
        """Keep a rejected email for an administrator, once: a second delivery
        of the same email (same Message-Id, or the same bytes when it has
        none) only counts on the first one. Returns the record kept."""
        digest = hashlib.sha256(raw).hexdigest()
        message_id = (headers.get("message_id") or "").strip()
        domain = (
            [("message_id", "=", message_id)]
            if message_id
            else [("message_id", "in", (False, "")), ("raw_hash", "=", digest)]
        )
        kept = self.search(domain, order="id", limit=1)
        if kept:
            kept.write(
                {
                    "delivery_count": kept.delivery_count + 1,
                    "date_last_delivery": fields.Datetime.now(),
                }
            )
            _logger.info(
                "Service desk: email from %s delivered again (Message-Id %s), "
                "already kept for inspection",
                headers.get("email_from"),
                message_id or digest,
            )
            return kept
        kept = self.create(
            {
                "reason": reason,
                "raw": raw.decode("utf-8", errors="replace"),
                "raw_file": base64.b64encode(raw),
                "raw_hash": digest,
                **headers,
                "message_id": message_id,
            }
        )
        _logger.info(
            "Service desk: email from %s kept for inspection, not processed: %s",
            headers.get("email_from"),
            reason,
        )
        return kept

    def action_mark_done(self):
        self.write({"state": "done"})

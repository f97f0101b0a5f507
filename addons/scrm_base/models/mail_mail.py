import logging
from collections import defaultdict

from odoo import fields, models
from odoo.tools.mail import email_normalize, email_normalize_all, email_split_and_format

_logger = logging.getLogger(__name__)

TRANSACTIONAL_MODELS = {"res.users"}


class MailMail(models.Model):
    _name = "mail.mail"
    _inherit = ["mail.mail", "scrm.hold.mixin"]

    failure_type = fields.Selection(
        selection_add=[("scrm_held", "Held back by contact preference")]
    )

    def _scrm_default_purpose(self, vals):
        if vals.get("mailing_id"):
            return "marketing"
        # The message of a notification email was created just before it (it is
        # in the cache); values for a new message come with the mail's own.
        message = self.env["mail.message"].browse(vals.get("mail_message_id"))
        model = vals.get("model") or message.model
        message_type = vals.get("message_type") or message.message_type
        if model in TRANSACTIONAL_MODELS or message_type == "user_notification":
            return "transactional"  # password resets, invitations, assignments
        return super()._scrm_default_purpose(vals)

    def _send(self, *args, **kwargs):
        held = self._scrm_hold_refused()
        return super(MailMail, self - held)._send(*args, **kwargs)

    def _scrm_held_subject(self):
        return self.subject or self.record_name or ""

    def _scrm_hold_refused(self):
        """Hold back, at send time, what the recipients' contact preferences
        refuse. A mail refused by all its recipients is cancelled with the reason;
        refused recipients of a mail that still goes to others are taken off it.
        Their notifications are cancelled with the reason and the timeline of each
        refused partner shows the held message. Returns the cancelled mails."""
        mails = self.filtered(lambda m: m.state == "outgoing").sudo()
        if not mails:
            return self.browse()
        Partner = self.env["res.partner"].sudo()
        addresses = {
            mail.id: email_normalize_all(mail.email_to)
            for mail in mails
            if mail.email_to
        }
        partners_of_address = defaultdict(lambda: Partner)
        all_addresses = {address for found in addresses.values() for address in found}
        if all_addresses:
            for partner in Partner.search(
                [("email_normalized", "in", list(all_addresses))]
            ):
                partners_of_address[partner.email_normalized] |= partner

        Preference = self.env["scrm.contact.preference"]
        decisions = {}
        for purpose, group in mails.grouped("scrm_purpose").items():
            partner_ids = set(group.recipient_ids.ids)
            for mail in group:
                for address in addresses.get(mail.id, ()):
                    partner_ids.update(partners_of_address[address].ids)
            decisions[purpose] = Preference._get_contact_decisions(
                list(partner_ids), "email", purpose or "service"
            )

        email_channel = self.env["scrm.channel"]._get_by_code("email")
        held, logged, cancelled_partners = self.browse(), [], {}
        for mail in mails:
            decide = decisions[mail.scrm_purpose]
            refused = {}
            for partner in mail.recipient_ids:
                if not decide[partner.id].allowed:
                    refused[partner] = decide[partner.id]
            kept_addresses = []
            for address in addresses.get(mail.id, ()):
                refusing = partners_of_address[address].filtered(
                    lambda p, decide=decide: not decide[p.id].allowed
                )
                for partner in refusing[:1]:
                    refused[partner] = decide[partner.id]
                if not refusing:
                    kept_addresses.append(address)
            if not refused:
                continue
            reasons = {
                partner: decision.reason(
                    self.env, partner, email_channel, mail.scrm_purpose or "service"
                )
                for partner, decision in refused.items()
            }
            reason_text = "\n".join(reasons.values())
            logged += [(mail, partner, reason) for partner, reason in reasons.items()]
            cancelled_partners[mail.id] = (
                [p.id for p in refused],
                reason_text,
            )
            remaining = mail.recipient_ids.filtered(lambda p, r=refused: p not in r)
            if not remaining and not kept_addresses:
                mail.write(
                    {
                        "state": "cancel",
                        "failure_type": "scrm_held",
                        "failure_reason": reason_text,
                    }
                )
                held |= mail
            else:
                vals = {"recipient_ids": [fields.Command.set(remaining.ids)]}
                if mail.email_to:
                    vals["email_to"] = ", ".join(
                        email
                        for email in email_split_and_format(mail.email_to)
                        if email_normalize(email) in kept_addresses
                    )
                mail.write(vals)
            _logger.info(
                "mail.mail %s (%s) held back for %s: contact preference",
                mail.id,
                mail.scrm_purpose,
                ", ".join(str(p.id) for p in refused),
            )
        if logged:
            self._scrm_cancel_notifications(cancelled_partners)
            self._scrm_log_held(logged, "email")
        return held

    def _scrm_cancel_notifications(self, cancelled_partners):
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_mail_id", "in", list(cancelled_partners)),
                    ("notification_type", "=", "email"),
                    ("notification_status", "not in", ("sent", "canceled")),
                ]
            )
        )
        for notification in notifications:
            partner_ids, reason = cancelled_partners[notification.mail_mail_id.id]
            if notification.res_partner_id.id in partner_ids:
                notification.write(
                    {
                        "notification_status": "canceled",
                        "failure_type": "scrm_held",
                        "failure_reason": reason,
                    }
                )
        notifications.mail_message_id._notify_message_notification_update()

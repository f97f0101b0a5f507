import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    _name = "sms.sms"
    _inherit = ["sms.sms", "scrm.hold.mixin"]

    failure_type = fields.Selection(
        selection_add=[("scrm_held", "Held back by contact preference")]
    )

    def _scrm_default_purpose(self, vals):
        if vals.get("mailing_id"):
            return "marketing"
        return super()._scrm_default_purpose(vals)

    def send(self, *args, **kwargs):
        held = self._scrm_hold_refused()
        return super(SmsSms, self - held).send(*args, **kwargs)

    def _scrm_held_subject(self):
        return self.mail_message_id.record_name or self.number or ""

    def _scrm_hold_refused(self):
        """Cancel, at send time, the SMS that the recipients' contact preferences
        refuse, with the reason, their notifications and a timeline entry.
        A text without partner is matched to partners by its number."""
        texts = self.filtered(lambda s: s.state == "outgoing" and not s.to_delete)
        texts = texts.sudo()
        if not texts:
            return self.browse()
        Partner = self.env["res.partner"].sudo()
        by_number = {}
        unmatched = texts.filtered(lambda s: not s.partner_id and s.number)
        if unmatched:
            numbers = list(set(unmatched.mapped("number")))
            for partner in Partner.search(
                ["|", ("phone_sanitized", "in", numbers), ("mobile", "in", numbers)]
            ):
                for number in (partner.phone_sanitized, partner.mobile):
                    if number:
                        by_number.setdefault(number, partner)
        recipient = {
            text.id: text.partner_id or by_number.get(text.number, Partner)
            for text in texts
        }
        Preference = self.env["scrm.contact.preference"]
        sms_channel = self.env["scrm.channel"]._get_by_code("sms")
        held, logged = self.browse(), []
        for purpose, group in texts.grouped("scrm_purpose").items():
            purpose = purpose or "service"
            partner_ids = {recipient[text.id].id for text in group} - {False}
            decisions = Preference._get_contact_decisions(
                list(partner_ids), "sms", purpose
            )
            for text in group:
                partner = recipient[text.id]
                if not partner or decisions[partner.id].allowed:
                    continue
                reason = decisions[partner.id].reason(
                    self.env, partner, sms_channel, purpose
                )
                held |= text
                logged.append((text, partner, reason))
        for text, partner, reason in logged:
            text._update_sms_state_and_trackers("canceled", failure_type="scrm_held")
            text.sms_tracker_id.mail_notification_id.write({"failure_reason": reason})
            _logger.info("sms.sms %s held back for partner %s", text.id, partner.id)
        if logged:
            self._scrm_log_held(logged, "sms")
        return held

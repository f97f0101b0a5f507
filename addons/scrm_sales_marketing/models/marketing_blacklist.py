from odoo import fields, models, tools


def _record_opt_outs(env, partners, channel_code):
    """An unsubscription (Odoo's blacklist, from a mailing's unsubscribe link or
    by hand) also records the partners' marketing opt-out on the channel in
    ``scrm_base``, with its source and date, so every other path obeys it."""
    if not partners:
        return
    now = fields.Datetime.now()
    env["scrm.contact.preference"].sudo()._record_preferences(
        [
            {
                "partner_id": partner.id,
                "channel_code": channel_code,
                "purpose": "marketing",
                "consent": "opt_out",
                "source": "form",
                "date": now,
                "note": env._("Unsubscribed from a mailing"),
            }
            for partner in partners
        ]
    )


class MailBlacklist(models.Model):
    _inherit = "mail.blacklist"

    def _add(self, email, message=None):
        record = super()._add(email, message=message)
        normalized = tools.email_normalize(email)
        if normalized:
            partners = (
                self.env["res.partner"]
                .sudo()
                .search([("email_normalized", "=", normalized)])
            )
            _record_opt_outs(self.env, partners, "email")
        return record


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    def _add(self, numbers, message=None):
        records = super()._add(numbers, message=message)
        numbers = [number for number in numbers if number]
        if numbers:
            partners = (
                self.env["res.partner"]
                .sudo()
                .search([("phone_sanitized", "in", numbers)])
            )
            _record_opt_outs(self.env, partners, "sms")
        return records

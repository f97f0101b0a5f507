from odoo import fields, models


class MailingTrace(models.Model):
    """A mailing's trace can say that the recipient's contact preferences
    held the message back: ``scrm_base`` cancels a refused SMS or email with
    the failure type ``scrm_held``, and Odoo copies it onto the trace."""

    _inherit = "mailing.trace"

    failure_type = fields.Selection(
        selection_add=[("scrm_held", "Held back by contact preference")]
    )


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _scrm_hold_refused(self):
        """A mailing email held back by consent is counted on its trace
        (cancelled, with the reason), as Odoo does for its own opt-outs."""
        held = super()._scrm_hold_refused()
        for mail in held.sudo().filtered("mailing_trace_ids"):
            mail.mailing_trace_ids.write(
                {
                    "trace_status": "cancel",
                    "failure_type": "scrm_held",
                    "failure_reason": mail.failure_reason,
                }
            )
        return held


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _scrm_log_held(self, held, channel_code):
        """A mailing SMS held back by consent: its trace gets the reason too
        (Odoo copies the state and failure type, not the reason)."""
        for text, _partner, reason in held:
            traces = text.sudo().sms_tracker_id.mailing_trace_id
            if traces:
                traces.write({"failure_reason": reason})
        return super()._scrm_log_held(held, channel_code)

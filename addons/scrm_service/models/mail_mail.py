from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _scrm_log_held(self, held, channel_code):
        """A ticket reply held back by the customer's preferences is shown on the
        ticket, with a call-back activity on their preferred channel."""
        interactions = super()._scrm_log_held(held, channel_code)
        Ticket = self.env["scrm.ticket"].sudo()
        for record, partner, reason in held:
            message = record.mail_message_id
            if message.model == "scrm.ticket" and message.res_id:
                Ticket.browse(message.res_id)._scrm_reply_held(partner, reason)
        return interactions

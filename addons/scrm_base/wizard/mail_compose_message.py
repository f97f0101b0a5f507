from odoo import models

# Documents whose templated emails are transactional: the customer asked for them
# (a quotation, an order confirmation, an invoice, a delivery), so they go unless
# the partner refused transactional emails explicitly.
TRANSACTIONAL_TEMPLATE_MODELS = {
    "account.move",
    "purchase.order",
    "res.users",
    "sale.order",
    "stock.picking",
}


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _scrm_mail_purpose(self):
        """Purpose of what this composer sends, False to let the mail decide."""
        self.ensure_one()
        if self.template_id and self.model in TRANSACTIONAL_TEMPLATE_MODELS:
            return "transactional"
        if self.composition_mode == "mass_mail" and self.model == "res.partner":
            return "marketing"
        return False

    def _action_send_mail(self, auto_commit=False):
        if self.env.context.get("scrm_mail_purpose") or len(self) != 1:
            return super()._action_send_mail(auto_commit=auto_commit)
        purpose = self._scrm_mail_purpose()
        composer = self.with_context(scrm_mail_purpose=purpose) if purpose else self
        return super(MailComposeMessage, composer)._action_send_mail(
            auto_commit=auto_commit
        )

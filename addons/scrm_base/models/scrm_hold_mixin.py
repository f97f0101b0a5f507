from odoo import api, fields, models

from .scrm_contact_preference import PURPOSES


class ScrmHoldMixin(models.AbstractModel):
    """What ``mail.mail`` and ``sms.sms`` share: a purpose, and a record of what
    was held back because the recipient's contact preferences refuse it."""

    _name = "scrm.hold.mixin"
    _description = "Outgoing Message Held by Contact Preferences"

    scrm_purpose = fields.Selection(
        PURPOSES,
        string="Purpose",
        readonly=True,
        help="Decides which contact preferences of the recipients apply: "
        "marketing, service (conversations, notifications) or transactional "
        "(orders, invoices, password resets).",
    )

    @api.model
    def _scrm_default_purpose(self, vals):
        """Purpose of a new outgoing message when its sender did not say, from
        its create values (decided before the INSERT: no UPDATE after it)."""
        return "service"

    @api.model_create_multi
    def create(self, vals_list):
        forced = self.env.context.get("scrm_mail_purpose")
        for vals in vals_list:
            if not vals.get("scrm_purpose"):
                vals["scrm_purpose"] = forced or self._scrm_default_purpose(vals)
        return super().create(vals_list)

    def _scrm_log_held(self, held, channel_code):
        """Write the timeline entries of held-back messages.

        :param held: list of (record, partner, reason)
        """
        channel = self.env["scrm.channel"]._get_by_code(channel_code)
        vals_list = []
        for record, partner, reason in held:
            vals_list.append(
                {
                    "contact_id": partner.id,
                    "channel_id": channel.id,
                    "direction": "out",
                    "state": "held",
                    "hold_reason": reason,
                    "summary": self.env._(
                        "%(channel)s held back: %(subject)s",
                        channel=channel.name,
                        subject=record._scrm_held_subject(),
                    ),
                    "res_model": record.mail_message_id.model or False,
                    "res_id": record.mail_message_id.res_id or False,
                    "message_id": record.mail_message_id.id,
                }
            )
        return self.env["scrm.interaction"].sudo().create(vals_list)

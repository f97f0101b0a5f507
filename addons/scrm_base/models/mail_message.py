from collections import defaultdict

from odoo import api, models

# Kinds of messages that are a contact with the partner of a document. Internal
# notes, tracking and system notifications are not; mass mailings
# (email_outgoing) are logged by the addon that sends them.
LOGGED_TYPES = {"email", "comment", "sms"}
# Conversations that are not about a partner's document.
SKIPPED_MODELS = {"scrm.interaction", "discuss.channel", "mail.thread"}


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        if not self.env.context.get("scrm_skip_timeline"):
            messages._scrm_log_timeline()
        return messages

    def _scrm_log_timeline(self):
        """Write the timeline entries of new messages posted on documents that have
        a partner: incoming emails, portal messages, SMS, and messages sent to the
        partner (a recipient or a follower of the document). A fixed number of
        queries per model, whatever the number of messages."""
        # The message type first: creating a message invalidates ``res_id`` of
        # every message in the cache (the inverse of the documents' message_ids),
        # and tracking or assignment notifications must not read it back.
        loggable = self.filtered(
            lambda m: (
                m.message_type in LOGGED_TYPES
                and m.model
                and m.model not in SKIPPED_MODELS
                and m.model in self.env
                and m.res_id
                and not m.is_internal
                # Odoo posts an SMS under the internal "note" subtype: it still
                # went to the recipient's phone
                and (m.message_type == "sms" or not m.subtype_id.internal)
            )
        )
        if not loggable:
            return self.env["scrm.interaction"]
        Channel = self.env["scrm.channel"].sudo()
        channels = {
            code: Channel.browse(channel_id)
            for code, (channel_id, active) in Channel._get_codes().items()
            if active and code in ("email", "portal", "sms")
        }
        vals_list = []
        for model, messages in loggable.grouped("model").items():
            records = self.env[model].sudo().browse(messages.mapped("res_id"))
            if hasattr(records, "_scrm_get_interaction_contacts"):
                contacts = records._scrm_get_interaction_contacts()
            else:
                contacts = {
                    rid: partners[:1]
                    for rid, partners in records._mail_get_partners().items()
                }
            # Only a message that is not the partner's own needs the followers.
            followers = None
            side = getattr(records, "_scrm_get_interaction_side", lambda: False)()
            for message in messages:
                contact = contacts.get(message.res_id)
                if not contact:
                    continue
                if followers is None and not message._scrm_is_inbound(contact):
                    followers = self._scrm_followers(model, records, contacts)
                vals = message._scrm_interaction_values(
                    contact, channels, (followers or {}).get(message.res_id, set())
                )
                if not vals:
                    continue
                record = records.browse(message.res_id).with_prefetch(
                    records._prefetch_ids
                )
                if "company_id" in record._fields and record.company_id:
                    vals["company_id"] = record.company_id.id
                if side:
                    vals["side"] = side
                vals_list.append(vals)
        return self.env["scrm.interaction"].sudo().create(vals_list)

    def _scrm_followers(self, model, records, contacts):
        """{res_id: commercial partners following the document}, one query."""
        partner_ids = [contact.id for contact in contacts.values() if contact]
        result = defaultdict(set)
        if not partner_ids:
            return result
        commercial_ids = {
            contact.commercial_partner_id.id for contact in contacts.values() if contact
        }
        follows = (
            self.env["mail.followers"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", records.ids),
                    "|",
                    ("partner_id", "in", partner_ids),
                    ("partner_id.commercial_partner_id", "in", list(commercial_ids)),
                ],
                ["res_id", "partner_id"],
            )
        )
        for follow in follows:
            result[follow.res_id].add(follow.partner_id.commercial_partner_id.id)
        return result

    def _scrm_is_inbound(self, contact):
        """Whether the message was written by the contact's side."""
        self.ensure_one()
        author = self.author_id
        return bool(author) and author.commercial_partner_id == (
            contact.commercial_partner_id
        )

    def _scrm_interaction_values(self, contact, channels, follower_commercial_ids):
        self.ensure_one()
        commercial = contact.commercial_partner_id
        author = self.author_id
        inbound = self._scrm_is_inbound(contact)
        if self.message_type == "sms":
            channel = channels.get("sms")
        elif inbound and self.message_type == "comment":
            channel = channels.get("portal")
        else:
            channel = channels.get("email")
        if not channel:
            return {}
        if not inbound:
            # A message that did not reach the partner is not a contact with them.
            recipients = self.partner_ids.commercial_partner_id
            if (
                commercial not in recipients
                and commercial.id not in follower_commercial_ids
            ):
                return {}
        record_name = self.record_name or ""
        summary = self.subject or record_name
        if self.preview:
            summary = f"{summary}: {self.preview}" if summary else self.preview
        internal_user = author.user_ids.filtered(lambda u: not u.share)[:1]
        return {
            "partner_id": commercial.id,
            "contact_id": (author if inbound else contact).id,
            "channel_id": channel.id,
            "direction": "in" if inbound else "out",
            "date": self.date,
            "user_id": internal_user.id or False,
            "summary": (summary or record_name or "-")[:250],
            "res_model": self.model,
            "res_id": self.res_id,
            "message_id": self.id,
        }

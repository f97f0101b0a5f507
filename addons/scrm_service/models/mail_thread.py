import email
import email.policy
import logging
import re
from email.parser import BytesHeaderParser
from xmlrpc import client as xmlrpclib

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import email_normalize, email_split

_logger = logging.getLogger(__name__)

AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk", "list"}
# Python's email parser takes time that grows with the square of a header's
# size (about 15 s for a 100 KB header): an email whose header block or one
# of whose header fields is larger than any real email's is refused before it
# is parsed. RFC 5322 (2.1.1) caps a line at 998 characters, but real mail
# breaks that rule (mail programs send long subjects unfolded), so the limits
# are those of mail servers: sendmail's default MaxHeadersLength is 32 KB,
# Postfix cuts the header at 100 KB.
HEADER_BLOCK_MAX = 64 * 1024
HEADER_FIELD_MAX = 16 * 1024
# The header ends at the first line that is neither a field nor a folded
# line (the empty line before the body, or a body without one).
_HEADER_END = re.compile(rb"\r?\n(?![ \t]|[!-9;-~]{1,998}:)")
_FIELD_START = re.compile(rb"\r?\n(?![ \t])")
_FIELD_NAME = re.compile(rb"^([!-9;-~]{1,76}):")


class MailThread(models.AbstractModel):
    """The mail gateway, seen from the service desk: an email that cannot become a
    ticket is kept for an administrator, and automatic emails (auto-replies,
    bounces, out-of-office) never open tickets."""

    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        self._scrm_check_gateway_caller()
        raw = message
        if isinstance(raw, xmlrpclib.Binary):
            raw = bytes(raw.data)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        rejected = self._scrm_oversized_header(raw) or (
            self._scrm_service_reject_reason(model, raw)
        )
        if rejected:
            reason, headers = rejected
            self.env["scrm.rejected.email"].sudo()._scrm_keep(raw, reason, headers)
            return False
        return super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    @api.model
    def _scrm_check_gateway_caller(self):
        """The gateway runs as superuser (the incoming mail server's cron, its
        "Fetch" button as an administrator, the mailgate script with an
        administrator's key). Any other user reaching ``message_process`` over
        RPC is refused: the routing writes as superuser, across companies, and
        would keep a rejected email of any size on their word."""
        if not (self.env.is_superuser() or self.env.user._is_system()):
            raise AccessError(
                self.env._("Only the mail gateway may process incoming emails.")
            )

    @api.model
    def _scrm_oversized_header(self, raw):
        """(reason, header values) when the header block of ``raw`` or one of
        its fields (with its folded lines) is over the limits above, else
        False. Found without the email parser, in time linear in at most
        ``HEADER_BLOCK_MAX`` bytes; the header values kept with the refused
        email are read the same way (the first line of each, shortened)."""
        scan = raw[: HEADER_BLOCK_MAX + 4]
        # An mbox "From " line first is skipped, as Python's parser does.
        skip = scan.find(b"\n") + 1 if scan.startswith(b"From ") else 0
        end = _HEADER_END.search(scan, skip)
        block = scan[skip : end.start()] if end else scan[skip:]
        longest = max(_FIELD_START.split(block), key=len, default=b"")
        if len(longest) > HEADER_FIELD_MAX:
            name = _FIELD_NAME.match(longest)
            reason = self.env._(
                "The header field “%(name)s” of this email is over %(limit)s KB, "
                "the most a mail server accepts: it was not read.",
                name=name.group(1).decode("ascii") if name else "?",
                limit=HEADER_FIELD_MAX // 1024,
            )
            return reason, self._scrm_raw_headers(block)
        if len(block) > HEADER_BLOCK_MAX:
            reason = self.env._(
                "The header of this email is over %(limit)s KB, the most a mail "
                "server accepts: it was not read.",
                limit=HEADER_BLOCK_MAX // 1024,
            )
            return reason, self._scrm_raw_headers(block)
        return False

    @api.model
    def _scrm_raw_headers(self, block):
        """From, To, Subject and Message-Id of a header block that is not to
        be parsed: the first line of each, at most 250 characters."""
        values = {}
        for key, name in (
            ("email_from", b"From"),
            ("email_to", b"To"),
            ("subject", b"Subject"),
            ("message_id", b"Message-Id"),
        ):
            found = re.search(rb"(?im)^" + name + rb":[ \t]*([^\r\n]{0,250})", block)
            values[key] = (
                found.group(1).decode("utf-8", errors="replace").strip()
                if found
                else ""
            )
        return values

    @api.model
    def _scrm_service_reject_reason(self, model, raw):
        """(reason, header values) when an email meant for the service desk is
        malformed, else False. Emails for other applications are left to them.

        Only the headers are parsed (the body is Odoo's to parse), and the
        aliases are looked up only for an email without a valid sender: a
        well-formed email costs no query here."""
        headers = {}
        sender = ""
        try:
            parsed = BytesHeaderParser(policy=email.policy.SMTP).parsebytes(raw)
            # The whole header is checked: cut to the stored size, a long
            # display name would cut the address off and refuse a good email.
            sender = str(parsed.get("From") or "")
            headers = {
                "email_from": str(parsed.get("From") or "")[:250],
                "email_to": str(parsed.get("To") or "")[:250],
                "subject": str(parsed.get("Subject") or "")[:250],
                "message_id": str(parsed.get("Message-Id") or "")[:250],
            }
            recipients = ",".join(
                str(parsed.get(name) or "") for name in ("To", "Cc", "Delivered-To")
            )
        except Exception as error:  # any parse error is a rejection
            if model != "scrm.ticket":
                return False
            return self.env._("Unreadable email: %s", error), headers
        if raw.strip() and email_normalize(sender):
            return False
        if model != "scrm.ticket" and not self._scrm_is_service_address(recipients):
            return False
        if not raw.strip() or not headers["email_from"]:
            return self.env._("The email has no sender (From)."), headers
        return (
            self.env._("The sender address “%s” is not valid.", headers["email_from"]),
            headers,
        )

    @api.model
    def _scrm_is_service_address(self, recipients):
        local_parts = {
            address.split("@")[0].lower()
            for address in email_split(recipients)
            if "@" in address
        }
        if not local_parts:
            return False
        return bool(
            self.env["mail.alias"]
            .sudo()
            .search_count(
                [
                    ("alias_name", "in", list(local_parts)),
                    ("alias_model_id.model", "=", "scrm.ticket"),
                ],
                limit=1,
            )
        )

    @api.model
    def _scrm_is_auto_submitted(self, message, message_dict):
        auto = str(message.get("Auto-Submitted") or "").strip().lower()
        precedence = str(message.get("Precedence") or "").strip().lower()
        return bool(
            (auto and auto != "no")
            or message.get("X-Autoreply")
            or message.get("X-Autorespond")
            or precedence in AUTO_PRECEDENCE
            or message_dict.get("is_bounce")
        )

    def _message_route_process(self, message, message_dict, routes):
        automatic = bool(routes) and self._scrm_is_auto_submitted(message, message_dict)
        if automatic:
            kept = [
                route
                for route in routes
                if not (route[0] == "scrm.ticket" and not route[1])
            ]
            if len(kept) != len(routes):
                _logger.info(
                    "Service desk: automatic email from %s (Message-Id %s) opens no "
                    "ticket",
                    message_dict.get("email_from"),
                    message_dict.get("message_id"),
                )
                if not kept:
                    return False
                routes = kept
        elif routes:
            # A customer answering a ticket closed long ago opens a follow-up.
            Ticket = self.env["scrm.ticket"]
            routes = [
                Ticket.browse(route[1])._scrm_answer_route(route, message_dict)
                if route[0] == "scrm.ticket" and route[1]
                else route
                for route in routes
            ]
        # The routing has just looked the sender up among users and contacts
        # (as superuser: among all of them): a ticket opened from this email
        # creates the contact without searching again. Not with several
        # routes, where another application may create the contact first.
        context = {"scrm_gateway": True, "scrm_automatic_email": automatic}
        single = routes and len(routes) == 1
        if self.env.su and single and not message_dict.get("author_id"):
            context["scrm_gateway_author_unknown"] = True
        return super(MailThread, self.with_context(**context))._message_route_process(
            message, message_dict, routes
        )

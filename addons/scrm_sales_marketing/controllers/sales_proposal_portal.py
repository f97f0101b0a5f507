from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal
from odoo.addons.scrm_base.tools.validation import (
    TEXT_SIZE,
    InputCheck,
    InputError,
    guard,
)

from ..models.sales_proposal_portal import DECLINE_REASONS


class ScrmProposalPortal(CustomerPortal):
    """The customer's answers to a proposal on Odoo's /my/orders page: accept
    (Odoo's signature), decline with a reason, or ask for a change."""

    def _scrm_order_or_none(self, order_id, access_token):
        try:
            return self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    @staticmethod
    def _scrm_skip_mail_timeline():
        # The answer is written to the timeline once, with what it is (the
        # messages Odoo posts with it would each add an entry of their own).
        request.update_context(scrm_skip_timeline=True)

    @staticmethod
    def _scrm_author(order_sudo):
        user = request.env.user
        return order_sudo.partner_id if user._is_public() else user.partner_id

    @http.route()
    def portal_quote_accept(
        self, order_id, access_token=None, name=None, signature=None
    ):
        self._scrm_skip_mail_timeline()
        result = super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )
        if isinstance(result, dict) and not result.get("error"):
            token = access_token or request.httprequest.args.get("access_token")
            order_sudo = self._scrm_order_or_none(order_id, token)
            if order_sudo and order_sudo.signature:
                order_sudo._scrm_portal_answer(
                    "accepted", self._scrm_author(order_sudo)
                )
        return result

    @http.route()
    @guard
    def portal_quote_decline(
        self, order_id, access_token=None, decline_message=None, **kwargs
    ):
        check = InputCheck(request.env)
        order_sudo = self._scrm_order_or_none(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        reason = check.choice(
            kwargs.get("scrm_decline_reason"),
            DECLINE_REASONS,
            request.env._("Reason"),
            default="other",
        )
        message = check.text(
            decline_message,
            request.env._("Your feedback"),
            size=TEXT_SIZE,
            required=True,
            multiline=True,
        )
        was_open = order_sudo._has_to_be_signed()
        self._scrm_skip_mail_timeline()
        response = super().portal_quote_decline(
            order_id, access_token=access_token, decline_message=message
        )
        if was_open and order_sudo.state == "cancel":
            order_sudo._scrm_portal_answer(
                "declined",
                self._scrm_author(order_sudo),
                message=message,
                reason=reason,
            )
        return response

    @http.route(
        "/my/orders/<int:order_id>/scrm_change",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    @guard
    def scrm_portal_quote_change(
        self, order_id, access_token=None, change_message=None, **kwargs
    ):
        order_sudo = self._scrm_order_or_none(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        message = InputCheck(request.env).text(
            change_message,
            request.env._("The change you need"),
            size=TEXT_SIZE,
            required=True,
            multiline=True,
        )
        if not order_sudo._has_to_be_signed():
            raise InputError(
                request.env._(
                    "This quotation can no longer be changed: ask your "
                    "salesperson for a new one."
                )
            )
        author = self._scrm_author(order_sudo)
        self._scrm_skip_mail_timeline()
        order_sudo = order_sudo.with_context(scrm_skip_timeline=True)
        order_sudo.message_post(
            author_id=author.id,
            body=request.env._("Change requested: %(message)s", message=message),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        order_sudo._scrm_portal_answer("change_requested", author, message=message)
        return request.redirect(
            order_sudo.get_portal_url(query_string="&message=scrm_change_ok")
        )

from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, ValidationError
from odoo.http import request

from odoo.addons.scrm_base.tools.validation import (
    InputCheck,
    InputError,
    bad_request,
)

from ..models.res_partner import PHONE_MAX_LENGTH

DIRECTIONS = ("in", "out")
# What a phone system sends: its own call id, an agent's login, call notes.
CALL_ID_SIZE = 128
LOGIN_SIZE = 128
EXTENSION_SIZE = 32
NOTES_SIZE = 2000
MAX_DURATION = 86400
OPEN_TICKETS_SHOWN = 10
INTERACTIONS_SHOWN = 5


class ScrmServiceCti(http.Controller):
    """JSON endpoints for a phone system (PBX/CTI). Every call carries the
    integration's API key in the ``Authorization: Bearer <key>`` header.

    - ``POST /scrm_service/cti/incoming`` ``{"number": "...", "extension":
      "...", "agent_login": "..."}``: who is calling, their open tickets and
      last interactions (for the agent's screen). With the extension (or the
      login) of the agent the call rings for, that agent's web client pops up
      the caller's card itself (a bus notification to that user only).
    - ``POST /scrm_service/cti/call_end`` ``{"call_id", "number", "direction",
      "duration", "agent_login", "notes"}``: log the call once.
    """

    def _json(self, payload, status=200):
        return request.make_json_response(payload, status=status)

    def _error(self, message, status):
        return self._json({"error": message}, status=status)

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization", "")
        key = header[7:].strip() if header.lower().startswith("bearer ") else ""
        return request.env["scrm.service.integration"]._scrm_authenticate(key)

    def _payload(self):
        """The JSON object of the body, bounded in size and depth."""
        return InputCheck(request.env).json_object(request.httprequest.get_data())

    def _number(self, check, payload):
        return check.text(
            payload.get("number"), "number", size=PHONE_MAX_LENGTH, required=True
        )

    def _caller(self, integration, number):
        Partner = request.env["res.partner"].sudo().with_company(integration.company_id)
        partners = Partner._scrm_find_by_phone(
            number, country=integration.country_id
        ).filtered(
            # sudo sees every company's contacts: keep shared ones and ours.
            lambda p: not p.company_id or p.company_id == integration.company_id
        )
        # A person rather than their company when both carry the number.
        persons = partners.filtered(lambda p: not p.is_company)
        return (persons or partners)[:1]

    def _summary(self, integration, partner):
        Ticket = request.env["scrm.ticket"].sudo()
        tickets = Ticket.search(
            [
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("is_closed", "=", False),
                ("company_id", "=", integration.company_id.id),
            ],
            limit=OPEN_TICKETS_SHOWN,
            order="id desc",
        )
        interactions = (
            request.env["scrm.interaction"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.commercial_partner_id.id),
                    # Another company's contacts are not this phone system's.
                    ("company_id", "in", [False, integration.company_id.id]),
                ],
                limit=INTERACTIONS_SHOWN,
            )
        )
        return {
            "partner": {
                "id": partner.id,
                "name": partner.name,
                "company": partner.commercial_partner_id.name,
                "email": partner.email or None,
            },
            "open_tickets": [
                {
                    "id": ticket.id,
                    "reference": ticket.number,
                    "subject": ticket.name,
                    "stage": ticket.stage_id.name,
                    "priority": ticket.priority,
                }
                for ticket in tickets
            ],
            "last_interactions": [
                {
                    "date": interaction.date.isoformat(),
                    "channel": interaction.channel_id.code,
                    "direction": interaction.direction,
                    "summary": interaction.summary,
                }
                for interaction in interactions
            ],
        }

    @http.route(
        "/scrm_service/cti/incoming",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # Not read-only: it notifies the agent (a bus.bus row).
        readonly=False,
    )
    def cti_incoming(self, **kw):
        try:
            integration = self._authenticate()
        except AccessDenied:
            return self._error("invalid or missing API key", 401)
        check = InputCheck(request.env)
        try:
            payload = self._payload()
            number = self._number(check, payload)
            extension = check.text(
                payload.get("extension"), "extension", size=EXTENSION_SIZE
            )
            agent_login = check.text(
                payload.get("agent_login"), "agent_login", size=LOGIN_SIZE
            )
        except InputError as error:
            return bad_request(str(error))
        partner = self._caller(integration, number)
        # The screen pop: the agent's softphone opens this page, the caller's card.
        card_path = "/scrm_service/caller?{}".format(urlencode({"number": number}))
        card_url = integration.get_base_url() + card_path
        # ...and Odoo pushes it to the agent the call rings for, and no one else.
        agent = request.env["res.users"]._scrm_agent_for_call(
            integration.company_id, extension=extension, login=agent_login
        )
        agent._scrm_push_incoming_call(number, partner=partner, card_url=card_path)
        result = {"card_url": card_url, "agent_notified": bool(agent)}
        if not partner:
            return self._json({"known": False, "number": number, **result})
        return self._json(
            {"known": True, **self._summary(integration, partner), **result}
        )

    @http.route("/scrm_service/caller", type="http", auth="user", methods=["GET"])
    def caller_card(self, number=None, **kw):
        """Open the caller's card in the back office for a number (the phone
        system's screen pop, or a link). Agents only: the card is built as the
        user, with their access."""
        try:
            number = InputCheck(request.env).text(
                number, "number", size=PHONE_MAX_LENGTH, required=True
            )
        except InputError as error:
            return bad_request(str(error))
        try:
            lookup = request.env["scrm.caller.lookup"].create({"phone_number": number})
        except AccessError:
            return request.redirect("/odoo")
        return request.redirect(
            f"/odoo/action-scrm_service.scrm_caller_lookup_action/{lookup.id}"
        )

    @http.route(
        "/scrm_service/cti/call_end",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def cti_call_end(self, **kw):
        try:
            integration = self._authenticate()
        except AccessDenied:
            return self._error("invalid or missing API key", 401)
        check = InputCheck(request.env)
        try:
            payload = self._payload()
            call_id = check.text(
                payload.get("call_id"), "call_id", size=CALL_ID_SIZE, required=True
            )
            number = self._number(check, payload)
            direction = check.choice(
                payload.get("direction"), DIRECTIONS, "direction", default="in"
            )
            duration = payload.get("duration", 0)
            if (
                isinstance(duration, bool)
                or not isinstance(duration, int | float)
                or not 0 <= duration <= MAX_DURATION
            ):
                raise InputError(
                    request.env._(
                        "duration: a number of seconds from 0 to %(max)s.",
                        max=MAX_DURATION,
                    )
                )
            agent_login = check.text(
                payload.get("agent_login"), "agent_login", size=LOGIN_SIZE
            )
            notes = check.text(
                payload.get("notes"),
                "notes",
                size=NOTES_SIZE,
                multiline=True,
            )
        except InputError as error:
            return bad_request(str(error))
        partner = self._caller(integration, number)
        agent = (
            request.env["res.users"]
            .sudo()
            .search(
                [
                    ("login", "=", agent_login),
                    ("share", "=", False),
                ],
                limit=1,
            )
        )
        try:
            log, created = (
                request.env["scrm.call.log"]
                .sudo()
                ._scrm_log_external_call(
                    integration,
                    {
                        "kind": "call",
                        "partner_id": partner.id,
                        "phone_number": number,
                        "direction": direction,
                        "duration": duration / 60.0,
                        "notes": notes or False,
                        "user_id": agent.id,
                        "external_call_id": call_id,
                        "company_id": integration.company_id.id,
                    },
                )
            )
        except ValidationError as error:
            return self._error(str(error), 400)
        return self._json({"logged": created, "call_log_id": log.id or None})

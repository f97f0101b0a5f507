from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.scrm_contact_preference import CONSENTS, PURPOSES
from ..tools.validation import guard


class ScrmPreferencePortal(CustomerPortal):
    """/my/preferences: a customer or supplier manages their own contact
    preferences; each change is recorded with source ``portal``."""

    def _scrm_preference_values(self, partner, **extra):
        Preference = request.env["scrm.contact.preference"]
        channels = (
            request.env["scrm.channel"].sudo().search([("is_outbound", "=", True)])
        )
        answers = {
            purpose: Preference._effective_consents(partner.ids, purpose)[partner.id]
            for purpose, _label in PURPOSES
        }
        current = {}
        for purpose, by_channel in answers.items():
            for channel in channels:
                consent, _pref, inherited, _date = by_channel.get(
                    channel.id, ("opt_in", False, False, False)
                )
                current[(channel.id, purpose)] = (consent, inherited)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_preferences",
                "partner": partner,
                "channels": channels,
                "purposes": Preference._fields["purpose"]._description_selection(
                    request.env
                ),
                "consents": Preference._fields["consent"]._description_selection(
                    request.env
                ),
                "current": current,
                **extra,
            }
        )
        return values

    @http.route("/my/preferences", type="http", auth="user", website=True)
    @guard
    def portal_my_preferences(self, **kwargs):
        partner = request.env.user.partner_id
        return request.render(
            "scrm_base.portal_my_preferences",
            self._scrm_preference_values(partner, saved=kwargs.get("saved")),
        )

    @http.route(
        "/my/preferences/save",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_preferences_save(self, partner_id=None, **post):
        """Record the changed answers of the logged-in user, and only theirs."""
        partner = request.env.user.partner_id
        if str(partner.id) != str(partner_id):
            values = self._scrm_preference_values(
                partner,
                error=request.env._(
                    "You can only change your own contact preferences."
                ),
            )
            return request.render("scrm_base.portal_my_preferences", values, status=403)
        values = self._scrm_preference_values(partner)
        valid_consents = dict(CONSENTS)
        changes = []
        for channel in values["channels"]:
            for purpose, _label in PURPOSES:
                answer = post.get(f"consent_{channel.id}_{purpose}")
                if answer is None:
                    continue
                if answer not in valid_consents:
                    values["error"] = request.env._(
                        "“%(answer)s” is not a valid answer.", answer=answer
                    )
                    return request.render(
                        "scrm_base.portal_my_preferences", values, status=400
                    )
                if answer != values["current"][(channel.id, purpose)][0]:
                    changes.append(
                        {
                            "partner_id": partner.id,
                            "channel_id": channel.id,
                            "purpose": purpose,
                            "consent": answer,
                            "source": "portal",
                            "user_id": request.env.user.id,
                        }
                    )
        # The portal user may not write preferences themselves: identity and
        # answers were checked above, the record is written on their behalf.
        Preference_sudo = request.env["scrm.contact.preference"].sudo()
        Preference_sudo._record_preferences(changes)
        if changes:
            portal_channel = request.env["scrm.channel"].sudo()._get_by_code("portal")
            partner.sudo()._scrm_log_interaction(
                portal_channel,
                request.env._(
                    "Contact preferences changed on the portal (%s)", len(changes)
                ),
                direction="in",
                user_id=False,
            )
        return request.redirect("/my/preferences?saved=1")

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

/**
 * The screen pop of an incoming call: when the phone system reports a call
 * for this agent's extension (`/scrm_service/cti/incoming`), Odoo sends this
 * user a bus notification; it shows "Call from <name>" with a button that
 * opens the caller's card (account, open tickets, last interactions).
 */
export const scrmIncomingCallService = {
    dependencies: ["bus_service", "notification", "action"],
    start(env, { bus_service, notification, action }) {
        bus_service.subscribe("scrm_service/incoming_call", (payload) => {
            const close = notification.add(
                [payload.company, payload.number].filter(Boolean).join(" · "),
                {
                    title: _t("Call from %s", payload.name || payload.number),
                    type: "info",
                    sticky: true,
                    className: "o_scrm_incoming_call",
                    buttons: [
                        {
                            name: _t("Open the caller's card"),
                            icon: "fa-address-card-o",
                            primary: true,
                            onClick: () => {
                                close();
                                action.doAction({
                                    type: "ir.actions.act_url",
                                    url: payload.card_url,
                                    target: "self",
                                });
                            },
                        },
                    ],
                }
            );
        });
        bus_service.start();
    },
};

registry.category("services").add("scrm_incoming_call", scrmIncomingCallService);

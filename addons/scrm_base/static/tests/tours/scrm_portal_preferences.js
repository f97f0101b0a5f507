import { registry } from "@web/core/registry";

const emailMarketing = "select[data-channel='email'][data-purpose='marketing']";

registry.category("web_tour.tours").add("scrm_portal_preferences", {
    url: "/my",
    steps: () => [
        {
            content: "Open the contact preferences from the portal home",
            trigger: "a[href='/my/preferences']",
            run: "click",
        },
        {
            content: "Refuse marketing emails",
            trigger: emailMarketing,
            run: "select opt_out",
        },
        {
            content: "Save",
            trigger: "button.o_scrm_preferences_submit",
            run: "click",
        },
        {
            content: "The portal confirms the change",
            trigger: ".o_scrm_preferences_saved",
        },
        {
            content: "The page shows the new answer",
            trigger: `${emailMarketing}:has(option[value='opt_out']:checked)`,
        },
    ],
});

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_sales_proposal_portal", {
    steps: () => [
        {
            content: "Ask for a change",
            trigger: "a.o_scrm_change_request",
            run: "click",
        },
        {
            content: "Describe the change",
            trigger: "#scrm_modal_change textarea[name='change_message']",
            run: "edit Please quote 5 pumps instead of 2.",
        },
        {
            content: "Send the request",
            trigger: "#scrm_modal_change button.o_scrm_change_send",
            run: "click",
        },
        {
            content: "The request is sent",
            trigger: ".o_scrm_change_ok",
        },
        {
            content: "Reject the quotation",
            trigger: "div[name='sale_order_actions'] a[data-bs-target='#modaldecline']",
            run: "click",
        },
        {
            content: "Choose a reason",
            trigger: "#modaldecline select.o_scrm_decline_reason",
            run: "select competitor",
        },
        {
            content: "Say why",
            trigger: "#modaldecline textarea[name='decline_message']",
            run: "edit We ordered from another supplier.",
        },
        {
            content: "Reject",
            trigger: "#modaldecline button[type='submit']",
            run: "click",
        },
        {
            content: "The quotation is declined with its reason",
            trigger: ".o_scrm_declined:contains(Chose a competitor)",
        },
    ],
});

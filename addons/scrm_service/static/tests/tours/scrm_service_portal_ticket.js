import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_service_portal_ticket", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "Ask for help",
            trigger: "a.o_scrm_ticket_new",
            run: "click",
        },
        {
            content: "Type the subject",
            trigger: "input.o_scrm_kb_subject",
            run: "edit P-200 controller reset",
        },
        {
            content: "A knowledge-base article is suggested while typing",
            trigger: ".o_scrm_kb_suggestion a:contains(Resetting the P-200 controller)",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name='description']",
            run: "edit The reset button does nothing.",
        },
        {
            content: "Send the request",
            trigger: "button.o_scrm_ticket_submit",
            run: "click",
        },
        {
            content: "The request is created",
            trigger: ".o_scrm_ticket_saved:contains(was created)",
        },
        {
            content: "Write a reply",
            trigger: "form.o_scrm_ticket_reply textarea[name='body']",
            run: "edit Here is the serial number: SN-4711.",
        },
        {
            content: "Send the reply",
            trigger: "button.o_scrm_ticket_reply_send",
            run: "click",
        },
        {
            content: "The reply is in the conversation",
            trigger: ".o_scrm_ticket_message:contains(SN-4711)",
        },
        {
            content: "Close the request",
            trigger: "button.o_scrm_ticket_close",
            run: "click",
        },
        {
            content: "The request is closed",
            trigger: ".o_scrm_ticket_saved:contains(is closed)",
        },
        {
            content: "Choose satisfied",
            trigger: "form.o_scrm_ticket_rate input[name='rating'][value='5']",
            run: "click",
        },
        {
            content: "Rate",
            trigger: "button.o_scrm_ticket_rate_send",
            run: "click",
        },
        {
            content: "The rating is recorded",
            trigger: ".o_scrm_ticket_rated",
        },
    ],
});

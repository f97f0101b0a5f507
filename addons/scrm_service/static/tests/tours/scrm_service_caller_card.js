import { registry } from "@web/core/registry";

// Opened by the phone system's screen pop: /scrm_service/caller?number=13800138000
registry.category("web_tour.tours").add("scrm_service_caller_card", {
    steps: () => [
        {
            content: "The caller is found from a number typed without country code",
            trigger: ".o_field_widget[name='partner_id'] input:value(Li Wei)",
        },
        {
            content: "Their account and job are on the card",
            trigger: ".o_field_widget[name='commercial_partner_id']:contains(Shenzhen Pump Works)",
        },
        {
            content: "Their open ticket is listed",
            trigger: ".o_field_widget[name='ticket_ids'] td:contains(Pump P-300 hums at night)",
        },
        {
            content: "The card says what they refuse",
            trigger: ".o_field_widget[name='refusal_text']:contains(SMS (Service))",
        },
        {
            content: "Another call: type the number as the demo writes it",
            trigger: ".o_field_widget[name='phone_number'] input",
            run: "edit (846) 523-7788",
        },
        {
            content: "Leave the field",
            trigger: ".o_form_sheet .oe_title label",
            run: "click",
        },
        {
            content: "The caller with the number stored as (846)-523-7788 is found",
            trigger: ".o_field_widget[name='partner_id'] input:value(Wanda Burke)",
        },
        {
            content: "Open a ticket for them",
            trigger: "button[name='action_open_ticket']",
            run: "click",
        },
        {
            content: "The new ticket is for the caller, opened by phone",
            trigger: ".o_form_view .o_field_widget[name='channel_id'] input:value(Phone)",
        },
        {
            content: "The customer is the caller",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Wanda Burke)",
        },
    ],
});

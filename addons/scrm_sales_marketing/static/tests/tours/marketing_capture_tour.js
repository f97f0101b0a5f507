import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_marketing_capture_submit", {
    steps: () => [
        {
            content: "Type the name",
            trigger: "input[name='name']",
            run: "edit Tina Tour",
        },
        {
            content: "Type the email",
            trigger: "input[name='email']",
            run: "edit tina.tour@prospect.example.com",
        },
        {
            content: "Type the company",
            trigger: "input[name='company_name']",
            run: "edit Tour Pumps Ltd",
        },
        {
            content: "Send the form",
            trigger: "button.o_scrm_capture_submit",
            run: "click",
        },
        {
            content: "The visitor is asked to confirm the address",
            trigger: ".o_scrm_capture_to_confirm:contains(confirm your address)",
        },
    ],
});

registry.category("web_tour.tours").add("scrm_marketing_capture_confirm", {
    steps: () => [
        {
            content: "The address is confirmed",
            trigger: ".o_scrm_capture_confirmed h3:contains(Your address is confirmed)",
        },
    ],
});

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_base_relationship_panel", {
    steps: () => [
        {
            content: "The panel shows the company's role",
            trigger: ".o_scrm_relationship_panel .o_scrm_panel_role:contains(Customer)",
        },
        {
            content: "...what the contact refuses",
            trigger: ".o_scrm_panel_refusals:contains(SMS (Marketing))",
        },
        {
            content: "...and the last interactions, newest first",
            trigger: ".o_scrm_panel_interaction:first:contains(Sent the catalogue)",
        },
        {
            content: "Open the full timeline",
            trigger: "a.o_scrm_panel_timeline",
            run: "click",
        },
        {
            content: "The timeline lists the interactions",
            trigger: ".o_data_row:contains(Asked for a visit)",
        },
    ],
});

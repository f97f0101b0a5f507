import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_base_timeline_days", {
    steps: () => [
        {
            content: "Open the full timeline from the relationship panel",
            trigger: "a.o_scrm_panel_timeline",
            run: "click",
        },
        {
            content: "Tuesday (Shanghai) opens with its header, its two entries under it",
            trigger:
                "tr.o_scrm_timeline_day:contains(Tuesday):contains(03.11.2026)" +
                " + tr.o_data_row:contains(Morning visit)" +
                " + tr.o_data_row:contains(Late call)",
        },
        {
            content: "...then Monday's header and its email",
            trigger:
                "tr.o_data_row:contains(Late call)" +
                " + tr.o_scrm_timeline_day:contains(Monday):contains(02.11.2026)" +
                " + tr.o_data_row:contains(Monday email)",
        },
        {
            content: "Each entry shows its channel's icon",
            trigger: "tr.o_data_row:contains(Late call) .o_scrm_channel_icon.fa-phone",
        },
    ],
});

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_sales_visit_day_plan", {
    steps: () => [
        {
            content: "The day plan lists the first visit of the day first, with its address",
            trigger: ".o_list_renderer tbody tr.o_data_row:first-child:contains(Tour Morning Account):contains(Tour Street 1)",
        },
        {
            content: "The afternoon visit comes second",
            trigger: ".o_list_renderer tbody tr.o_data_row:nth-child(2):contains(Tour Afternoon Account)",
        },
        {
            content: "Each visit has a link to the map",
            trigger: ".o_list_renderer tbody tr.o_data_row:first-child a[href*='openstreetmap.org']",
        },
        {
            content: "Open the morning visit",
            trigger: ".o_list_renderer tbody tr.o_data_row:first-child td[name='account_id']",
            run: "click",
        },
        {
            content: "The browser knows where the salesperson stands (the user allowed it)",
            trigger: ".o_form_view button[name='action_check_in']",
            run() {
                navigator.geolocation.getCurrentPosition = (success) =>
                    success({ coords: { latitude: 45.77, longitude: 4.84 } });
            },
        },
        {
            content: "Check in at the customer's",
            trigger: ".o_form_view button[name='action_check_in']",
            run: "click",
        },
        {
            content: "The visit is checked in",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Checked In)",
        },
        {
            content: "Say how it went",
            trigger: ".o_form_view div[name='outcome'] select",
            run: "select \"positive\"",
        },
        {
            content: "Write the next step",
            trigger: ".o_form_view div[name='next_step'] input",
            run: "edit Send the quotation for two pumps",
        },
        {
            content: "Submit the report",
            trigger: ".o_form_view button[name='action_submit_report']",
            run: "click",
        },
        {
            content: "The visit is reported",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Reported)",
        },
    ],
});

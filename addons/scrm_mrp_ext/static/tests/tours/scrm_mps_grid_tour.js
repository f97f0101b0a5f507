import { registry } from "@web/core/registry";

const desk = "tbody.o_scrm_mps_product[data-product='Grid Tour Desk']";

registry.category("web_tour.tours").add("scrm_mps_grid_forecast_run", {
    steps: () => [
        {
            content: "The grid shows the desk's rows, with no pipeline row without pipeline data",
            trigger: `${desk} tr[data-row='atp']:not(:has(~ tr[data-row='pipeline']))`,
        },
        {
            content: "Type a forecast of 120 in the third period",
            trigger: `${desk} tr[data-row='forecast'] input[data-period-index='2']`,
            run: "edit 120",
        },
        {
            content: "Enter validates the cell, like a spreadsheet",
            trigger: `${desk} tr[data-row='forecast'] input[data-period-index='2']`,
            run: "press Enter",
        },
        {
            content: "The forecast total of the period follows",
            trigger: "tr.o_scrm_mps_total[data-row='forecast'] td:eq(2):contains(120)",
        },
        {
            content: "Nothing is planned yet for it",
            trigger: `${desk} tr[data-row='planned'] td[data-index='2']:not(:contains(120))`,
        },
        {
            content: "Run MRP from the grid",
            trigger: "button.o_scrm_mps_run:enabled",
            run: "click",
        },
        {
            content: "The run is queued in the background: the grid says so at once",
            trigger: ".o_scrm_mps_run_status[data-phase='queued']:contains(Waiting to start)",
        },
        {
            content: "A second run cannot be started while it is on",
            trigger: "button.o_scrm_mps_run:disabled",
        },
        {
            content: "The projected stock chart is drawn",
            trigger: ".o_scrm_mps_grid canvas",
        },
    ],
});

registry.category("web_tour.tours").add("scrm_mps_grid_run_progress", {
    steps: () => [
        {
            content: "The grid shows where the background run is",
            trigger: ".o_scrm_mps_run_status[data-phase='planning']:contains(Planning 40 %)",
        },
        {
            content: "Run MRP stays disabled while it runs",
            trigger: "button.o_scrm_mps_run:disabled",
        },
    ],
});

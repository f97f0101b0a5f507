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
            content: "MRP planned 120 desks of supply in that period",
            trigger: `${desk} tr[data-row='planned'] td[data-index='2'] a:contains(120)`,
        },
        {
            content: "The projected stock chart is drawn",
            trigger: ".o_scrm_mps_grid canvas",
        },
    ],
});

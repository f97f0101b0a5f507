import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("scrm_service_sla_compliance", {
    steps: () => [
        {
            content: "The manager lands on the chart of compliance",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "It opens on the last three months; look at all of them",
            trigger: ".o_searchview_facet:contains(Last 3 Months) .o_facet_remove",
            run: "click",
        },
        {
            content: "Switch to the pivot",
            trigger: "button.o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The measures are named, not a bare Yes / No",
            trigger: ".o_pivot th:contains(SLA Met (%))",
        },
        {
            content: "The team's row shows its share met",
            trigger: ".o_pivot tr:has(th:contains(Pump Support)) td:contains(50)",
        },
        {
            content: "The mean time to first response is there too",
            trigger: ".o_pivot th:contains(Time to First Response (h))",
        },
    ],
});

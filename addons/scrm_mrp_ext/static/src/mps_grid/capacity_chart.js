import { Component, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useChart } from "./use_chart";

/** Load of one work centre (bars) against its available capacity (line). */
export class CapacityChart extends Component {
    static template = "scrm_mrp_ext.CapacityChart";
    static props = { centre: Object, periods: Array };

    setup() {
        this.canvasRef = useRef("canvas");
        useChart(
            this.canvasRef,
            () => this.chartConfig(),
            () => [this.props.centre, this.props.periods]
        );
    }

    chartConfig() {
        const centre = this.props.centre;
        const overloaded = centre.required.map((hours, i) => hours > centre.available[i] + 1e-6);
        return {
            type: "bar",
            data: {
                labels: this.props.periods.map((period) => `${period.label} · ${period.date}`),
                datasets: [
                    {
                        type: "line",
                        label: _t("Available Capacity (h)"),
                        data: centre.available,
                        borderColor: "#212529",
                        borderDash: [6, 4],
                        pointRadius: 0,
                        stepped: "middle",
                        fill: false,
                        order: 0,
                    },
                    {
                        type: "bar",
                        label: _t("Load (h)"),
                        data: centre.required,
                        backgroundColor: overloaded.map((over) =>
                            over ? "rgba(217, 83, 79, 0.8)" : "rgba(1, 126, 132, 0.7)"
                        ),
                        order: 1,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { position: "top" } },
                scales: { y: { beginAtZero: true, title: { display: true, text: _t("Hours") } } },
            },
        };
    }
}

import { Component, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useChart } from "./use_chart";

/** Projected stock of one product against its safety stock, period by period. */
export class MpsChart extends Component {
    static template = "scrm_mrp_ext.MpsChart";
    static props = { product: Object, periods: Array };

    setup() {
        this.canvasRef = useRef("canvas");
        useChart(
            this.canvasRef,
            () => this.chartConfig(),
            () => [this.props.product, this.props.periods]
        );
    }

    chartConfig() {
        const product = this.props.product;
        const labels = this.props.periods.map((period) => `${period.label} · ${period.date}`);
        return {
            type: "line",
            data: {
                labels,
                datasets: [
                    {
                        label: _t("Projected Stock"),
                        data: product.rows.projected,
                        borderColor: "#017e84",
                        backgroundColor: "rgba(1, 126, 132, 0.15)",
                        fill: true,
                        tension: 0.2,
                    },
                    {
                        label: _t("Safety Stock"),
                        data: this.props.periods.map(() => product.safety_stock),
                        borderColor: "#d9534f",
                        borderDash: [6, 4],
                        pointRadius: 0,
                        fill: false,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { position: "top" } },
                scales: { y: { title: { display: true, text: product.uom } } },
            },
        };
    }
}

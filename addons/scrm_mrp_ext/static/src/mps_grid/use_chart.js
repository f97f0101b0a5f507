import { onWillStart, onWillUnmount, useEffect } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";

/**
 * Draw a Chart.js chart on the canvas of `canvasRef` (Odoo's own Chart.js bundle,
 * loaded before the first render), redrawn from `getConfig()` whenever `getDeps()`
 * changes, and destroyed with the component.
 */
export function useChart(canvasRef, getConfig, getDeps) {
    let chart = null;
    onWillStart(() => loadBundle("web.chartjs_lib"));
    useEffect(() => {
        if (chart) {
            chart.destroy();
        }
        chart = new Chart(canvasRef.el, getConfig());
    }, getDeps);
    onWillUnmount(() => chart && chart.destroy());
}

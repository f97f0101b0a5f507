import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { ControlPanel } from "@web/search/control_panel/control_panel";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

import { CapacityChart } from "./capacity_chart";
import { MpsChart } from "./mps_chart";
import { MpsGridRow } from "./mps_grid_row";

// While a run is queued or running, the grid reads its progress this often.
const PROGRESS_POLL_MS = 2000;
// The runs the grid follows: its key in the grid's data, and the run's mode.
const RUN_KINDS = { run: "full", whatif: "whatif" };

const PERIOD_STEP = { day: { days: 1 }, week: { weeks: 1 }, month: { months: 1 } };

/**
 * The master production schedule as a grid: products down, periods across,
 * a forecast row edited like a spreadsheet and the plan's rows under it.
 * Everything comes from one call (scrm.mps.scrm_grid_data).
 */
export class MpsGrid extends Component {
    static template = "scrm_mrp_ext.MpsGrid";
    static components = { ControlPanel, MpsGridRow, MpsChart, CapacityChart };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.bus = useService("bus_service");
        this.state = useState({ data: null, busy: false, chartProductId: null, centreId: null });
        const params = this.props.action.params || {};
        const context = this.props.action.context || {};
        this.mpsId =
            parseInt(params.mps_id || context.active_id || params.active_id) || null;
        onWillStart(() => this.load());
        // The run tells its planner when it ends (a bus notification); the
        // grid also polls the progress while a run is on, and stops after.
        this.runIds = {};
        this.pollTimers = {};
        this.onRunDone = (payload) => this.runDone(payload);
        this.bus.subscribe("scrm_mrp_run_done", this.onRunDone);
        onWillUnmount(() => {
            this.bus.unsubscribe("scrm_mrp_run_done", this.onRunDone);
            Object.values(this.pollTimers).forEach((timer) => clearTimeout(timer));
        });
    }

    get rowKinds() {
        const kinds = [
            { name: "forecast", label: _t("Forecast"), editable: true },
            { name: "actual", label: _t("Actual Demand") },
        ];
        if (this.state.data.show_pipeline) {
            kinds.push({ name: "pipeline", label: _t("Pipeline Demand") });
        }
        kinds.push(
            { name: "planned", label: _t("Planned Supply"), link: true },
            { name: "projected", label: _t("Projected Stock"), signed: true },
            { name: "atp", label: _t("Available to Promise") }
        );
        return kinds;
    }

    get totalKinds() {
        return this.rowKinds.filter((kind) =>
            ["forecast", "actual", "pipeline", "planned"].includes(kind.name)
        );
    }

    get periods() {
        const type = this.state.data.mps.period_type;
        return this.state.data.periods.map((period) => {
            const start = deserializeDate(period.start);
            let label;
            if (type === "week") {
                label = _t("Week %(week)s", { week: start.toFormat("W") });
            } else if (type === "month") {
                label = start.toFormat("LLLL yyyy");
            } else {
                label = start.toFormat("ccc");
            }
            return {
                ...period,
                label,
                date: formatDate(start),
                end: start.plus(PERIOD_STEP[type]),
            };
        });
    }

    get chartProduct() {
        const products = this.state.data.products;
        return (
            products.find((product) => product.id === this.state.chartProductId) ||
            products[0]
        );
    }

    async load(mpsId = this.mpsId) {
        this.state.data = await this.orm.call("scrm.mps", "scrm_grid_data", [], {
            mps_id: mpsId || undefined,
        });
        this.mpsId = this.state.data.mps && this.state.data.mps.id;
        this.watchRun(this.state.data.run);
        this.watchRun(this.state.data.whatif, "whatif");
    }

    /**
     * Follow the schedule's queued or running run (``kind`` "run") or what-if
     * run ("whatif") until it ends.
     */
    watchRun(run, kind = "run") {
        clearTimeout(this.pollTimers[kind]);
        if (this.state.data) {
            this.state.data[kind] = run || false;
        }
        if (!run) {
            return;
        }
        this.runIds[kind] = run.id;
        this.pollTimers[kind] = setTimeout(async () => {
            const mpsId = this.mpsId;
            const status = await this.orm.silent.call("scrm.mps", "scrm_grid_run_status", [
                mpsId,
                RUN_KINDS[kind],
            ]);
            if (mpsId !== this.mpsId) {
                return;
            }
            if (status) {
                this.watchRun(status, kind);
            } else if (this.runIds[kind]) {
                // ended before the notification came (or without it)
                await this.runDone({
                    run_id: this.runIds[kind],
                    mps_id: mpsId,
                    mode: RUN_KINDS[kind],
                });
            }
        }, PROGRESS_POLL_MS);
    }

    async runDone(payload) {
        const kind = payload.mode === "whatif" ? "whatif" : "run";
        if (payload.run_id !== this.runIds[kind]) {
            return;
        }
        this.runIds[kind] = null;
        clearTimeout(this.pollTimers[kind]);
        const failed = payload.state === "failed";
        if (kind === "whatif") {
            // the plan is unchanged: the grid only stops showing the run
            if (payload.mps_id === this.mpsId && this.state.data) {
                this.state.data.whatif = false;
            }
        } else if (payload.mps_id === this.mpsId) {
            await this.load();
        }
        let message;
        if (kind === "whatif") {
            message = failed
                ? _t("The what-if run %(name)s failed: its log says why.", {
                      name: payload.name || "",
                  })
                : _t("The what-if run %(name)s is done: open it to see what it would change in the plan.", {
                      name: payload.name || "",
                  });
        } else {
            message = failed
                ? _t("The MRP run %(name)s failed: its log says why; the previous plan is kept.", {
                      name: payload.name || "",
                  })
                : _t("MRP has planned the schedule again.");
        }
        this.notification.add(message, {
            type: failed ? "danger" : "success",
            buttons: [
                {
                    name: _t("Open the run"),
                    onClick: () =>
                        this.action.doAction({
                            type: "ir.actions.act_window",
                            res_model: "scrm.mrp.run",
                            res_id: payload.run_id,
                            views: [[false, "form"]],
                        }),
                },
            ],
        });
    }

    async onScheduleChange(ev) {
        this.state.chartProductId = null;
        await this.load(parseInt(ev.target.value));
    }

    async saveForecast(product, periodIndex, quantity) {
        const period = this.state.data.periods[periodIndex];
        this.state.data = await this.orm.call("scrm.mps", "scrm_grid_set_forecast", [
            this.mpsId,
            product.id,
            period.start,
            quantity,
        ]);
    }

    async runMrp(whatif = false) {
        this.state.busy = true;
        try {
            const action = await this.orm.call(
                "scrm.mps",
                whatif ? "action_run_whatif" : "action_run_mrp",
                [[this.mpsId]]
            );
            // queued: the grid follows it, the planner keeps working
            const kind = whatif ? "whatif" : "run";
            this.runIds[kind] = action.res_id;
            this.watchRun(
                await this.orm.call("scrm.mps", "scrm_grid_run_status", [
                    this.mpsId,
                    RUN_KINDS[kind],
                ]),
                kind
            );
        } finally {
            this.state.busy = false;
        }
    }

    async checkCapacity() {
        this.state.busy = true;
        try {
            await this.orm.call("scrm.mps", "action_compute_capacity", [[this.mpsId]]);
            await this.load();
        } finally {
            this.state.busy = false;
        }
    }

    openAction(method) {
        return this.orm
            .call("scrm.mps", method, [[this.mpsId]])
            .then((action) => this.action.doAction(action));
    }

    openSchedule() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "scrm.mps",
            res_id: this.mpsId,
            views: [[false, "form"]],
        });
    }

    openList() {
        this.action.doAction("scrm_mrp_ext.scrm_mps_line_action", {
            additionalContext: { search_default_mps_id: this.mpsId },
        });
    }

    openSupply(product, periodIndex) {
        const period = this.periods[periodIndex];
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Planned Supply: %(product)s, %(period)s", {
                product: product.name,
                period: period.label,
            }),
            res_model: "scrm.mrp.planned.order",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [
                ["mps_id", "in", [this.mpsId, false]],
                ["product_id", "=", product.id],
                ["state", "=", "planned"],
                ["due_date", ">=", period.start],
                ["due_date", "<", period.end.toISODate()],
            ],
        });
    }

    get centre() {
        const centres = this.state.data.capacity || [];
        return centres.find((centre) => centre.id === this.state.centreId) || centres[0];
    }

    onCentre(ev) {
        this.state.centreId = parseInt(ev.target.value);
    }

    onChartProduct(ev) {
        this.state.chartProductId = parseInt(ev.target.value);
    }

    formatTotal(value) {
        return formatFloat(value, { digits: [false, 2], trailingZeros: false });
    }

    showChart(product) {
        this.state.chartProductId = product.id;
    }

    /** Spreadsheet keys on a forecast cell: arrows, Enter (down), Tab (right). */
    onCellKeydown(ev, productIndex, periodIndex) {
        const moves = {
            ArrowUp: [-1, 0],
            ArrowDown: [1, 0],
            Enter: [ev.shiftKey ? -1 : 1, 0],
            ArrowLeft: [0, -1],
            ArrowRight: [0, 1],
            Tab: [0, ev.shiftKey ? -1 : 1],
        };
        const move = moves[ev.key];
        if (!move) {
            return;
        }
        const input = ev.target;
        const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
        const atEnd = input.selectionStart === input.value.length;
        if (ev.key === "ArrowLeft" && !atStart && input.selectionEnd !== input.value.length) {
            return;
        }
        if (ev.key === "ArrowRight" && !atEnd && input.selectionStart !== 0) {
            return;
        }
        const count = this.state.data.periods.length;
        let row = productIndex + move[0];
        let column = periodIndex + move[1];
        if (column >= count && ev.key === "Tab") {
            row += 1;
            column = 0;
        } else if (column < 0 && ev.key === "Tab") {
            row -= 1;
            column = count - 1;
        }
        const target = document.querySelector(
            `.o_scrm_mps_grid input[data-product-index="${row}"][data-period-index="${column}"]`
        );
        if (target) {
            ev.preventDefault();
            input.blur();
            target.focus();
            target.select();
        } else if (ev.key === "Enter") {
            ev.preventDefault();
            input.blur();
        }
    }
}

registry.category("actions").add("scrm_mrp_ext.mps_grid", MpsGrid);

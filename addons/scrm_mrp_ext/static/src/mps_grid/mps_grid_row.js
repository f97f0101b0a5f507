import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";
import { parseFloat } from "@web/views/fields/parsers";

/** One row of one product: its label and a cell per period. */
export class MpsGridRow extends Component {
    static template = "scrm_mrp_ext.MpsGridRow";
    static props = {
        kind: Object,
        product: Object,
        productIndex: Number,
        periods: Array,
        first: Boolean,
        rowCount: Number,
        canEdit: Boolean,
        onSave: Function,
        onKeydown: Function,
        onOpenSupply: Function,
        onShowChart: Function,
    };

    get values() {
        return this.props.product.rows[this.props.kind.name];
    }

    format(value) {
        return formatFloat(value, { digits: [false, 2], trailingZeros: false });
    }

    cellClass(index) {
        const kind = this.props.kind.name;
        const value = this.values[index];
        const classes = [];
        if (kind === "projected" && value < this.props.product.safety_stock - 1e-9) {
            classes.push(value < 0 ? "text-danger fw-bold" : "text-warning");
        }
        if (kind === "planned" && this.props.product.overloads[index]) {
            classes.push("o_scrm_mps_overload");
        }
        if (!this.props.periods[index].open) {
            classes.push("o_scrm_mps_past");
        }
        return classes.join(" ");
    }

    cellTitle(index) {
        if (this.props.kind.name === "planned") {
            return this.props.product.overloads[index] || "";
        }
        if (this.props.kind.name === "projected") {
            return _t("Safety stock: %(qty)s", {
                qty: this.format(this.props.product.safety_stock),
            });
        }
        return "";
    }

    isEditable(index) {
        return this.props.kind.editable && this.props.canEdit && this.props.periods[index].open;
    }

    async onChange(ev, index) {
        const input = ev.target;
        let quantity;
        try {
            quantity = parseFloat(input.value || "0");
        } catch {
            quantity = NaN;
        }
        if (!Number.isFinite(quantity) || quantity < 0) {
            input.classList.add("is-invalid");
            input.title = _t("A forecast is a quantity of zero or more.");
            return;
        }
        input.classList.remove("is-invalid");
        input.title = "";
        if (Math.abs(quantity - this.values[index]) < 1e-9) {
            input.value = this.format(quantity);
            return;
        }
        await this.props.onSave(this.props.product, index, quantity);
    }
}

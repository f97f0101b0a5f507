import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The relationship at a glance, on the partner form: the key figures every
 * SCRM application contributes (each opens the list it counts), the role,
 * the preferred channel and refusals, and the last interactions.
 */
export class RelationshipPanel extends Component {
    static template = "scrm_base.RelationshipPanel";
    static props = { ...standardFieldProps };

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
    }

    get data() {
        return this.props.record.data[this.props.name] || {};
    }

    async openFigure(figure) {
        const record = this.props.record;
        if (record.isDirty) {
            await record.save();
        }
        const action = await this.orm.call(
            record.resModel,
            "action_scrm_panel_open",
            [[record.resId], figure.key]
        );
        if (action) {
            await this.action.doAction(action);
        }
    }

    async openTimeline() {
        const record = this.props.record;
        const action = await this.orm.call(
            record.resModel,
            "action_scrm_open_interactions",
            [[record.resId]]
        );
        await this.action.doAction(action);
    }
}

registry.category("fields").add("scrm_relationship_panel", {
    component: RelationshipPanel,
    supportedTypes: ["json"],
});

import { registry } from "@web/core/registry";
import { ListRenderer } from "@web/views/list/list_renderer";
import { listView } from "@web/views/list/list_view";
import { Many2OneField, many2OneField } from "@web/views/fields/many2one/many2one_field";

/**
 * The timeline, grouped by day: while the list is in date order, a header row
 * opens each day. The day's label comes from the server (`day_label`), so the
 * day is the one of the user's time zone and reads in their date format,
 * whatever the browser's own zone.
 */
export class TimelineListRenderer extends ListRenderer {
    static rowsTemplate = "scrm_base.TimelineListRenderer.Rows";

    get scrmByDay() {
        const orderBy = this.props.list.orderBy;
        return !orderBy.length || orderBy[0].name === "date";
    }

    scrmDayStarts(list, index) {
        if (!this.scrmByDay) {
            return false;
        }
        const label = list.records[index].data.day_label;
        return Boolean(label) && (index === 0 || list.records[index - 1].data.day_label !== label);
    }
}

registry.category("views").add("scrm_timeline_list", {
    ...listView,
    Renderer: TimelineListRenderer,
});

/** The channel with its icon (the channel's own Font Awesome class). */
export class ChannelIconField extends Many2OneField {
    static template = "scrm_base.ChannelIconField";
}

registry.category("fields").add("scrm_channel_icon", {
    ...many2OneField,
    component: ChannelIconField,
    fieldDependencies: [{ name: "channel_icon", type: "char" }],
});

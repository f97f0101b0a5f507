import { registry } from "@web/core/registry";

const boltRow = "tr.o_vmi_line[data-product='VMI Bolt']";

registry.category("web_tour.tours").add("scrm_vmi_propose", {
    url: "/my",
    steps: () => [
        {
            content: "Open the vendor-managed stock from the portal home",
            trigger: "a[href='/my/vmi']",
            run: "click",
        },
        {
            content: "The bolt is below its minimum",
            trigger: `${boltRow} .o_vmi_status[data-value='below_min']`,
        },
        {
            content: "Propose a replenishment of the bolt",
            trigger: `${boltRow} a.o_vmi_propose`,
            run: "click",
        },
        {
            content: "Propose 80",
            trigger: "input[name='quantity']",
            run: "edit 80",
        },
        {
            content: "Submit",
            trigger: "button.o_vmi_propose_submit",
            run: "click",
        },
        {
            content: "The proposal waits for the buyer",
            trigger: ".o_vmi_saved",
        },
        {
            content: "Submitted",
            trigger: ".o_vmi_proposal_state[data-value='submitted']",
        },
    ],
});

registry.category("web_tour.tours").add("scrm_vmi_ship", {
    url: "/my/vmi/proposals",
    steps: () => [
        {
            content: "Open the approved proposal",
            trigger: "table.o_vmi_proposals a",
            run: "click",
        },
        {
            content: "Everything approved is shipped",
            trigger: "input.o_vmi_shipped",
            run: "edit 80",
        },
        {
            content: "Carrier",
            trigger: "input[name='carrier']",
            run: "edit DHL",
        },
        {
            content: "Tracking reference",
            trigger: "input[name='tracking_ref']",
            run: "edit JD0042",
        },
        {
            content: "Send the shipping notice",
            trigger: "button.o_vmi_ship_submit",
            run: "click",
        },
        {
            content: "The proposal is shipped",
            trigger: ".o_vmi_proposal_state[data-value='shipped']",
        },
    ],
});

registry.category("web_tour.tours").add("scrm_vmi_received", {
    url: "/my/vmi",
    steps: () => [
        {
            content: "The received bolts are on hand",
            trigger: `${boltRow} .o_vmi_on_hand[data-value='95.0']`,
        },
        {
            content: "and the bolt is back to OK",
            trigger: `${boltRow} .o_vmi_status[data-value='ok']`,
        },
    ],
});

registry.category("web_tour.tours").add("scrm_vmi_buyer_approve", {
    steps: () => [
        {
            content: "The submitted proposal waits in its column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Submitted')) .o_kanban_record:contains('Acme Castings')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "It is approved, with its purchase order",
            trigger: ".o_form_view .o_field_widget[name='purchase_id'] a:contains('P0'), .o_form_view .o_field_widget[name='purchase_id']:contains('P0')",
        },
        {
            content: "The status bar shows it",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

registry.category("web_tour.tours").add("scrm_vmi_projected_status", {
    url: "/my/vmi",
    steps: () => [
        {
            content: "The bolt, above its maximum today, is projected below safety stock",
            trigger: `${boltRow} .o_vmi_status[data-value='below_safety'] span[title*='lead time']`,
        },
        {
            content: "Its projection chart marks the weeks below safety stock",
            trigger: `${boltRow} svg.o_vmi_projection_chart circle[fill='#dc3545']`,
        },
        {
            content: "Open its commitments from the row",
            trigger: `${boltRow} a.o_vmi_commit_link`,
            run: "click",
        },
        {
            content: "The commitment page of the bolt",
            trigger: "form.o_vmi_commit_form",
        },
        {
            content: "Back to the list of commitments through the breadcrumb",
            trigger: ".breadcrumb a[href='/my/vmi/commit']",
            run: "click",
        },
        {
            content: "Every product is listed",
            trigger: ".o_vmi_commit_list tr.o_vmi_list_line[data-product='VMI Nut']",
        },
    ],
});

import { registry } from "@web/core/registry";

const boltPrice = "tr.o_vmi_catalogue_price[data-product='VMI Bolt']";

registry.category("web_tour.tours").add("scrm_catalogue_propose", {
    url: "/my",
    steps: () => [
        {
            content: "Open the catalogue from its tile on the portal home",
            trigger: ".o_portal_index_card a[href='/my/vmi/catalogue']",
            run: "click",
        },
        {
            content: "The bolt's price today: 2.00",
            trigger: `${boltPrice}[data-price='2.0']`,
        },
        {
            content: "Propose a change of the bolt's price",
            trigger: `${boltPrice} a[href*='supplierinfo_id']`,
            run: "click",
        },
        {
            content: "1.80",
            trigger: "form.o_vmi_catalogue_form input[name='price']",
            run: "edit 1.80",
        },
        {
            content: "from 100 bolts",
            trigger: "form.o_vmi_catalogue_form input[name='min_qty']",
            run: "edit 100",
        },
        {
            content: "Send it to the buyer",
            trigger: "button.o_vmi_catalogue_submit",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_vmi_saved",
        },
        {
            content: "The entry waits for the buyer's approval",
            trigger: "tr.o_vmi_catalogue_entry[data-state='submitted']:contains('1.80')",
        },
        {
            content: "Until then the bolt's price is still 2.00",
            trigger: `${boltPrice}[data-price='2.0']`,
        },
    ],
});

registry.category("web_tour.tours").add("scrm_catalogue_buyer_approve", {
    steps: () => [
        {
            content: "Acme's entry waits for approval",
            trigger: ".o_data_row:contains('Acme Castings') td[name='name']",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "It is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "Into the vendor pricelist",
            trigger: ".o_form_view .o_field_widget[name='result_supplierinfo_id']",
        },
    ],
});

from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
AGREEMENT_MODES = [
    ("supplier", "Supplier-managed"),
    ("buyer", "Buyer-approved"),
]


class ScrmVmiAgreement(models.Model):
    """A vendor-managed inventory agreement: which of our products a supplier
    keeps stocked at one location, within which bounds, and who approves."""

    _name = "scrm.vmi.agreement"
    _description = "VMI Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "scrm.interaction.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The supplier's company: every portal user of it sees the agreement.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
        help="The stock the supplier keeps filled (and its sub-locations).",
    )
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="Valid Until")
    mode = fields.Selection(
        AGREEMENT_MODES,
        required=True,
        default="buyer",
        tracking=True,
        help="Supplier-managed: proposals inside the agreed bounds are approved "
        "automatically. Buyer-approved: every proposal waits for a buyer.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Buyer",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    state = fields.Selection(
        AGREEMENT_STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    consignment = fields.Boolean(
        help="Received stock stays the supplier's (owner on the stock) until it "
        "is consumed."
    )
    line_ids = fields.One2many(
        "scrm.vmi.agreement.line", "agreement_id", string="Products", copy=True
    )
    line_count = fields.Integer(string="Products Count", compute="_compute_counts")
    proposal_ids = fields.One2many("scrm.replenishment.proposal", "agreement_id")
    proposal_count = fields.Integer(string="Proposals", compute="_compute_counts")
    note = fields.Html(string="Terms")

    @api.depends("warehouse_id")
    def _compute_location_id(self):
        for agreement in self:
            if (
                not agreement.location_id
                or agreement.location_id.warehouse_id != agreement.warehouse_id
            ):
                agreement.location_id = agreement.warehouse_id.lot_stock_id

    def _compute_counts(self):
        lines = dict(
            self.env["scrm.vmi.agreement.line"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"]
            )
        )
        proposals = dict(
            self.env["scrm.replenishment.proposal"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.line_count = lines.get(agreement, 0)
            agreement.proposal_count = proposals.get(agreement, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._(
                        "The agreement %(name)s ends before it starts.",
                        name=agreement.name,
                    )
                )

    @api.constrains("location_id", "warehouse_id")
    def _check_location(self):
        for agreement in self:
            if agreement.location_id.warehouse_id != agreement.warehouse_id:
                raise ValidationError(
                    self.env._(
                        "The location %(location)s is not in the warehouse "
                        "%(warehouse)s.",
                        location=agreement.location_id.display_name,
                        warehouse=agreement.warehouse_id.display_name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for agreement in self:
            if agreement.partner_id != agreement.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "An agreement is signed with the supplier's company "
                        "(%(company)s), not with one of its contacts.",
                        company=agreement.partner_id.commercial_partner_id.name,
                    )
                )

    @api.constrains("state", "location_id")
    def _check_unique_active_products(self):
        self.line_ids._check_one_active_agreement()

    def _scrm_get_interaction_contacts(self):
        return {agreement.id: agreement.partner_id for agreement in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "supplier"

    def action_activate(self):
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(self.env._("Only a draft agreement can be activated."))
            if not agreement.line_ids:
                raise UserError(
                    self.env._(
                        "Add the products the supplier manages before activating "
                        "%(name)s.",
                        name=agreement.name,
                    )
                )
        self.write({"state": "active"})
        self.partner_id._scrm_add_role("supplier")
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda a: a.state == "cancelled").write({"state": "draft"})
        return True

    def action_open_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_supplier_portal.scrm_replenishment_proposal_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    @api.model
    def _cron_expire(self):
        """Active agreements whose validity has ended become expired."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).write(
            {"state": "expired"}
        )

    @api.model
    def _is_valid_domain(self):
        """Agreements a supplier works under today."""
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "active"),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]

    # ------------------------------------------------------------------
    # Alerts
    # ------------------------------------------------------------------

    @api.model
    def _cron_vmi_alerts(self):
        """Alert suppliers and buyers of agreement products below their minimum,
        or projected below safety stock within the lead time. A situation is
        alerted once; it may be alerted again after the stock came back."""
        agreements = self.search(self._is_valid_domain())
        lines = agreements.line_ids
        lines._vmi_refresh_commits()
        figures = lines._vmi_figures()
        news = defaultdict(list)
        for line in lines:
            line_figures = figures[line.id]
            key = False
            # The stock now in the wording; the status also counts the
            # projection, which the third kind of alert names.
            if line_figures["position_status"] in ("below_safety", "below_min"):
                key = line_figures["position_status"]
            elif line_figures["short_within_lead_time"]:
                key = "projected_below_safety"
            if key == line.alert_key:
                continue
            line.alert_key = key
            if key:
                news[line.agreement_id].append((line, key, line_figures))
        if news:
            self.browse([agreement.id for agreement in news])._vmi_send_alerts(news)
        return news

    def _vmi_alert_contacts(self):
        """{supplier (commercial partner): partners of its portal users}."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    ("partner_id.commercial_partner_id", "in", self.partner_id.ids),
                ]
            )
        )
        contacts = defaultdict(lambda: self.env["res.partner"])
        for user in users:
            contacts[user.partner_id.commercial_partner_id] |= user.partner_id
        return contacts

    def _vmi_alert_text(self, lines):
        """(subject, body) of the alert for these (line, key, figures), in the
        language of this recordset's context: each reader gets it in their own."""
        self.ensure_one()
        env = self.env
        labels = {
            "below_safety": env._("below safety stock"),
            "below_min": env._("below minimum"),
            "projected_below_safety": env._(
                "projected below safety stock within the lead time"
            ),
        }
        items = Markup("").join(
            Markup("<li>%s: %s (%s %s, %s %s)</li>")
            % (
                line.with_env(env).product_id.display_name,
                labels[key],
                env._("stock position"),
                round(line_figures["position"], 2),
                env._("minimum"),
                line.min_qty,
            )
            for line, key, line_figures in lines
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            env._("Stock alert under the agreement %s:", self.name),
            items,
        )
        return env._("Stock alert: %s", self.name), body

    def _vmi_send_alerts(self, news):
        """Tell each agreement's supplier (portal message and email, in the
        supplier contact's language, as its preferences allow) and its buyer
        (activity, in the buyer's language) what went short."""
        env = self.env
        contacts_of = self._vmi_alert_contacts()
        all_contacts = env["res.partner"].union(*contacts_of.values())
        decisions = env["scrm.contact.preference"]._get_contact_decisions(
            all_contacts.ids, "email", "service"
        )
        for agreement in self:
            lines = news[agreement]
            supplier_lang = agreement.partner_id.lang or env.lang
            subject, body = agreement.with_context(lang=supplier_lang)._vmi_alert_text(
                lines
            )
            # Portal notification: a message on the agreement, shown on /my/vmi.
            agreement.message_post(
                body=body,
                subject=subject,
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
                partner_ids=[],
            )
            contacts = contacts_of.get(agreement.partner_id, env["res.partner"])
            allowed = contacts.filtered(lambda c: decisions[c.id].allowed)
            for lang in set(allowed.mapped("lang")):
                readers = allowed.filtered(lambda c, lang=lang: c.lang == lang)
                subject, body = agreement.with_context(
                    lang=lang or supplier_lang
                )._vmi_alert_text(lines)
                agreement.with_context(scrm_mail_purpose="service").message_notify(
                    partner_ids=readers.ids,
                    subject=subject,
                    body=body,
                    email_layout_xmlid="mail.mail_notification_light",
                )
            if agreement.user_id:
                subject, body = agreement.with_context(
                    lang=agreement.user_id.lang or env.lang
                )._vmi_alert_text(lines)
                agreement.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=agreement.user_id.id,
                    summary=subject,
                    note=body,
                )

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    def _scrm_demo_populate(self):
        """Activate the demo agreements, put their products in every status and
        leave proposals in several states (called by the demo data only)."""
        self.action_activate()
        northwind, eastbay = self
        stock = northwind.location_id
        quantities = {
            "scrm_mrp_ext.product_caster_demo": 150,  # below min (200)
            "scrm_mrp_ext.product_screw_kit_demo": 400,  # OK
            "scrm_mrp_ext.product_steel_tube_demo": 380,  # above max (300)
            "scrm_mrp_ext.product_gas_lift_demo": 12,  # below safety (20)
            "scrm_mrp_ext.product_cushion_demo": 40,  # OK once 50 arrive
        }
        Quant = self.env["stock.quant"].sudo()
        for xmlid, quantity in quantities.items():
            product = self.env.ref(xmlid)
            current = Quant._get_available_quantity(product, stock)
            if quantity != current:
                Quant._update_available_quantity(product, stock, quantity - current)
        today = fields.Date.context_today(self)
        admin = self.env.ref("base.user_admin")
        suppliers = {
            northwind: self.env.ref("scrm_base.user_supplier_portal_demo"),
            eastbay: self.env.ref("scrm_base.user_supplier2_portal_demo"),
        }

        def propose(agreement, xmlid, quantity, days, justification=False):
            proposal = (
                self.env["scrm.replenishment.proposal"]
                .with_user(suppliers[agreement])
                .sudo()
                .create(
                    {
                        "agreement_id": agreement.id,
                        "justification": justification,
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": self.env.ref(xmlid).id,
                                    "quantity": quantity,
                                    "ship_date": today,
                                    "arrival_date": today + timedelta(days=days),
                                }
                            )
                        ],
                    }
                )
            )
            proposal.action_submit()
            return proposal.with_user(admin)

        # Northwind (buyer-approved): casters waiting for the buyer, screws
        # approved and shipped, more screws rejected, a cancelled proposal.
        propose(northwind, "scrm_mrp_ext.product_caster_demo", 600, 5)
        shipped = propose(northwind, "scrm_mrp_ext.product_screw_kit_demo", 200, 3)
        shipped.action_approve()
        shipped._ship(
            {shipped.line_ids: 200},
            today,
            today + timedelta(days=3),
            carrier="Northwind Freight",
            tracking="NWF-20481",
        )
        rejected = propose(
            northwind,
            "scrm_mrp_ext.product_screw_kit_demo",
            200,
            3,
            justification="Price increase next month: stock up now",
        )
        rejected.action_reject(self.env._("We have enough screws for the quarter."))
        propose(northwind, "scrm_mrp_ext.product_caster_demo", 100, 5).action_cancel()
        # Eastbay (supplier-managed, consignment): cushions approved
        # automatically, shipped and received.
        received = propose(eastbay, "scrm_mrp_ext.product_cushion_demo", 50, 2)
        received._ship({received.line_ids: 50}, today, today)
        received.picking_id.button_validate()
        self._scrm_demo_commits_and_history(suppliers[northwind])
        return True

    def _scrm_demo_commits_and_history(self, supplier_user):
        """Commitments short of the plan, and three past months of screw
        deliveries (one late, one short) behind Northwind's scorecards."""
        northwind = self[0]
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        for line in northwind.line_ids:
            plan = line._vmi_figures(today=today)[line.id]["requirements"]
            answers = {
                monday + timedelta(weeks=week): round(need / 2)
                for week, need in enumerate(plan)
                if need > 0
            }
            if answers:
                line.with_user(supplier_user).sudo()._vmi_record_commits(answers)
        screws = self.env.ref("scrm_mrp_ext.product_screw_kit_demo")
        for months_ago, late_days, received in ((3, 0, 200), (2, 4, 200), (1, 0, 150)):
            promised = datetime.combine(
                today.replace(day=10) - relativedelta(months=months_ago), time(12)
            )
            order = (
                self.env["purchase.order"]
                .sudo()
                .create(
                    {
                        "partner_id": northwind.partner_id.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": screws.id,
                                    "product_qty": 200,
                                    "price_unit": 0.85,
                                    "date_planned": promised,
                                }
                            )
                        ],
                    }
                )
            )
            order.button_confirm()
            order.date_approve = promised - timedelta(days=5)
            move = order.picking_ids.move_ids
            move.write({"quantity": received, "picked": True})
            order.picking_ids.with_context(cancel_backorder=True)._action_done()
            move.date = promised + timedelta(days=late_days)
        self.env["scrm.supplier.scorecard"]._scrm_compute(
            today - relativedelta(months=3), today
        )

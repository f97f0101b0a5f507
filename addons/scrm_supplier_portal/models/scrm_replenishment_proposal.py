from datetime import datetime, time

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero

from odoo.addons.scrm_base.tools.validation import check_record_limits

from .scrm_vmi_agreement_line import MAX_QUANTITY
from .scrm_vmi_figures import EPSILON

PROPOSAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("shipped", "Shipped"),
    ("received", "Received"),
    ("cancelled", "Cancelled"),
]
# What a supplier may still change: nothing once submitted (they cancel instead).
EDITABLE_STATES = ("draft",)
CANCELLABLE_STATES = ("draft", "submitted", "approved")
# What may be deleted: nothing that is or may have become a purchase order.
DELETABLE_STATES = ("draft", "cancelled", "rejected")


class ScrmReplenishmentProposal(models.Model):
    """A supplier's proposal to replenish products of a VMI agreement; once
    approved it is a purchase order and its receipt."""

    _name = "scrm.replenishment.proposal"
    _description = "Replenishment Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "scrm.interaction.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    agreement_id = fields.Many2one(
        "scrm.vmi.agreement",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('state', '=', 'active')]",
    )
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Supplier", store=True, index=True
    )
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True
    )
    mode = fields.Selection(related="agreement_id.mode")
    user_id = fields.Many2one(
        related="agreement_id.user_id", string="Responsible Buyer", store=True
    )
    state = fields.Selection(
        PROPOSAL_STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    line_ids = fields.One2many(
        "scrm.replenishment.proposal.line", "proposal_id", string="Lines", copy=True
    )
    justification = fields.Text(
        help="Why the stock may go above the agreed maximum after this arrival."
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_submitted = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    auto_approved = fields.Boolean(
        readonly=True,
        copy=False,
        help="Approved automatically: supplier-managed and inside the agreed bounds.",
    )
    reject_reason = fields.Char(readonly=True, copy=False)
    purchase_id = fields.Many2one(
        "purchase.order", string="Purchase Order", readonly=True, copy=False
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        readonly=True,
        copy=False,
        help="The receipt of what the supplier shipped (the rest is backordered).",
    )
    ship_date = fields.Date(readonly=True, copy=False)
    arrival_date = fields.Date(string="Expected Arrival", readonly=True, copy=False)
    carrier = fields.Char(readonly=True, copy=False)
    tracking_ref = fields.Char(string="Tracking Reference", readonly=True, copy=False)
    date_received = fields.Datetime(readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("scrm.replenishment.proposal")
        return super().create(vals_list)

    def write(self, vals):
        frozen = {"agreement_id", "line_ids", "justification"}
        if frozen.intersection(vals) and any(
            proposal.state not in EDITABLE_STATES for proposal in self
        ):
            raise UserError(
                self.env._(
                    "A submitted proposal cannot be changed: cancel it and propose "
                    "again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        """A submitted proposal may have become a purchase order: it is
        cancelled, not deleted."""
        if any(p.state not in DELETABLE_STATES for p in self):
            raise UserError(
                self.env._(
                    "Only draft, cancelled or rejected proposals can be deleted: "
                    "cancel the proposal first."
                )
            )

    def _scrm_get_interaction_contacts(self):
        return {proposal.id: proposal.partner_id for proposal in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "supplier"

    # ------------------------------------------------------------------
    # Validation against the agreement
    # ------------------------------------------------------------------

    def _vmi_check(self):
        """Check the lines against the agreement.

        :return: (errors, over_max): translated messages that refuse the
            proposal, and messages of lines that would bring the stock above the
            maximum (refused unless the proposal is justified)
        """
        self.ensure_one()
        env = self.env
        errors, over_max = [], []
        agreement = self.agreement_id.sudo()
        today = fields.Date.context_today(self)
        if not agreement.filtered_domain(agreement._is_valid_domain()):
            errors.append(
                env._(
                    "The agreement %(name)s is not active today.", name=agreement.name
                )
            )
        if not self.line_ids:
            errors.append(env._("Propose at least one product."))
        terms = {line.product_id: line for line in agreement.line_ids}
        figures = agreement.line_ids._vmi_figures()
        proposed = {}
        for line in self.line_ids:
            product = line.product_id
            term = terms.get(product)
            name = product.sudo().display_name
            if not term:
                errors.append(
                    env._(
                        "%(product)s is not in the agreement %(agreement)s.",
                        product=name,
                        agreement=agreement.name,
                    )
                )
                continue
            quantity = line.quantity
            if quantity <= 0:
                errors.append(
                    env._("%(product)s: the quantity must be positive.", product=name)
                )
                continue
            if quantity > MAX_QUANTITY:
                errors.append(
                    env._(
                        "%(product)s: %(quantity)s is more than %(max)s, the largest "
                        "quantity accepted.",
                        product=name,
                        quantity=quantity,
                        max=MAX_QUANTITY,
                    )
                )
                continue
            if quantity < term.moq - EPSILON:
                errors.append(
                    env._(
                        "%(product)s: the minimum order quantity is %(moq)s.",
                        product=name,
                        moq=term.moq,
                    )
                )
            if term.multiple and (
                abs(quantity / term.multiple - round(quantity / term.multiple))
                > EPSILON
            ):
                errors.append(
                    env._(
                        "%(product)s: order in multiples of %(multiple)s.",
                        product=name,
                        multiple=term.multiple,
                    )
                )
            if not line.ship_date or line.ship_date < today:
                errors.append(
                    env._(
                        "%(product)s: the ship date cannot be in the past.",
                        product=name,
                    )
                )
            if not line.arrival_date or (
                line.ship_date and line.arrival_date < line.ship_date
            ):
                errors.append(
                    env._(
                        "%(product)s: the expected arrival cannot be before the ship "
                        "date.",
                        product=name,
                    )
                )
            proposed[term] = proposed.get(term, 0.0) + quantity
        for term, quantity in proposed.items():
            after = figures[term.id]["position"] + quantity
            if after > term.max_qty + EPSILON:
                over_max.append(
                    env._(
                        "%(product)s: stock would reach %(after)s after arrival, "
                        "above the agreed maximum of %(max)s.",
                        product=term.product_id.sudo().display_name,
                        after=round(after, 2),
                        max=term.max_qty,
                    )
                )
        return errors, over_max

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _vmi_serialize(self, records):
        """Make concurrent decisions on ``records`` one after the other.

        Two requests at once (two people of the supplier proposing against the
        same agreement, two buyers approving the same proposal) each check what
        they see in their snapshot, which does not hold the other's work: both
        stay inside the maximum alone, or both see "submitted", and both would
        go through. Updating the rows first makes PostgreSQL order them: the
        second waits for the first, then fails with a serialization error and
        nothing of it is kept; Odoo replays such a request, which then sees the
        first one's outcome and is refused with the usual message."""
        if records:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN %s",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                )
            )

    def action_submit(self):
        """Submit to the buyer; in supplier-managed mode a proposal inside the
        agreed bounds is approved at once. Checked first: who may not write
        the proposal (a portal user calling it over RPC; the portal routes
        call it as the system once they checked the supplier) is refused
        before the agreement's rows are touched."""
        self.check_access("write")
        self._vmi_serialize(self.agreement_id)
        for proposal in self:
            if proposal.state != "draft":
                raise UserError(self.env._("Only a draft proposal can be submitted."))
            errors, over_max = proposal._vmi_check()
            if over_max and not (proposal.justification or "").strip():
                errors += over_max
                errors.append(
                    self.env._(
                        "Reduce the quantity, or explain in the justification why "
                        "the maximum may be exceeded."
                    )
                )
            if errors:
                raise UserError("\n".join(errors))
            proposal.write(
                {
                    "state": "submitted",
                    "date_submitted": fields.Datetime.now(),
                    "submitted_by_id": self.env.user.id,
                }
            )
            if proposal.agreement_id.mode == "supplier" and not over_max:
                proposal.sudo()._approve(auto=True)
            else:
                proposal.sudo()._notify_buyer()
        return True

    def _notify_buyer(self):
        for proposal in self:
            if proposal.user_id:
                proposal.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=proposal.user_id.id,
                    summary=self.env._("Approve or reject %s", proposal.name),
                )

    def action_approve(self):
        self.check_access("write")
        if not self.env.user.has_group("scrm_supplier_portal.group_vmi_user"):
            raise UserError(self.env._("Only a VMI buyer approves proposals."))
        self._vmi_serialize(self)
        for proposal in self:
            if proposal.state != "submitted":
                raise UserError(
                    self.env._("Only a submitted proposal can be approved.")
                )
        self._approve()
        return True

    def _approve(self, auto=False):
        """Turn each proposal into purchase order lines and receipt moves: the
        open order of an earlier proposal is extended when it can be (see
        ``_vmi_open_order``), else a new order is confirmed."""
        for proposal in self:
            agreement = proposal.agreement_id
            order = proposal._vmi_open_order()
            if order:
                before = order.order_line
                order.write(
                    {
                        "order_line": [
                            Command.create(values)
                            for values in proposal._prepare_purchase_line_values()
                        ]
                    }
                )
                po_lines = (order.order_line - before).sorted("id")
                order.message_post(body=self.env._("Extended by %s.", proposal.name))
            else:
                order = (
                    self.env["purchase.order"]
                    .sudo()
                    .with_company(proposal.company_id)
                    .create(proposal._prepare_purchase_values())
                )
                order.button_confirm()
                po_lines = order.order_line
            receipt = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )[:1]
            if agreement.consignment and receipt:
                receipt.owner_id = agreement.partner_id
            for line, po_line in zip(proposal.line_ids, po_lines, strict=True):
                line.purchase_line_id = po_line
            proposal.write(
                {
                    "state": "approved",
                    "purchase_id": order.id,
                    "picking_id": receipt.id,
                    "auto_approved": auto,
                    "approved_by_id": False if auto else self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                }
            )
            proposal.activity_unlink(["mail.mail_activity_data_todo"])
            proposal.message_post(
                body=self.env._("Approved automatically inside the agreed bounds.")
                if auto
                else self.env._("Approved by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_comment",
            )

    def _vmi_open_order(self):
        """The purchase order this proposal may extend: confirmed for earlier
        proposals of the same agreement that all wait for their shipping notice,
        its receipt not started, expecting its goods on the same day as every
        line of this proposal. An empty recordset when there is none."""
        self.ensure_one()
        Order = self.env["purchase.order"].sudo()
        arrivals = set(self.line_ids.mapped("arrival_date"))
        if len(arrivals) != 1:
            return Order
        candidates = self.sudo().search(
            [
                ("agreement_id", "=", self.agreement_id.id),
                ("state", "=", "approved"),
                ("id", "!=", self.id),
                ("purchase_id.state", "=", "purchase"),
            ]
        )
        for order in candidates.purchase_id:
            sharing = self.sudo().search(
                [("purchase_id", "=", order.id), ("state", "!=", "cancelled")]
            )
            receipts = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if (
                all(p.state == "approved" for p in sharing)
                and len(receipts) == 1
                and not receipts.move_ids.filtered("picked")
                and set(sharing.line_ids.mapped("arrival_date")) == arrivals
            ):
                return order
        return Order

    def _prepare_purchase_line_values(self):
        self.ensure_one()
        return [
            {
                "product_id": line.product_id.id,
                "product_qty": line.quantity,
                "product_uom": line.product_id.uom_id.id,
                "date_planned": datetime.combine(line.arrival_date, time(12)),
            }
            for line in self.line_ids
        ]

    def _prepare_purchase_values(self):
        self.ensure_one()
        agreement = self.agreement_id
        return {
            "partner_id": agreement.partner_id.id,
            "company_id": agreement.company_id.id,
            "picking_type_id": agreement.warehouse_id.in_type_id.id,
            "user_id": agreement.user_id.id,
            "origin": self.name,
            "scrm_vmi_agreement_id": agreement.id,
            "order_line": [
                Command.create(values)
                for values in self._prepare_purchase_line_values()
            ],
        }

    def action_reject(self, reason=False):
        self.check_access("write")
        for proposal in self:
            if proposal.state != "submitted":
                raise UserError(
                    self.env._("Only a submitted proposal can be rejected.")
                )
        self.write({"state": "rejected", "reject_reason": reason or False})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        # The order is cancelled as the system below: the caller's right to
        # write the proposal is checked first (a portal user over RPC is
        # refused before the purchase order is touched).
        self.check_access("write")
        for proposal in self:
            if proposal.state not in CANCELLABLE_STATES:
                raise UserError(
                    self.env._(
                        "%(name)s is already %(state)s: it cannot be cancelled.",
                        name=proposal.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[proposal.state],
                    )
                )
        for proposal in self.filtered("purchase_id"):
            order = proposal.purchase_id.sudo()
            shared = self.sudo().search(
                [
                    ("purchase_id", "=", order.id),
                    ("id", "not in", self.ids),
                    ("state", "not in", ("cancelled", "rejected")),
                ]
            )
            if shared:
                # Only this proposal's lines of an order it shares.
                po_lines = proposal.sudo().line_ids.purchase_line_id
                po_lines.move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )._action_cancel()
                po_lines.write({"product_qty": 0})
            else:
                order.button_cancel()
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _ship(self, shipped, ship_date, arrival_date, carrier=False, tracking=False):
        """Record the supplier's shipping notice and update the receipt: its
        dates, the quantities actually shipped, and a backorder for the rest.

        :param shipped: {proposal line: quantity shipped}
        """
        self.ensure_one()
        env = self.env
        today = fields.Date.context_today(self)
        errors = []
        if self.state != "approved":
            errors.append(
                env._("Only an approved proposal can be shipped (%s).", self.name)
            )
        approved_on = (
            fields.Date.context_today(self, self.date_approved)
            if self.date_approved
            else today
        )
        if not ship_date or ship_date < approved_on or ship_date > today:
            errors.append(
                env._(
                    "The ship date must be between the approval (%(approved)s) and "
                    "today.",
                    approved=approved_on,
                )
            )
        if (
            not arrival_date
            or arrival_date < today
            or (ship_date and arrival_date < ship_date)
        ):
            errors.append(
                env._(
                    "The expected arrival cannot be in the past nor before the "
                    "ship date."
                )
            )
        if set(shipped) - set(self.line_ids):
            errors.append(env._("These lines are not part of %s.", self.name))
        for line, quantity in shipped.items():
            name = line.product_id.sudo().display_name
            if quantity < 0 or quantity > MAX_QUANTITY:
                errors.append(
                    env._(
                        "%(product)s: the shipped quantity must be between 0 and "
                        "%(max)s.",
                        product=name,
                        max=MAX_QUANTITY,
                    )
                )
            elif float_compare(quantity, line.quantity, precision_digits=6) > 0:
                errors.append(
                    env._(
                        "%(product)s: %(shipped)s shipped is more than the "
                        "%(approved)s approved.",
                        product=name,
                        shipped=quantity,
                        approved=line.quantity,
                    )
                )
        if not any(quantity > 0 for quantity in shipped.values()):
            errors.append(env._("Ship at least one product."))
        if errors:
            raise UserError("\n".join(errors))
        self_sudo = self.sudo()
        receipt = self_sudo.picking_id
        arrival = datetime.combine(arrival_date, time(12))
        Move = env["stock.move"].sudo()
        split_moves, whole_moves = Move, Move
        for line in self_sudo.line_ids:
            quantity = shipped.get(line, 0.0)
            line.shipped_qty = quantity
            move = line.purchase_line_id.move_ids.filtered(
                lambda m, receipt=receipt: (
                    m.picking_id == receipt and m.state not in ("done", "cancel")
                )
            )[:1]
            if not move:
                continue
            if float_is_zero(quantity, precision_digits=6):
                whole_moves |= move  # nothing shipped: all of it is backordered
                continue
            rest = move.product_qty - quantity
            if not float_is_zero(rest, precision_digits=6):
                split_moves |= Move.create(move._split(rest))
            move.write({"date": arrival, "quantity": quantity, "picked": True})
        # Moves of other proposals extending the same order wait for their own
        # shipping notice: they go to the backorder too.
        own = self_sudo.line_ids.purchase_line_id
        whole_moves |= receipt.move_ids.filtered(
            lambda m: (
                m.purchase_line_id not in own and m.state not in ("done", "cancel")
            )
        )
        if split_moves:
            split_moves._action_confirm(merge=False)
        if split_moves or whole_moves:
            backorder = receipt._create_backorder(
                backorder_moves=split_moves | whole_moves
            )[:1]
            self_sudo.search(
                [("picking_id", "=", receipt.id), ("id", "!=", self.id)]
            ).write({"picking_id": backorder.id})
        receipt.scheduled_date = arrival
        self_sudo.write(
            {
                "state": "shipped",
                "ship_date": ship_date,
                "arrival_date": arrival_date,
                "carrier": carrier or False,
                "tracking_ref": tracking or False,
            }
        )
        receipt.message_post(
            body=env._(
                "Shipping notice of %(supplier)s: shipped on %(date)s by "
                "%(carrier)s, tracking %(tracking)s.",
                supplier=self_sudo.partner_id.name,
                date=ship_date,
                carrier=carrier or "-",
                tracking=tracking or "-",
            )
        )
        return True

    def _mark_received(self):
        """The receipt is validated (after the shipping notice, or without one
        when the goods arrived first): close the proposals."""
        for proposal in self.filtered(lambda p: p.state in ("approved", "shipped")):
            for line in proposal.line_ids:
                line.received_qty = sum(
                    line.purchase_line_id.move_ids.filtered(
                        lambda m, p=proposal: (
                            m.picking_id == p.picking_id and m.state == "done"
                        )
                    ).mapped("quantity")
                )
            proposal.write(
                {"state": "received", "date_received": fields.Datetime.now()}
            )

    @api.constrains(
        "ship_date", "arrival_date", "justification", "carrier", "tracking_ref"
    )
    def _check_limits(self):
        check_record_limits(
            self,
            dates=("ship_date", "arrival_date"),
            sizes={"justification": 2000, "carrier": 128, "tracking_ref": 128},
        )


class ScrmReplenishmentProposalLine(models.Model):
    _name = "scrm.replenishment.proposal.line"
    _description = "Replenishment Proposal Line"
    _order = "proposal_id, id"

    proposal_id = fields.Many2one(
        "scrm.replenishment.proposal", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="proposal_id.company_id", store=True)
    state = fields.Selection(related="proposal_id.state")
    product_id = fields.Many2one("product.product", required=True, index=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    ship_date = fields.Date()
    arrival_date = fields.Date(string="Expected Arrival")
    shipped_qty = fields.Float(
        string="Shipped", digits="Product Unit of Measure", readonly=True
    )
    received_qty = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", readonly=True, index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        proposals = self.env["scrm.replenishment.proposal"].browse(
            [vals["proposal_id"] for vals in vals_list if vals.get("proposal_id")]
        )
        if any(p.state not in EDITABLE_STATES for p in proposals):
            raise UserError(
                self.env._(
                    "A submitted proposal cannot be changed: cancel it and propose "
                    "again."
                )
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(line.proposal_id.state not in DELETABLE_STATES for line in self):
            raise UserError(
                self.env._(
                    "A submitted proposal cannot be changed: cancel it and propose "
                    "again."
                )
            )

    def write(self, vals):
        frozen = {"product_id", "quantity", "ship_date", "arrival_date", "proposal_id"}
        if frozen.intersection(vals) and any(
            line.proposal_id.state not in EDITABLE_STATES for line in self
        ):
            raise UserError(
                self.env._(
                    "A submitted proposal cannot be changed: cancel it and propose "
                    "again."
                )
            )
        return super().write(vals)

    @api.constrains("ship_date", "arrival_date")
    def _check_limits(self):
        check_record_limits(self, dates=("ship_date", "arrival_date"))

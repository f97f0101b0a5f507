# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields a superseded revision still takes: the chatter, activities, the portal
# token, and the links kept by the revision machinery itself.
SUPERSEDED_WRITABLE_PREFIXES = ("message_", "activity_", "website_message")
SUPERSEDED_WRITABLE_FIELDS = {
    "access_token",
    "scrm_superseded_by_id",
    "scrm_revision_root_id",
    "scrm_expiry_activity_date",
}


class SaleOrder(models.Model):
    """A quotation with a lifecycle: revisions that keep earlier versions read-only
    and linked (S00042, S00042-R2, S00042-R3), only the last one can be confirmed."""

    _inherit = "sale.order"

    scrm_revision = fields.Integer(
        string="Revision",
        default=1,
        copy=False,
        readonly=True,
        help="1 for the first version of a proposal, then 2, 3... for each revision.",
    )
    scrm_revision_root_id = fields.Many2one(
        "sale.order",
        string="First Version",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The first version of the proposal this quotation is a revision of.",
    )
    scrm_superseded_by_id = fields.Many2one(
        "sale.order",
        string="Revised As",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The next revision: this version is kept read-only.",
    )
    scrm_is_superseded = fields.Boolean(
        string="Superseded",
        compute="_compute_scrm_is_superseded",
        store=True,
        help="A later revision replaces this one: it cannot be changed or confirmed.",
    )
    scrm_revision_ids = fields.Many2many(
        "sale.order",
        string="Revisions",
        compute="_compute_scrm_revision_ids",
        help="Every version of this proposal, the first one included.",
    )
    scrm_revision_count = fields.Integer(
        string="Revision Count", compute="_compute_scrm_revision_ids"
    )

    @api.depends("scrm_superseded_by_id")
    def _compute_scrm_is_superseded(self):
        for order in self:
            order.scrm_is_superseded = bool(order.scrm_superseded_by_id)

    @api.depends("scrm_revision_root_id")
    def _compute_scrm_revision_ids(self):
        roots = self.filtered("scrm_revision_root_id").scrm_revision_root_id
        families = {root: self.browse() for root in roots}
        if roots:
            for member in self.search(
                [("scrm_revision_root_id", "in", roots.ids)], order="scrm_revision"
            ):
                families[member.scrm_revision_root_id] |= member
        for order in self:
            family = families.get(order.scrm_revision_root_id) or order
            order.scrm_revision_ids = family
            order.scrm_revision_count = len(family)

    def write(self, vals):
        superseded = self.filtered("scrm_is_superseded")
        if superseded and not self.env.context.get("scrm_revision_write"):
            blocked = [
                name
                for name in vals
                if name not in SUPERSEDED_WRITABLE_FIELDS
                and not name.startswith(SUPERSEDED_WRITABLE_PREFIXES)
            ]
            if blocked:
                superseded._scrm_raise_superseded()
        return super().write(vals)

    def _scrm_raise_superseded(self):
        order = self[:1]
        if not order:
            return
        raise UserError(
            self.env._(
                "%(old)s was revised as %(new)s: earlier revisions are kept as they "
                "were sent and can no longer be changed.",
                old=order.name,
                new=order._scrm_last_revision().name,
            )
        )

    def _scrm_check_not_superseded(self):
        if not self.env.context.get("scrm_revision_write"):
            self.filtered("scrm_is_superseded")[:1]._scrm_raise_superseded()

    def _scrm_last_revision(self):
        self.ensure_one()
        order = self
        while order.scrm_superseded_by_id:
            order = order.scrm_superseded_by_id
        return order

    def _scrm_revision_base_name(self):
        self.ensure_one()
        return (self.scrm_revision_root_id or self).name

    # Confirmation, sending and the portal only know the last revision.

    def _confirmation_error_message(self):
        if self.scrm_is_superseded:
            return self.env._(
                "%(old)s was revised: only its last revision, %(new)s, can be "
                "confirmed.",
                old=self.name,
                new=self._scrm_last_revision().name,
            )
        return super()._confirmation_error_message()

    def action_quotation_send(self):
        self.filtered("scrm_is_superseded")[:1]._scrm_raise_superseded()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self.filtered("scrm_is_superseded")[:1]._scrm_raise_superseded()
        return super().action_quotation_sent()

    def _has_to_be_signed(self):
        return not self.scrm_is_superseded and super()._has_to_be_signed()

    def _has_to_be_paid(self):
        return not self.scrm_is_superseded and super()._has_to_be_paid()

    # Actions

    def action_scrm_revise(self):
        """Copy this quotation as its next revision and keep this one read-only."""
        self.ensure_one()
        self.check_access("write")
        if self.scrm_is_superseded:
            self._scrm_raise_superseded()
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Only a quotation can be revised; %(name)s is already confirmed "
                    "or cancelled.",
                    name=self.name,
                )
            )
        revision = self._scrm_revise()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": revision.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _scrm_revise(self):
        self.ensure_one()
        root = self.scrm_revision_root_id or self
        last_number = max(root.scrm_revision_ids.mapped("scrm_revision") or [1])
        number = last_number + 1
        revision = self.copy(self._scrm_prepare_revision_values(root, number))
        self.with_context(scrm_revision_write=True).write(
            {"scrm_superseded_by_id": revision.id, "scrm_revision_root_id": root.id}
        )
        self.invalidate_model(["scrm_revision_ids", "scrm_revision_count"])
        self.message_post(
            body=self.env._(
                "Revised as %(name)s: this version is kept read-only.",
                name=revision.name,
            )
        )
        revision.message_post(
            body=self.env._(
                "Revision %(number)s of %(name)s.", number=number, name=root.name
            )
        )
        return revision

    def _scrm_prepare_revision_values(self, root, number):
        """Values of the next revision's copy (hook)."""
        return {
            "name": f"{root.name}-R{number}",
            "scrm_revision": number,
            "scrm_revision_root_id": root.id,
            "origin": self.origin,
            "client_order_ref": self.client_order_ref,
            "opportunity_id": self.opportunity_id.id,
            "date_order": self.date_order,
            "validity_date": self.validity_date,
        }

    def action_scrm_compare_revisions(self):
        self.ensure_one()
        previous = self.scrm_revision_ids.filtered(
            lambda o: o.scrm_revision < self.scrm_revision
        )[-1:]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare Revisions"),
            "res_model": "scrm.proposal.revision.diff",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_from_order_id": (previous or self).id,
                "default_to_order_id": self.id,
            },
        }

    def action_scrm_open_revisions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Revisions of %(name)s", name=self._scrm_revision_base_name()
            ),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", self.scrm_revision_ids.ids)],
            "context": {"create": False},
        }

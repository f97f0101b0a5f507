# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import plaintext2html

DECLINE_REASONS = [
    ("price", "Price too high"),
    ("competitor", "Chose a competitor"),
    ("timing", "Not the right time"),
    ("scope", "Does not meet our needs"),
    ("other", "Other"),
]


class SaleOrder(models.Model):
    """The customer's answer to a proposal on the portal (accepted, declined
    with a reason, or a change requested): kept on the proposal, written to the
    account's timeline, and sent to the salesperson."""

    _name = "sale.order"
    _inherit = ["sale.order", "scrm.interaction.mixin"]

    scrm_portal_answer = fields.Selection(
        [
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("change_requested", "Change Requested"),
        ],
        string="Customer's Answer",
        copy=False,
        readonly=True,
        tracking=True,
        help="The last answer the customer gave on the portal.",
    )
    scrm_portal_answer_date = fields.Datetime(
        string="Answered On", copy=False, readonly=True
    )
    scrm_decline_reason = fields.Selection(
        DECLINE_REASONS, string="Decline Reason", copy=False, readonly=True
    )
    scrm_customer_message = fields.Text(
        string="Customer's Message",
        copy=False,
        readonly=True,
        help="Why the customer declined, or the change they asked for.",
    )

    def _scrm_portal_answer(self, answer, author, message=False, reason=False):
        """Record the customer's answer (self is sudo: the portal route checked
        the customer's access to the order first)."""
        self.ensure_one()
        self.write(
            {
                "scrm_portal_answer": answer,
                "scrm_portal_answer_date": fields.Datetime.now(),
                "scrm_decline_reason": reason or False,
                "scrm_customer_message": message or False,
            }
        )
        labels = dict(
            self._fields["scrm_portal_answer"]._description_selection(self.env)
        )
        reasons = dict(
            self._fields["scrm_decline_reason"]._description_selection(self.env)
        )
        summary = self.env._(
            "%(order)s: %(answer)s by the customer",
            order=self.name,
            answer=labels[answer],
        )
        if reason:
            summary = f"{summary} ({reasons[reason]})"
        self._scrm_log_interaction(
            "portal",
            summary,
            direction="in",
            body=plaintext2html(message) if message else False,
            contact_id=author.id,
        )
        self._scrm_notify_salesperson(summary, message)

    def _scrm_notify_salesperson(self, summary, message):
        """A To-Do activity for the salesperson with the customer's message:
        Odoo tells them of it on the channel they chose (inbox or email, and an
        email goes through scrm_base's preference check like every send)."""
        self.ensure_one()
        if not self.user_id:
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=plaintext2html(message) if message else False,
            user_id=self.user_id.id,
        )

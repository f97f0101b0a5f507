from odoo import api, fields, models

OPEN_TICKETS_SHOWN = 20
CONTACTS_SHOWN = 10


class ScrmCallerLookup(models.TransientModel):
    """The agent's caller card: who is calling, their account, open tickets,
    last contacts on every channel and contact preferences, from the number
    alone (typed, or sent by the phone system's screen pop)."""

    _name = "scrm.caller.lookup"
    _description = "Incoming Caller"

    phone_number = fields.Char(string="Number", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Caller", compute="_compute_caller", readonly=False
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Account"
    )
    partner_email = fields.Char(related="partner_id.email", string="Email")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    partner_function = fields.Char(related="partner_id.function", string="Job")
    partner_role = fields.Selection(
        related="commercial_partner_id.scrm_role", string="Relationship Role"
    )
    preferred_channel_id = fields.Many2one(
        related="partner_id.scrm_preferred_channel_id", string="Preferred Channel"
    )
    refusal_text = fields.Char(related="partner_id.scrm_refusal_text", string="Refuses")
    ticket_ids = fields.Many2many(
        "scrm.ticket", string="Open Tickets", compute="_compute_caller"
    )
    open_ticket_count = fields.Integer(compute="_compute_caller")
    interaction_ids = fields.Many2many(
        "scrm.interaction", string="Last Contacts", compute="_compute_caller"
    )
    not_found = fields.Boolean(compute="_compute_caller")

    @api.depends("phone_number", "partner_id")
    def _compute_display_name(self):
        for lookup in self:
            lookup.display_name = (
                self.env._("Call from %(caller)s", caller=lookup.partner_id.name)
                if lookup.partner_id
                else self.env._(
                    "Call from %(number)s", number=lookup.phone_number or ""
                )
            )

    @api.constrains("phone_number")
    def _check_phone_number(self):
        for lookup in self:
            self.env["res.partner"]._scrm_check_phone_length(lookup.phone_number)

    @api.depends("phone_number")
    def _compute_caller(self):
        Partner = self.env["res.partner"]
        Ticket = self.env["scrm.ticket"]
        for lookup in self:
            partner = Partner
            if lookup.phone_number and not Partner._scrm_phone_length_error(
                lookup.phone_number
            ):
                partners = Partner._scrm_find_by_phone(lookup.phone_number)
                # A person rather than their company when both carry the number.
                partner = (partners.filtered(lambda p: not p.is_company) or partners)[
                    :1
                ]
            lookup.partner_id = partner
            lookup.not_found = bool(lookup.phone_number) and not partner
            if not partner:
                lookup.ticket_ids = lookup.interaction_ids = False
                lookup.open_ticket_count = 0
                continue
            domain = lookup._open_ticket_domain(partner)
            lookup.ticket_ids = Ticket.search(domain, limit=OPEN_TICKETS_SHOWN)
            lookup.open_ticket_count = Ticket.search_count(domain)
            lookup.interaction_ids = self.env["scrm.interaction"].search(
                [("partner_id", "=", partner.commercial_partner_id.id)],
                limit=CONTACTS_SHOWN,
            )

    @api.model
    def _open_ticket_domain(self, partner):
        return [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("is_closed", "=", False),
        ]

    def action_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "scrm.call.log",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_phone_number": self.phone_number,
                "default_direction": "in",
                "default_ticket_id": self.ticket_ids[:1].id,
            },
        }

    def action_open_ticket(self):
        """A new ticket for the caller, opened from the phone."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Ticket"),
            "res_model": "scrm.ticket",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_partner_phone": self.phone_number,
                "scrm_ticket_channel": "phone",
            },
        }

    def action_open_tickets(self):
        self.ensure_one()
        action = self.partner_id.action_scrm_open_tickets()
        action["domain"] = self._open_ticket_domain(self.partner_id)
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_open_timeline(self):
        self.ensure_one()
        return self.partner_id.action_scrm_open_interactions()

    def action_create_contact(self):
        """An unknown number: a new contact carrying it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "views": [(False, "form")],
            "context": {"default_phone": self.phone_number},
        }

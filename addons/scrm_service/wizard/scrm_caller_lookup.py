from odoo import api, fields, models


class ScrmCallerLookup(models.TransientModel):
    """The agent console: who is calling, their open tickets and their last
    contacts on every channel, from the number alone."""

    _name = "scrm.caller.lookup"
    _description = "Incoming Caller"

    phone_number = fields.Char(string="Number", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Caller", compute="_compute_caller", readonly=False
    )
    ticket_ids = fields.Many2many(
        "scrm.ticket", string="Open Tickets", compute="_compute_caller"
    )
    interaction_ids = fields.Many2many(
        "scrm.interaction", string="Last Contacts", compute="_compute_caller"
    )

    @api.constrains("phone_number")
    def _check_phone_number(self):
        for lookup in self:
            self.env["res.partner"]._scrm_check_phone_length(lookup.phone_number)

    @api.depends("phone_number")
    def _compute_caller(self):
        Partner = self.env["res.partner"]
        for lookup in self:
            if Partner._scrm_phone_length_error(lookup.phone_number):
                lookup.partner_id = lookup.ticket_ids = lookup.interaction_ids = False
                continue
            partners = Partner._scrm_find_by_phone(lookup.phone_number or "")
            partner = (partners.filtered(lambda p: not p.is_company) or partners)[:1]
            lookup.partner_id = partner
            commercial = partner.commercial_partner_id
            lookup.ticket_ids = (
                self.env["scrm.ticket"].search(
                    [
                        ("commercial_partner_id", "=", commercial.id),
                        ("is_closed", "=", False),
                    ],
                    limit=20,
                )
                if partner
                else False
            )
            lookup.interaction_ids = (
                self.env["scrm.interaction"].search(
                    [("partner_id", "=", commercial.id)], limit=10
                )
                if partner
                else False
            )

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

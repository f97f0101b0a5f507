from odoo import api, models, tools

TICKET_CODE = "scrm.ticket"


class IrSequence(models.Model):
    """The ticket sequence of a company, found once: every new ticket draws
    its reference from it."""

    _inherit = "ir.sequence"

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        if any(vals.get("code") == TICKET_CODE for vals in vals_list):
            self.env.registry.clear_cache()
        return sequences

    def write(self, vals):
        ticket_sequences = vals.get("code") == TICKET_CODE or any(
            sequence.code == TICKET_CODE for sequence in self
        )
        result = super().write(vals)
        if ticket_sequences and {"code", "company_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        ticket_sequences = any(sequence.code == TICKET_CODE for sequence in self)
        result = super().unlink()
        if ticket_sequences:
            self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("company_id")
    def _scrm_ticket_sequence_id(self, company_id):
        """Id of the ticket sequence ``next_by_code`` would use for this
        company (its own, else the shared one), or False."""
        sequence = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [("code", "=", TICKET_CODE), ("company_id", "in", [company_id, False])],
                order="company_id",
                limit=1,
            )
        )
        return sequence.id

from odoo import api, fields, models


class ScrmInteractionMixin(models.AbstractModel):
    """Lets any document write to its partner's timeline in one call.

    A model inheriting it gets ``_scrm_log_interaction`` and a timeline smart
    button counter. Override ``_scrm_get_interaction_contacts`` when the partner of
    a document is not found by Odoo's default partner fields, and
    ``_scrm_get_interaction_side`` when a document is always on one side of the
    relationship (a purchase order: supplier).
    """

    _name = "scrm.interaction.mixin"
    _description = "Timeline Interaction Mixin"

    scrm_interaction_count = fields.Integer(
        string="Interactions", compute="_compute_scrm_interaction_count"
    )

    def _compute_scrm_interaction_count(self):
        counts = dict(
            self.env["scrm.interaction"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for record in self:
            record.scrm_interaction_count = counts.get(record.id, 0)

    def _scrm_get_interaction_contacts(self):
        """{record id: the contact (res.partner) the document is about}."""
        return {
            record_id: partners[:1]
            for record_id, partners in self._mail_get_partners().items()
        }

    @api.model
    def _scrm_get_interaction_side(self):
        """``customer``, ``supplier`` or False (then the partner's role decides)."""
        return False

    def _scrm_log_interaction(
        self, channel, summary, direction="out", body=False, date=False, **values
    ):
        """Write one timeline entry per record of self (records without a partner
        are skipped) and return them.

        :param channel: a scrm.channel record or its code (``phone``, ``visit``...)
        :param summary: one line an agent reads in the timeline
        :param values: other scrm.interaction values (contact_id, user_id...)
        """
        if isinstance(channel, str):
            channel = self.env["scrm.channel"]._get_by_code(channel)
        contacts = self._scrm_get_interaction_contacts()
        side = self._scrm_get_interaction_side()
        vals_list = []
        for record in self:
            contact = contacts.get(record.id)
            if not contact and not values.get("contact_id"):
                continue
            vals = {
                "contact_id": contact.id if contact else False,
                "channel_id": channel.id,
                "direction": direction,
                "summary": summary,
                "body": body,
                "date": date or fields.Datetime.now(),
                "res_model": self._name,
                "res_id": record.id,
                **values,
            }
            if side:
                vals.setdefault("side", side)
            if "company_id" in record._fields and record.company_id:
                vals.setdefault("company_id", record.company_id.id)
            vals_list.append(vals)
        return self.env["scrm.interaction"].sudo().create(vals_list)

    def action_scrm_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_base.scrm_interaction_action"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

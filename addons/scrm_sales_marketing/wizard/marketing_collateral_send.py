from markupsafe import Markup

from odoo import fields, models


class ScrmMarketingCollateralSend(models.TransientModel):
    _name = "scrm.marketing.collateral.send"
    _description = "Send Collateral"

    lead_id = fields.Many2one("crm.lead", required=True)
    collateral_ids = fields.Many2many(
        "scrm.marketing.collateral",
        domain="[('sendable', '=', True)]",
        required=True,
    )
    body = fields.Text(string="Message")

    def action_send(self):
        self.ensure_one()
        lead = self.lead_id
        lead.check_access("write")
        links = lead._scrm_collateral_links(self.collateral_ids)
        items = Markup("").join(
            Markup('<li><a href="%s">%s</a></li>') % (link.short_url, link.title)
            for link in links
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (self.body or "", items)
        lead.message_post(
            body=body,
            partner_ids=lead.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            subject=self.env._("Documents for you"),
        )
        return {"type": "ir.actions.act_window_close"}

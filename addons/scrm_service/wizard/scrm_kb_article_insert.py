from markupsafe import Markup, escape

from odoo import fields, models


class ScrmKbArticleInsert(models.TransientModel):
    """Answer a ticket with a knowledge-base article: the reply opens with the
    article's link and excerpt, ready to send."""

    _name = "scrm.kb.article.insert"
    _description = "Reply with a Knowledge Base Article"

    ticket_id = fields.Many2one("scrm.ticket", required=True, ondelete="cascade")
    article_id = fields.Many2one(
        "scrm.kb.article",
        required=True,
        domain=[("is_published", "=", True), ("visibility", "!=", "internal")],
    )

    def _scrm_reply_body(self):
        self.ensure_one()
        article = self.article_id
        url = self.ticket_id.get_base_url() + article.website_url
        return Markup('<p>%s</p><p><a href="%s">%s</a><br/>%s</p>') % (
            self.env._("This article answers your question:"),
            url,
            escape(article.name),
            escape(article._scrm_excerpt()),
        )

    def action_insert(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "scrm.ticket",
                "default_res_ids": self.ticket_id.ids,
                "default_composition_mode": "comment",
                "default_body": self._scrm_reply_body(),
                "default_subtype_xmlid": "mail.mt_comment",
                "default_message_type": "comment",
            },
        }

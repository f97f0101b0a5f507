from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext

VISIBILITIES = [
    ("internal", "Agents Only"),
    ("portal", "Portal Customers"),
    ("public", "Everyone"),
]


class ScrmKbArticle(models.Model):
    """A knowledge-base article: answers customers find before they ask."""

    _name = "scrm.kb.article"
    _description = "Knowledge Base Article"
    _inherit = ["mail.thread"]
    _order = "sequence, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    body = fields.Html(translate=True, sanitize=True)
    body_text = fields.Text(
        string="Searchable Text",
        compute="_compute_body_text",
        store=True,
        index="trigram",
        help="The words of the body in every language, without the HTML markup: "
        "what searches match.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the article with every company.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "scrm.ticket.category", index=True, check_company=True
    )
    tag_ids = fields.Many2many("scrm.ticket.tag", string="Tags")
    product_ids = fields.Many2many("product.template", string="Related Products")
    is_published = fields.Boolean(string="Published", index=True, tracking=True)
    visibility = fields.Selection(
        VISIBILITIES, required=True, default="portal", index=True
    )
    helpful_count = fields.Integer(string="Helpful", readonly=True)
    not_helpful_count = fields.Integer(string="Not Helpful", readonly=True)
    vote_ids = fields.One2many("scrm.kb.vote", "article_id", string="Votes")
    website_url = fields.Char(compute="_compute_website_url")

    @api.depends("body")
    def _compute_body_text(self):
        # Every translation of the body is searched: read them all at once
        # from the column, after writing the pending changes.
        stored = self.filtered("id")
        bodies = {}
        if stored:
            stored.flush_recordset(["body"])
            self.env.cr.execute(
                SQL(
                    "SELECT id, body FROM %s WHERE id IN %s",
                    SQL.identifier(self._table),
                    tuple(stored.ids),
                )
            )
            bodies = dict(self.env.cr.fetchall())
        for article in self:
            translations = bodies.get(article.id) or {"": article.body or ""}
            texts = []
            for html in translations.values():
                text = " ".join(
                    html2plaintext(html or "", include_references=False).split()
                )
                if text and text not in texts:
                    texts.append(text)
            article.body_text = "\n".join(texts) or False

    def _compute_website_url(self):
        for article in self:
            article.website_url = f"/help/{article.id}"

    @api.model
    def _scrm_visible_domain(self, public=False):
        """Articles a portal customer (or, ``public``, anyone) may read."""
        visibilities = ["public"] if public else ["portal", "public"]
        return [
            ("is_published", "=", True),
            ("visibility", "in", visibilities),
            # Checked here as well as by the record rules: the portal reads
            # articles with sudo.
            ("company_id", "in", [False, *self.env.companies.ids]),
        ]

    @api.model
    def _scrm_suggest(self, query, public=False, limit=5):
        """Published articles whose title or body matches words of the query."""
        words = [w for w in (query or "").split() if len(w) >= 3][:8]
        if not words:
            return self.browse()
        domain = self._scrm_visible_domain(public=public)
        word_domain = []
        for word in words:
            word_domain = (
                (["|"] if word_domain else [])
                + word_domain
                + [
                    "|",
                    ("name", "ilike", word),
                    ("body_text", "ilike", word),
                ]
            )
        return self.sudo().search(domain + word_domain, limit=limit)

    def _scrm_excerpt(self, size=160):
        self.ensure_one()
        text = html2plaintext(self.body or "", include_references=False).strip()
        return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"

    def _scrm_vote(self, partner, helpful):
        """Record the partner's vote (one per partner and article; a new vote
        replaces the old one) and refresh the counters."""
        self.ensure_one()
        Vote = self.env["scrm.kb.vote"].sudo()
        vote = Vote.search(
            [("article_id", "=", self.id), ("partner_id", "=", partner.id)], limit=1
        )
        if vote:
            vote.helpful = helpful
        else:
            Vote.create(
                {"article_id": self.id, "partner_id": partner.id, "helpful": helpful}
            )
        counts = dict(
            Vote._read_group([("article_id", "=", self.id)], ["helpful"], ["__count"])
        )
        self.sudo().write(
            {
                "helpful_count": counts.get(True, 0),
                "not_helpful_count": counts.get(False, 0),
            }
        )


class ScrmKbVote(models.Model):
    _name = "scrm.kb.vote"
    _description = "Knowledge Base Vote"

    article_id = fields.Many2one(
        "scrm.kb.article", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    helpful = fields.Boolean()

    _sql_constraints = [
        (
            "article_partner_uniq",
            "unique(article_id, partner_id)",
            "One vote per article and person.",
        ),
    ]

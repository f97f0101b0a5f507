from odoo import api, fields, models


class RatingRating(models.Model):
    """CSAT of the service desk: score = good / (good + bad), "okay" ratings
    counted in neither."""

    _inherit = "rating.rating"

    scrm_csat_good = fields.Integer(
        string="Good", compute="_compute_scrm_csat", store=True, aggregator="sum"
    )
    scrm_csat_bad = fields.Integer(
        string="Bad", compute="_compute_scrm_csat", store=True, aggregator="sum"
    )

    scrm_rated_date = fields.Datetime(
        string="First Rated On",
        readonly=True,
        help="When the customer first gave this rating: they may change it for "
        "a few days, as long as the ticket is not reopened.",
    )

    @api.depends("rating_text", "consumed")
    def _compute_scrm_csat(self):
        for rating in self:
            rating.scrm_csat_good = int(rating.consumed and rating.rating_text == "top")
            rating.scrm_csat_bad = int(rating.consumed and rating.rating_text == "ko")

    @api.model
    def _scrm_csat_scores(self, groupby, domain=None):
        """CSAT per group of ticket ratings, one query.

        :param groupby: read_group groupby list, e.g. ["parent_res_id"],
            ["rated_partner_id"] or ["create_date:month"]
        :return: {group key (tuple): score in percent, or None without votes}
        """
        rows = self._read_group(
            [("res_model", "=", "scrm.ticket"), ("consumed", "=", True)]
            + (domain or []),
            groupby,
            ["scrm_csat_good:sum", "scrm_csat_bad:sum"],
        )
        scores = {}
        for row in rows:
            *key, good, bad = row
            scores[tuple(key)] = 100.0 * good / (good + bad) if good + bad else None
        return scores

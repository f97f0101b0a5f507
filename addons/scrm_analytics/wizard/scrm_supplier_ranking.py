"""Who can supply this, at what price: the vendor pricelist of a product
(Odoo's ``product.supplierinfo``) ranked by the engine, with the scorecards of
scrm_supplier_portal, in a fixed number of queries."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine.ranking import Offer, rank_suppliers


class ScrmSupplierRanking(models.TransientModel):
    _name = "scrm.supplier.ranking"
    _description = "Supplier Ranking"

    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        required=True, default=1.0, digits="Product Unit of Measure"
    )
    need_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self)
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        "scrm.supplier.ranking.line", "ranking_id", string="Suppliers"
    )

    @api.model
    def _scores(self, partners):
        """Average on-time and in-full rates of the last 12 months: aggregated
        rates only, read as the system since buyers without VMI rights may
        rank suppliers too."""
        since = fields.Date.context_today(self) - relativedelta(months=12)
        groups = (
            self.env["scrm.supplier.scorecard"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("period_start", ">=", since)],
                ["partner_id"],
                ["on_time_rate:avg", "in_full_rate:avg"],
            )
        )
        return {partner.id: (on_time, in_full) for partner, on_time, in_full in groups}

    def _rank(self):
        self.ensure_one()
        if self.quantity <= 0:
            raise UserError(self.env._("The quantity must be positive."))
        product = self.product_id
        today = fields.Date.context_today(self)
        infos = self.env["product.supplierinfo"].search_fetch(
            [
                ("product_tmpl_id", "=", product.product_tmpl_id.id),
                "|",
                ("product_id", "=", False),
                ("product_id", "=", product.id),
                ("company_id", "in", (False, self.company_id.id)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            [
                "partner_id",
                "min_qty",
                "price",
                "discount",
                "currency_id",
                "delay",
                "scrm_landed_cost_percent",
            ],
        )
        company_currency = self.company_id.currency_id
        rates = {
            currency: currency._get_conversion_rate(
                currency, company_currency, self.company_id, today
            )
            for currency in infos.currency_id
        }
        # Every price of a product is in its purchase unit: one factor for all.
        purchase_uom = product.uom_po_id
        factor = (
            purchase_uom._compute_quantity(
                1.0, product.uom_id, round=False, raise_if_failure=False
            )
            if purchase_uom
            else 1.0
        )
        suppliers = {
            partner.id: partner.commercial_partner_id.id for partner in infos.partner_id
        }
        offers = [
            Offer(
                suppliers[info.partner_id.id],
                info.min_qty,
                info.price * (1 - (info.discount or 0.0) / 100.0),
                rates.get(info.currency_id, 1.0),
                factor,
                info.delay,
                info.scrm_landed_cost_percent,
                info.id,
            )
            for info in infos
        ]
        scores = self._scores(infos.partner_id.commercial_partner_id)
        return rank_suppliers(offers, self.quantity, self.need_date, today, scores)

    def action_rank(self):
        self.ensure_one()
        ranked = self._rank()
        self.line_ids = [(5, 0, 0)] + [
            (
                0,
                0,
                {
                    "rank": row.rank,
                    "partner_id": row.supplier_id,
                    "supplierinfo_id": row.offer.ref,
                    "unit_price": row.unit_price,
                    "landed_price": row.landed_price,
                    "arrival_date": row.arrival,
                    "late_days": row.late_days,
                    "fits": row.fits,
                    "on_time_rate": row.on_time_rate or 0.0,
                    "in_full_rate": row.in_full_rate or 0.0,
                },
            )
            for row in ranked
        ]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class ScrmSupplierRankingLine(models.TransientModel):
    _name = "scrm.supplier.ranking.line"
    _description = "Ranked Supplier"
    _order = "rank"

    ranking_id = fields.Many2one("scrm.supplier.ranking", ondelete="cascade")
    currency_id = fields.Many2one(related="ranking_id.currency_id")
    rank = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Supplier")
    supplierinfo_id = fields.Many2one("product.supplierinfo", string="Vendor Price")
    source = fields.Selection(related="supplierinfo_id.scrm_source")
    source_date = fields.Date(related="supplierinfo_id.scrm_source_date")
    price = fields.Float(related="supplierinfo_id.price", string="Quoted Price")
    quote_currency_id = fields.Many2one(
        related="supplierinfo_id.currency_id", string="Quote Currency"
    )
    min_qty = fields.Float(related="supplierinfo_id.min_qty")
    delay = fields.Integer(related="supplierinfo_id.delay", string="Lead Time")
    unit_price = fields.Monetary()
    landed_price = fields.Monetary(string="Landed Unit Price")
    arrival_date = fields.Date(string="Arrives On")
    late_days = fields.Integer(string="Late (Days)")
    fits = fields.Boolean(string="In Time")
    on_time_rate = fields.Float(string="On Time (%)", digits=(16, 1))
    in_full_rate = fields.Float(string="In Full (%)", digits=(16, 1))

    def action_price_history(self):
        """The price history of the ranked product, filtered on this supplier
        (a facet the buyer removes to compare with the others)."""
        self.ensure_one()
        action = self.ranking_id.product_id._scrm_action_price_history()
        action["context"] = {
            **action["context"],
            "search_default_partner_id": self.partner_id.id,
        }
        return action

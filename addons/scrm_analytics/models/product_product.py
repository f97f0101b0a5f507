from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _scrm_action_price_history(self):
        """The price history graph of these products, one line per supplier."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_analytics.scrm_supplier_price_history_action"
        )
        action["domain"] = [("product_id", "in", self.ids)]
        action["context"] = {"graph_groupbys": ["date:month", "partner_id"]}
        return action

from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _scrm_action_price_history(self):
        """The price history graph of these products, one line per supplier."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_analytics.scrm_supplier_price_history_action"
        )
        action["domain"] = [("product_id", "in", self.ids)]
        # One line per supplier, and per product too when there are several:
        # an average price never mixes products.
        groupbys = ["date:month", "partner_id"]
        if len(self) > 1:
            groupbys.insert(1, "product_id")
        action["context"] = {"graph_groupbys": groupbys, "fill_temporal": False}
        return action

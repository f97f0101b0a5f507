from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        proposals = (
            self.env["scrm.replenishment.proposal"]
            .sudo()
            .search(
                [
                    ("picking_id", "in", self.ids),
                    ("state", "in", ("approved", "shipped")),
                ]
            )
        )
        proposals._mark_received()
        return result

from collections import defaultdict

from markupsafe import Markup

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._scrm_report_consignment_use()
        return moves

    def _scrm_report_consignment_use(self):
        """Tell each consignment supplier what of their stock was used (sent to
        customers or consumed by production): a notice on the agreement, shown
        on their portal page, and an entry on their timeline."""
        lines = self.move_line_ids.filtered(
            lambda line: (
                line.owner_id
                and line.state == "done"
                and line.location_id.usage == "internal"
                and line.location_dest_id.usage in ("customer", "production")
            )
        )
        if not lines:
            return
        agreements = (
            self.env["scrm.vmi.agreement"]
            .sudo()
            .search(
                [
                    ("consignment", "=", True),
                    ("state", "=", "active"),
                    ("partner_id", "in", lines.owner_id.commercial_partner_id.ids),
                ]
            )
        )
        for agreement in agreements:
            products = agreement.line_ids.product_id
            used = defaultdict(float)
            for line in lines:
                if (
                    line.owner_id.commercial_partner_id == agreement.partner_id
                    and line.product_id in products
                    and line.location_id.parent_path.startswith(
                        agreement.location_id.parent_path
                    )
                ):
                    used[line.product_id] += line.quantity_product_uom
            if not used:
                continue
            items = Markup("").join(
                Markup("<li>%s: %s %s</li>")
                % (product.display_name, round(quantity, 2), product.uom_id.name)
                for product, quantity in used.items()
            )
            summary = self.env._("Consigned stock used under %s", agreement.name)
            agreement.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (summary, items),
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )
            agreement._scrm_log_interaction("portal", summary, direction="out")

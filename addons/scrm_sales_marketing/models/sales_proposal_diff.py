# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# What is compared between two versions of a line.
COMPARED = ("product_uom_qty", "price_unit", "discount", "price_subtotal")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _scrm_revision_diff(self, other):
        """Compare this revision (old) with ``other`` (new).

        Lines are matched by their revision key (a line and its copies in later
        revisions share it), in order when a key repeats. Two queries, whatever
        the number of lines.

        :return: {"lines": [{"status": "added"|"removed"|"changed"|"same",
                 "product": str, "old": {...} or None, "new": {...} or None,
                 "changed": [field names]}], "totals": {field: (old, new)}}
        """
        self.ensure_one()
        other.ensure_one()
        if (self.scrm_revision_root_id or self) != (
            other.scrm_revision_root_id or other
        ):
            raise UserError(
                self.env._(
                    "%(a)s and %(b)s are not revisions of the same proposal.",
                    a=self.name,
                    b=other.name,
                )
            )
        old_lines = self._scrm_diff_lines()
        new_lines = other._scrm_diff_lines()
        digits = self.env["decimal.precision"].precision_get("Product Price")
        pending = defaultdict(list)
        for line in old_lines:
            pending[line["key"]].append(line)
        result = []
        for new in new_lines:
            olds = pending.get(new["key"])
            old = olds.pop(0) if olds else None
            if old is None:
                result.append(self._scrm_diff_row("added", None, new, COMPARED))
                continue
            changed = [
                name
                for name in COMPARED
                if float_compare(old[name], new[name], precision_digits=digits)
            ]
            if old["name"] != new["name"] and "name" not in changed:
                changed.append("name")
            status = "changed" if changed else "same"
            result.append(self._scrm_diff_row(status, old, new, changed))
        for olds in pending.values():
            for old in olds:
                result.append(self._scrm_diff_row("removed", old, None, COMPARED))
        totals = {
            name: (self[name], other[name])
            for name in ("amount_untaxed", "amount_tax", "amount_total")
        }
        return {"old": self.name, "new": other.name, "lines": result, "totals": totals}

    @api.model
    def _scrm_diff_row(self, status, old, new, changed):
        line = new or old
        return {
            "status": status,
            "product": line["name"],
            "section": line["display_type"],
            "old": old,
            "new": new,
            "changed": list(changed) if status != "same" else [],
        }

    def _scrm_diff_lines(self):
        self.ensure_one()
        lines = self.env["sale.order.line"].search_fetch(
            [("order_id", "=", self.id)],
            ["scrm_revision_key", "name", "display_type", *COMPARED],
            order="sequence, id",
        )
        return [
            {
                "key": line.scrm_revision_key,
                "name": line.name,
                "display_type": line.display_type,
                **{name: line[name] for name in COMPARED},
            }
            for line in lines
        ]

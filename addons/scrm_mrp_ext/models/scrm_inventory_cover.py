"""Days of cover of the inventory status from what the plan will consume, next
to the cover from past usage, each labelled."""

from collections import defaultdict
from datetime import timedelta

from odoo import fields, models


class ScrmInventoryStatus(models.Model):
    _inherit = "scrm.inventory.status"

    days_of_cover = fields.Float(
        string="Cover by Past Usage (days)",
        help="Available stock divided by the average daily use of the last 30 "
        "days (deliveries and consumption). Empty without use in 30 days.",
    )
    plan_cover_days = fields.Float(
        string="Cover by Plan (days)",
        digits=(16, 1),
        compute="_compute_plan_cover",
        help="Days until the requirements of the last MRP run (forecast, sales, "
        "components of planned production) use up the available stock, without "
        "the receipts still to come.",
    )
    plan_cover = fields.Char(
        string="Cover by Plan",
        compute="_compute_plan_cover",
        help="Days until the requirements of the last MRP run use up the "
        "available stock.",
    )

    def _compute_plan_cover(self):
        """Walk each product's requirements of the last run, period by period
        from today, until they exceed the available stock (one query for the
        whole page)."""
        today = fields.Date.context_today(self)
        records = self.env["scrm.mrp.record"].search_fetch(
            [
                ("product_id", "in", self.product_id.ids),
                ("run_id.warehouse_id", "in", self.warehouse_id.ids),
            ],
            ["product_id", "run_id", "period_start", "gross_requirement"],
            order="product_id, period_start",
        )
        plans = defaultdict(list)
        for record in records:
            plans[record.product_id.id, record.run_id.warehouse_id.id].append(
                (record.period_start, record.gross_requirement)
            )
        for status in self:
            periods = plans.get((status.product_id.id, status.warehouse_id.id))
            if not periods:
                status.plan_cover_days = False
                status.plan_cover = self.env._("No plan yet")
                continue
            days, exhausted = self._scrm_cover(status.available, periods, today)
            status.plan_cover_days = days
            # Formatted outside the call: the .pot extractor evaluates the
            # arguments of _() and would skip the whole message.
            days_text = f"{days:.0f}"
            status.plan_cover = (
                self.env._("%(days)s days", days=days_text)
                if exhausted
                else self.env._(
                    "More than %(days)s days (plan horizon)", days=days_text
                )
            )

    def _scrm_cover(self, available, periods, today):
        """(days, exhausted): days from today until ``available`` runs out
        under the requirements ``[(period start, quantity)]``, spread evenly
        over each period (a period ends where the next starts; what the
        current period still needs is needed now)."""
        remaining = max(available, 0.0)
        days = 0.0
        step = periods[1][0] - periods[0][0] if len(periods) > 1 else timedelta(7)
        for index, (start, quantity) in enumerate(periods):
            end = periods[index + 1][0] if index + 1 < len(periods) else start + step
            if end <= today:
                continue
            length = (end - max(start, today)).days
            if quantity > remaining + 1e-9:
                if start <= today:
                    return days, True
                return days + length * remaining / quantity, True
            remaining -= quantity
            days += length
        return days, False

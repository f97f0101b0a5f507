"""Where and how much balancing may move: periods that can still be produced,
quantities in the product's own steps."""

import math
from datetime import datetime, time

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round, format_date


class ScrmMps(models.Model):
    _inherit = "scrm.mps"

    def _scrm_first_open_period(self, starts):
        """Index of the first period production can still be planned in: not a
        past one, nor the current one once its cut-off is passed (no working
        time of the company's calendar left in it)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        calendar = self.company_id.resource_calendar_id
        now = fields.Datetime.now()
        for index, start in enumerate(starts):
            end = self._period_end_of(start)
            if end <= today:
                continue
            if start > today or not calendar:
                return index
            tz = timezone(calendar.tz or "UTC")
            end_at = tz.localize(datetime.combine(end, time.min)).astimezone(utc)
            begin_at = utc.localize(now)
            if calendar.get_work_hours_count(begin_at, end_at, compute_leaves=True):
                return index
        return len(starts)

    def _scrm_balance_step(self, product):
        """The smallest quantity of ``product`` a move can carry: its lot
        multiple, else its unit's rounding, and whole pieces for products
        counted in units."""
        step = product.product_tmpl_id.scrm_lot_multiple or product.uom_id.rounding
        unit_category = self.env.ref("uom.product_uom_categ_unit", False)
        if product.uom_id.category_id == unit_category:
            step = max(step, 1.0)
        return step

    def _scrm_balance_quantity(self, product, wanted, movable):
        """``wanted`` rounded up to the product's step, at most what can move
        (rounded down to the step); 0 when not even one step can move."""
        step = self._scrm_balance_step(product)
        most = float_round(
            math.floor(movable / step + 1e-9) * step, precision_rounding=step
        )
        quantity = float_round(
            math.ceil(wanted / step - 1e-9) * step, precision_rounding=step
        )
        return min(quantity, most) if most > 0 else 0.0


class ScrmMpsBalance(models.Model):
    _inherit = "scrm.mps.balance"

    @api.constrains("quantity", "period_to", "state")
    def _check_producible(self):
        for move in self.filtered(lambda move: move.state == "proposed"):
            mps = move.mps_id
            starts = mps._period_starts()
            first_open = mps._scrm_first_open_period(starts)
            if move.period_to in starts and starts.index(move.period_to) < first_open:
                raise ValidationError(
                    self.env._(
                        "%(date)s can no longer be produced: move to a later period.",
                        date=format_date(self.env, move.period_to),
                    )
                )
            step = mps._scrm_balance_step(move.product_id)
            if float_compare(
                move.quantity, round(move.quantity / step) * step, precision_digits=6
            ):
                # Formatted outside the call: the .pot extractor evaluates the
                # arguments of _() and would skip the whole message.
                step_text = f"{step:g}"
                raise ValidationError(
                    self.env._(
                        "%(product)s moves in steps of %(step)s %(unit)s.",
                        product=move.product_id.display_name,
                        step=step_text,
                        unit=move.product_id.uom_id.name,
                    )
                )

"""How fresh each row of the time-phased plan is: the run that wrote it (a
full run or a net change, and when), and whether its product changed since
(marked, waiting for the next net change)."""

from odoo import fields, models
from odoo.tools import SQL


class ScrmMrpRecord(models.Model):
    _inherit = "scrm.mrp.record"

    planned_at = fields.Datetime(
        related="run_id.date_end",
        string="Planned At",
        help="When the run that wrote this row of the plan ended.",
    )
    planned_by = fields.Selection(
        related="run_id.mode",
        string="Planned By",
        help="A full (regenerative) run or a net change wrote this row.",
    )
    waiting_replan = fields.Boolean(
        string="Changed Since Planned",
        compute="_compute_waiting_replan",
        search="_search_waiting_replan",
        help="The product changed after this row was planned: the next net "
        "change (within minutes) replans it.",
    )

    def _dirty_pairs(self, company_ids):
        self.env.cr.execute(
            SQL(
                "SELECT company_id, product_id FROM scrm_mrp_dirty "
                "WHERE company_id = ANY(%s)",
                list(company_ids),
            )
        )
        return set(self.env.cr.fetchall())

    def _compute_waiting_replan(self):
        dirty = self._dirty_pairs(set(self.company_id.ids)) if self else set()
        for record in self:
            record.waiting_replan = (
                record.company_id.id,
                record.product_id.id,
            ) in dirty

    def _search_waiting_replan(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        products = [
            product for _company, product in self._dirty_pairs(self.env.companies.ids)
        ]
        wanted = value if operator == "=" else not value
        return [("product_id", "in" if wanted else "not in", products)]

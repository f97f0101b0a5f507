"""Excel export of customer profitability: every cell written as text or number,
never as a formula (scrm_base/tools/spreadsheet), which Odoo's own list export
does not guarantee for names typed by customers."""

import base64
import io

from odoo import _, api, fields, models

from odoo.addons.scrm_base.tools.spreadsheet import xlsx_workbook, xlsx_write

COLUMNS = (
    "date",
    "partner_id",
    "user_id",
    "revenue",
    "cost_of_goods",
    "gross_margin",
    "service_cost",
    "visit_cost",
    "expense_cost",
    "discount_cost",
    "return_cost",
    "late_payment_cost",
    "delivery_cost",
    "cost_to_serve",
    "net_contribution",
    "main_cost_driver",
)


class ScrmCustomerProfit(models.Model):
    _inherit = "scrm.customer.profit"

    @api.model
    def _xlsx_bytes(self, rows):
        buffer = io.BytesIO()
        workbook = xlsx_workbook(buffer)
        sheet = workbook.add_worksheet(_("Customer Profitability")[:31])
        bold = workbook.add_format({"bold": True})
        fields_info = self.fields_get(COLUMNS, ["string", "selection"])
        for column, name in enumerate(COLUMNS):
            xlsx_write(sheet, 0, column, fields_info[name]["string"], bold)
        drivers = dict(fields_info["main_cost_driver"]["selection"])
        for index, row in enumerate(rows, start=1):
            values = (
                fields.Date.to_string(row.date),
                row.partner_id.display_name or "",
                row.user_id.display_name or "",
                *(row[name] for name in COLUMNS[3:-1]),
                drivers.get(row.main_cost_driver, ""),
            )
            for column, value in enumerate(values):
                xlsx_write(sheet, index, column, value)
        workbook.close()
        return buffer.getvalue()

    def action_export_xlsx(self):
        """The selected rows (every row the user may read when none is
        selected) as an Excel file to download."""
        rows = self or self.search([])
        attachment = self.env["ir.attachment"].create(
            {
                "name": "customer_profitability.xlsx",
                "datas": base64.b64encode(self._xlsx_bytes(rows)),
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

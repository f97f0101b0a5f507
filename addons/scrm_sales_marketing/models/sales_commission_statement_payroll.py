# pylint: disable=consider-merging-classes-inherited
import base64
import io

import xlsxwriter

from odoo import models
from odoo.exceptions import UserError


class ScrmCommissionStatement(models.Model):
    _inherit = "scrm.commission.statement"

    def action_payroll_export(self):
        """An Excel file of settled employees' statements for payroll: one row per
        statement. Text cells are written as text, never as formulas. For who
        may write statements (a sales manager), as the menu entry: a
        salesperson calling it over RPC is refused."""
        self.check_access("write")
        statements = self.filtered(lambda s: s.user_id and s.state == "settled")
        if not statements:
            raise UserError(
                self.env._("Choose settled statements of employees to export.")
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Commissions for payroll.xlsx"),
                "datas": base64.b64encode(statements._scrm_payroll_xlsx()),
                "mimetype": (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _scrm_payroll_xlsx(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Commissions"))
        headers = [
            self.env._("Employee"),
            self.env._("Login"),
            self.env._("Plan"),
            self.env._("From"),
            self.env._("To"),
            self.env._("Commission"),
            self.env._("Currency"),
            self.env._("Entry"),
        ]
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header)
        for row, statement in enumerate(self.sorted(lambda s: s.user_id.name), start=1):
            texts = [
                statement.user_id.name,
                statement.user_id.login,
                statement.plan_id.name,
                str(statement.date_from),
                str(statement.date_to),
            ]
            for col, text in enumerate(texts):
                sheet.write_string(row, col, text or "")
            sheet.write_number(row, 5, statement.amount_total)
            sheet.write_string(row, 6, statement.currency_id.name)
            sheet.write_string(row, 7, statement.move_id.name or "")
        book.close()
        return buffer.getvalue()

import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import fields, models

from .scrm_mrp_result import PLAN_FIGURES

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScrmMps(models.Model):
    _inherit = "scrm.mps"  # pylint: disable=consider-merging-classes-inherited

    def action_export_plan_xlsx(self):
        """The time-phased plan and the planned orders as a planner reads them:
        one row per product and figure, one column per period."""
        self.ensure_one()
        # The schedule's own plan (another warehouse's schedule has its own).
        mine = [
            ("company_id", "=", self.company_id.id),
            ("mps_id", "in", [self.id, False]),
        ]
        records = self.env["scrm.mrp.record"].search(
            mine, order="product_id, period_start"
        )
        orders = self.env["scrm.mrp.planned.order"].search(
            [*mine, ("state", "=", "planned")]
        )
        buffer = io.BytesIO()
        # Product, vendor and BoM names are typed by people: written as text,
        # never as formulas or links (the same options as scrm_base's
        # spreadsheet helper, which this addon does not depend on).
        workbook = xlsxwriter.Workbook(
            buffer,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd", "bold": True})
        day_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        number = workbook.add_format({"num_format": "#,##0.00"})

        sheet = workbook.add_worksheet(self.env._("Time-phased plan"))
        periods = sorted(set(records.mapped("period_start")))
        column_of = {period: index + 2 for index, period in enumerate(periods)}
        sheet.write(0, 0, self.env._("Product"), bold)
        sheet.write(0, 1, self.env._("Figure"), bold)
        for period, column in column_of.items():
            sheet.write_datetime(
                0, column, fields.Datetime.to_datetime(period), date_format
            )
        by_product = defaultdict(list)
        for record in records:
            by_product[record.product_id].append(record)
        row = 1
        labels = [
            (fname, records._fields[fname].get_description(self.env)["string"])
            for fname in PLAN_FIGURES
        ]
        for product, product_records in by_product.items():
            for fname, label in labels:
                sheet.write(row, 0, product.display_name)
                sheet.write(row, 1, label)
                for record in product_records:
                    sheet.write_number(
                        row, column_of[record.period_start], record[fname], number
                    )
                row += 1
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 1, 20)
        sheet.freeze_panes(1, 2)

        sheet = workbook.add_worksheet(self.env._("Planned orders"))
        headers = [
            self.env._("Product"),
            self.env._("Quantity"),
            self.env._("Unit"),
            self.env._("Release"),
            self.env._("Due"),
            self.env._("Buy / Make"),
            self.env._("Vendor"),
            self.env._("Bill of Materials"),
            self.env._("Firm"),
            self.env._("Release late"),
        ]
        for column, header in enumerate(headers):
            sheet.write(0, column, header, bold)
        methods = dict(orders._fields["supply_method"]._description_selection(self.env))
        for row, order in enumerate(orders, start=1):
            sheet.write(row, 0, order.product_id.display_name)
            sheet.write_number(row, 1, order.quantity, number)
            sheet.write(row, 2, order.product_uom_id.name)
            sheet.write_datetime(
                row, 3, fields.Datetime.to_datetime(order.release_date), day_format
            )
            sheet.write_datetime(
                row, 4, fields.Datetime.to_datetime(order.due_date), day_format
            )
            sheet.write(row, 5, methods[order.supply_method])
            sheet.write(row, 6, order.vendor_id.display_name or "")
            sheet.write(row, 7, order.bom_id.display_name or "")
            sheet.write_boolean(row, 8, order.firm)
            sheet.write_boolean(row, 9, order.past_due)
        sheet.set_column(0, 0, 32)
        workbook.close()

        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name} - {fields.Date.context_today(self)}.xlsx",
                "datas": base64.b64encode(buffer.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

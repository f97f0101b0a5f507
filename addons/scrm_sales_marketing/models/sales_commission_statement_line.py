from odoo import fields, models


class ScrmCommissionStatementLine(models.Model):
    _name = "scrm.commission.statement.line"
    _description = "Commission Statement Line"
    _order = "date, id"

    statement_id = fields.Many2one(
        "scrm.commission.statement", required=True, ondelete="cascade", index=True
    )
    move_id = fields.Many2one("account.move", string="Invoice", index=True)
    move_line_id = fields.Many2one("account.move.line", string="Invoice Line")
    product_id = fields.Many2one("product.product")
    date = fields.Date()
    kind = fields.Selection(
        [
            ("invoice", "Invoice"),
            ("payment", "Payment"),
            ("refund", "Refund"),
            ("clawback", "Claw-back"),
        ],
        required=True,
    )
    rule_id = fields.Many2one("scrm.commission.rule")
    base = fields.Monetary()
    rate = fields.Float(string="Rate (%)", digits=(16, 4))
    amount = fields.Monetary()
    currency_id = fields.Many2one(related="statement_id.currency_id")
    credit_share = fields.Float(
        string="Credit (%)",
        digits=(5, 2),
        default=100.0,
        help="The part of the invoice line credited to this beneficiary: less "
        "than 100 when a service agent found the sale and shares it.",
    )

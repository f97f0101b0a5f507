from odoo import fields, models
from odoo.tools import SQL

# Defaults of the rates when nobody set them (config parameter missing).
DEFAULTS = {
    "scrm_analytics.service_rate": 40.0,
    "scrm_analytics.ticket_minutes": 30.0,
    "scrm_analytics.capital_rate": 8.0,
    "scrm_analytics.delivery_cost": 15.0,
    "scrm_analytics.months": 24.0,
    "scrm_analytics.tco_freight_percent": 5.0,
    "scrm_analytics.tco_quality_percent": 25.0,
    "scrm_analytics.tco_late_percent": 1.0,
    "scrm_analytics.tco_stockout_day_cost": 100.0,
    "scrm_analytics.payment_days": 30.0,
}


def setting_sql(key):
    """The rate `key` as an SQL expression, for the reports that are views: the value
    set in Settings, else its default, read by the view's own query."""
    return SQL(
        "COALESCE((SELECT NULLIF(value, '')::float FROM ir_config_parameter"
        " WHERE key = %s), %s)",
        key,
        DEFAULTS[key],
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    scrm_analytics_service_rate = fields.Float(
        string="Service Cost per Hour",
        config_parameter="scrm_analytics.service_rate",
        default=DEFAULTS["scrm_analytics.service_rate"],
        help="Cost of an hour of service for teams without a rate of their own.",
    )
    scrm_analytics_ticket_minutes = fields.Float(
        string="Handling Minutes per Ticket",
        config_parameter="scrm_analytics.ticket_minutes",
        default=DEFAULTS["scrm_analytics.ticket_minutes"],
        help="Time spent on a ticket besides its logged calls and visits.",
    )
    scrm_analytics_capital_rate = fields.Float(
        string="Cost of Capital (% per Year)",
        config_parameter="scrm_analytics.capital_rate",
        default=DEFAULTS["scrm_analytics.capital_rate"],
        help="What money owed past its due date costs the company per year.",
    )
    scrm_analytics_delivery_cost = fields.Float(
        string="Cost per Free Delivery",
        config_parameter="scrm_analytics.delivery_cost",
        default=DEFAULTS["scrm_analytics.delivery_cost"],
        help="What a delivery costs when the order did not charge shipping.",
    )
    scrm_analytics_shipping_product_id = fields.Many2one(
        "product.product",
        string="Shipping Product",
        config_parameter="scrm_analytics.shipping_product_id",
        help="An order with a priced line of this product paid its delivery.",
    )
    scrm_analytics_months = fields.Integer(
        string="Months of History",
        config_parameter="scrm_analytics.months",
        default=int(DEFAULTS["scrm_analytics.months"]),
        help="How many months back profitability and needs are computed.",
    )
    scrm_analytics_tco_freight_percent = fields.Float(
        string="Freight and Duty (%)",
        config_parameter="scrm_analytics.tco_freight_percent",
        default=DEFAULTS["scrm_analytics.tco_freight_percent"],
        help="Landed cost on top of the purchase price, in percent, for vendor "
        "prices without a landed cost of their own.",
    )
    scrm_analytics_tco_quality_percent = fields.Float(
        string="Cost of a Reject (% of its Value)",
        config_parameter="scrm_analytics.tco_quality_percent",
        default=DEFAULTS["scrm_analytics.tco_quality_percent"],
        help="What handling, inspecting and replacing goods returned to the "
        "vendor costs, in percent of their purchase value.",
    )
    scrm_analytics_tco_late_percent = fields.Float(
        string="Cost of Lateness (% of Value per Day)",
        config_parameter="scrm_analytics.tco_late_percent",
        default=DEFAULTS["scrm_analytics.tco_late_percent"],
        help="What a day of delay of a receipt costs (expedites, stock-outs, late "
        "customer orders), in percent of the value of the goods received late.",
    )
    scrm_analytics_tco_stockout_day_cost = fields.Float(
        string="Cost of a Stock-out (per Day)",
        config_parameter="scrm_analytics.tco_stockout_day_cost",
        default=DEFAULTS["scrm_analytics.tco_stockout_day_cost"],
        help="What a day costs when a manufacturing order waits for a "
        "supplier's late receipt (idle capacity, rescheduling, late customer "
        "orders).",
    )
    scrm_analytics_payment_days = fields.Integer(
        string="Standard Payment Days",
        config_parameter="scrm_analytics.payment_days",
        default=int(DEFAULTS["scrm_analytics.payment_days"]),
        help="The days to pay the company's suppliers normally get. Shorter "
        "payment terms cost the cost of capital on the amount for the days "
        "paid sooner.",
    )

from . import sales_forecast_line, sales_forecast_period

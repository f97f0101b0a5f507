from . import rate_limit, spreadsheet, tz, uploads, validation

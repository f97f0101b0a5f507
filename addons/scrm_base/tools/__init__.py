from . import rate_limit, spreadsheet, uploads, validation

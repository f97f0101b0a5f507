from . import spreadsheet, tz, uploads, validation
from . import rate_limit, spreadsheet, uploads, validation

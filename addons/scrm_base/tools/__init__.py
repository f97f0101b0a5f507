from . import spreadsheet, tz, uploads, validation

from . import spreadsheet, uploads, validation

"""Cells of the CSV and Excel downloads of the SCRM addons: what a customer or
supplier typed is written as text, never as a formula (CSV injection, also
called formula injection).

- ``csv_cell``/``csv_row``: a text cell that a spreadsheet would read as a
  formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return) gets a leading apostrophe, the marker spreadsheets read as "text".
- ``xlsx_workbook``: an xlsxwriter workbook that never turns strings into
  formulas or links; ``xlsx_write`` writes a string as a string cell.
"""

import csv
import io
import numbers

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` as a CSV cell: numbers unchanged, text that would start a
    formula prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values):
    return [csv_cell(value) for value in values]


def csv_bytes(header, rows):
    """The UTF-8 CSV of ``header`` and ``rows``, every cell through
    ``csv_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return buffer.getvalue().encode()


def xlsx_workbook(buffer):
    """An in-memory workbook on ``buffer`` that writes strings as strings."""
    return xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )


def xlsx_write(sheet, row, column, value, cell_format=None):
    """Write ``value``: a string always as a string cell (``write_string``),
    whatever it starts with; numbers as numbers; anything else as xlsxwriter
    writes it."""
    if isinstance(value, str):
        return sheet.write_string(row, column, value, cell_format)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return sheet.write_number(row, column, value, cell_format)
    return sheet.write(row, column, value, cell_format)

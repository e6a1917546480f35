"""Text in spreadsheet cells is text, never a formula (OWASP "CSV injection").

A value people typed (an applicant's name, a revocation reason, a letter kind) that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return would be taken by Excel or LibreOffice as a formula: `=HYPERLINK(...)` as a
live link, worse with DDE. Every export writes such a value as a string cell with Excel's quote prefix (the
`'` a user types to mean "this is text"), so the sheet shows exactly what was typed and editing the cell keeps it
text. Other values go through as they are (openpyxl types dates and numbers itself)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(sheet, value: Any) -> Any:
    """What to append to `sheet` (write-only or not) for `value`: a text cell for a string that would start a
    formula, the value itself otherwise."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl makes "=..." a formula; this keeps it the string it is
        cell.quotePrefix = True
        return cell
    return value


def safe_row(sheet, values) -> list[Any]:
    """A row for `sheet.append` with every value through `cell_value`."""
    return [cell_value(sheet, value) for value in values]

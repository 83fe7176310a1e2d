"""Tables for the clerks: CSV (UTF-8 with a BOM, so Excel on a Chinese Windows
desktop opens it) or XLSX, with Chinese column headers; money in yuan with two
decimals, converted from fen exactly.

In an XLSX file money is a number formatted `#,##0.00`, a date a date, a
`Ratio` a percentage; the header is bold, frozen and filtered, and the columns
are as wide as what they hold. Totals rows follow the lines (in bold, outside
the filter, so sorting the lines leaves them at the bottom)."""

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
DAY = "yyyy-mm-dd"
PERCENT = "0.00%"
SHEET_NAME_CHARS = 31  # Excel's limit
WIDEST = 60


class Ratio(Decimal):
    """A ratio: a percentage in a spreadsheet, four decimals in CSV."""


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    totals: Sequence[Sequence[Any]] = (),
    title: str = "",
    sheet: str = "",
) -> None:
    """`title`: a line above the header (XLSX only); `sheet`: the sheet's
    name (at most 31 characters)."""
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, headers, rows, totals, title, sheet)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in (*rows, *totals):
            writer.writerow(_csv(v) for v in row)


def _csv(value: Any) -> Any:
    if isinstance(value, Ratio):
        return f"{value:.4f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    totals: Sequence[Sequence[Any]],
    title: str,
    sheet_name: str,
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (sheet_name or title or "Sheet1")[:SHEET_NAME_CHARS]
    if title:
        sheet.append((title,))
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    header_row = 2 if title else 1
    sheet.append(tuple(headers))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    widths = [_width(h) for h in headers]

    def append(row: Sequence[Any], bold: bool = False) -> None:
        sheet.append(tuple(row))
        for i, value in enumerate(row):
            cell = sheet.cell(row=sheet.max_row, column=i + 1)
            if isinstance(value, Ratio):
                cell.number_format = PERCENT
            elif isinstance(value, Decimal):
                cell.number_format = MONEY
            elif isinstance(value, date):
                cell.number_format = DAY
            if bold:
                cell.font = Font(bold=True)
            if i < len(widths):
                widths[i] = max(widths[i], _width(_csv(value)))

    for row in rows:
        append(row)
    last_line = sheet.max_row
    for row in totals:
        append(row, bold=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, WIDEST)
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(last_line, header_row)}"
    book.save(path)


def _width(value: Any) -> int:
    """Characters a column needs for the value: two for a Chinese one."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

"""Writes 昌宁镇花名册.xlsx from 昌宁镇花名册.csv: the same people, as a
township clerk's workbook (a title line above the header, the ID numbers as
text so that Excel keeps all 18 characters).

    .venv/bin/python examples/make_roster_xlsx.py

tests/e2e/test_readme_journey.py checks that the committed workbook holds
what this script writes.
"""

import csv
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
CSV = HERE / "昌宁镇花名册.csv"
XLSX = HERE / "昌宁镇花名册.xlsx"
TITLE = "乡宁县2024年度农村居民小额意外保险 昌宁镇花名册"


def make(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for row in rows:
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for (cell,) in sheet.iter_rows(min_row=3, max_col=1):
        cell.number_format = "@"  # text: a number would keep only 15 digits
    for column, width in zip("ABCDEF", (22, 10, 10, 10, 10, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    book.save(target)


if __name__ == "__main__":
    make(CSV, Path(sys.argv[1]) if len(sys.argv) > 1 else XLSX)

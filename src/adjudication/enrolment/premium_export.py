"""The premium statement as the county finance bureau's clerks read it: one line
per township, Chinese column headers, yuan with two decimals, and a total."""

import csv
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from adjudication.enrolment_application import PremiumLine

HEADERS = ("乡镇", "参保人数", "保费(元)")
TOTAL = "合计"


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def _rows(lines: Sequence[PremiumLine]) -> list[tuple[str, int, Decimal]]:
    rows = [(x.township, x.insured, _yuan(x.premium_fen)) for x in lines]
    rows.append(
        (
            TOTAL,
            sum(x.insured for x in lines),
            _yuan(sum(x.premium_fen for x in lines)),
        )
    )
    return rows


def write_csv(lines: Sequence[PremiumLine], path: Path) -> None:
    # UTF-8 with a BOM: Excel on a clerk's Windows desktop opens it correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for township, insured, premium in _rows(lines):
            writer.writerow((township, insured, f"{premium:.2f}"))


def write_xlsx(
    lines: Sequence[PremiumLine], path: Path, scheme_id: str, as_of: date
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "保费结算"
    sheet.append((f"{scheme_id} 保费结算表（截至 {as_of.isoformat()}）",))
    sheet.append(HEADERS)
    for township, insured, premium in _rows(lines):
        sheet.append((township, insured, premium))
        sheet.cell(row=sheet.max_row, column=3).number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["C"].width = 16
    book.save(path)

"""Tables for the clerks: CSV (UTF-8 with a BOM, so Excel on a Chinese Windows
desktop opens it) or XLSX, with Chinese column headers; money in yuan with two
decimals, converted from fen exactly."""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
) -> None:
    if path.suffix.lower() == ".xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31] or "Sheet1")
        if title:
            sheet.append((title,))
        sheet.append(tuple(headers))
        for row in rows:
            sheet.append(tuple(row))
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(f"{v:.2f}" if isinstance(v, Decimal) else v for v in row)

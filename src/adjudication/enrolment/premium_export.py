"""The premium statement as the county finance bureau's clerks read it: one line
per township, Chinese column headers, yuan with two decimals, and a total."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from adjudication.adapters.tables import write_table, yuan
from adjudication.enrolment.premium_statement import PremiumLine

HEADERS = ("乡镇", "参保人数", "保费(元)")
TOTAL = "合计"


def _rows(lines: Sequence[PremiumLine]) -> list[tuple[Any, ...]]:
    return [(x.township, x.insured, yuan(x.premium_fen)) for x in lines]


def _total(lines: Sequence[PremiumLine]) -> list[tuple[Any, ...]]:
    insured = sum(x.insured for x in lines)
    return [(TOTAL, insured, yuan(sum(x.premium_fen for x in lines)))]


def write_csv(lines: Sequence[PremiumLine], path: Path) -> None:
    write_table(path, HEADERS, _rows(lines), _total(lines))


def write_xlsx(
    lines: Sequence[PremiumLine], path: Path, scheme_id: str, as_of: date
) -> None:
    title = f"{scheme_id} 保费结算表（截至 {as_of.isoformat()}）"
    rows, total = _rows(lines), _total(lines)
    write_table(path, HEADERS, rows, total, title=title, sheet="保费结算表")

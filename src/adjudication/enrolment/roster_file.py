"""Township rosters as files (花名册): reading CSV and XLSX files row by row,
each row by its canonical fields, for `domain.roster_rows` to check.

Everything streams: a file is never loaded whole. Row numbers are the ones a
clerk sees in a spreadsheet: the header is row 1.
"""

import codecs
import csv
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from openpyxl import load_workbook

from adjudication.domain.roster_rows import FIELD_LABELS, REQUIRED_COLUMNS, RawRow

FIELDS = (
    "resident_id_number",
    "name",
    "township",
    "village",
    "registration",
    "employer_sector",
)

# header text (after NFKC, without spaces, lower-cased) -> canonical field
HEADERS: dict[str, str] = {
    "resident_id_number": "resident_id_number",
    "身份证号": "resident_id_number",
    "身份证号码": "resident_id_number",
    "公民身份号码": "resident_id_number",
    "name": "name",
    "姓名": "name",
    "township": "township",
    "乡镇": "township",
    "乡(镇)": "township",
    "village": "village",
    "村": "village",
    "行政村": "village",
    "村委会": "village",
    "registration": "registration",
    "户籍类型": "registration",
    "户口性质": "registration",
    "employer_sector": "employer_sector",
    "工作单位类型": "employer_sector",
    "单位性质": "employer_sector",
    "从业类型": "employer_sector",
}

_CHUNK = 1 << 16
_SNIFF = 64 * 1024
_HEADER_SEARCH_ROWS = 10  # a title row or two may come before the header


class RosterFileError(Exception):
    """The file as a whole cannot be read as a roster."""


@dataclass(frozen=True)
class Layout:
    """The columns of a kind of file: header texts (after NFKC, without spaces,
    lower-cased) to canonical fields, the required ones, and their labels."""

    headers: dict[str, str]
    required: tuple[str, ...]
    labels: dict[str, str]


ROSTER = Layout(HEADERS, REQUIRED_COLUMNS, FIELD_LABELS)


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_rows(path: Path, layout: Layout | None = None) -> Iterator[RawRow]:
    """The non-empty rows after the header, one at a time (a roster's columns
    unless another layout is given)."""
    layout = layout or ROSTER
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _rows(_csv_cells(path), layout)
    if suffix == ".xlsx":
        return _rows(_xlsx_cells(path), layout)
    raise RosterFileError(
        f"{path.name}: a roster must be a .csv or .xlsx file (Excel: 另存为 .xlsx)"
    )


# -- reading cells -------------------------------------------------------------

# a row of cell texts, with the indexes of inexact (floating-point) cells
_Cells = tuple[list[str], frozenset[int]]


def _rows(cells: Iterator[_Cells], layout: Layout) -> Iterator[RawRow]:
    columns: dict[int, str] | None = None
    best: dict[int, str] | None = None  # most recognised columns before the header
    for row_number, (texts, inexact) in enumerate(cells, start=1):
        if not any(texts):
            continue
        if columns is None:
            found = _columns(texts, layout)
            if all(name in found.values() for name in layout.required):
                columns = found
            elif row_number >= _HEADER_SEARCH_ROWS:
                break
            elif best is None or len(found) > len(best):
                best = found
            continue
        fields = {name: texts[i] for i, name in columns.items() if i < len(texts)}
        if not any(fields.values()):
            continue
        if inexact:
            yield RawRow(
                row_number,
                fields,
                frozenset(name for i, name in columns.items() if i in inexact),
            )
        else:
            yield RawRow(row_number, fields)
    if columns is None:
        if best is None:
            raise RosterFileError("the file has no header row")
        missing = [n for n in layout.required if n not in best.values()]
        raise RosterFileError(
            "the header row has no column "
            + ", ".join(layout.labels[n] for n in missing)
        )


def _columns(header: list[str], layout: Layout) -> dict[int, str]:
    """Column index -> canonical field; the first of two same columns wins."""
    columns: dict[int, str] = {}
    for i, text in enumerate(header):
        key = unicodedata.normalize("NFKC", text).replace(" ", "").lower()
        name = layout.headers.get(key)
        if name is not None and name not in columns.values():
            columns[i] = name
    return columns


def _csv_cells(path: Path) -> Iterator[_Cells]:
    encoding = _csv_encoding(path)
    no_inexact: frozenset[int] = frozenset()
    with path.open(encoding=encoding, newline="") as f:
        try:
            for record in csv.reader(f):
                yield [text.strip() for text in record], no_inexact
        except UnicodeDecodeError as e:
            raise RosterFileError(
                f"{path.name} is neither UTF-8 nor GB18030 text: {e.reason}"
            ) from e
        except csv.Error as e:
            raise RosterFileError(f"{path.name} is not a CSV file: {e}") from e


def _csv_encoding(path: Path) -> str:
    """utf-8-sig, unless the file is not UTF-8; then GB18030 (Excel's "CSV"
    on Chinese Windows). The whole file is checked, a block at a time: a roster
    may begin with pages of ASCII before its first Chinese text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while block := f.read(_SNIFF):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def _xlsx_cells(path: Path) -> Iterator[_Cells]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise RosterFileError(f"{path.name} is not an .xlsx workbook: {e}") from e
    try:
        if not workbook.worksheets:
            raise RosterFileError(f"{path.name} has no worksheet")
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers record wrong dimensions
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                values = next(rows, None)
            except Exception as e:  # a truncated or damaged part, read lazily
                raise RosterFileError(
                    f"{path.name} is a damaged .xlsx workbook: {type(e).__name__}"
                ) from e
            if values is None:
                break
            yield _texts(values)
    finally:
        workbook.close()


def _texts(values: Iterable[object]) -> _Cells:
    texts: list[str] = []
    inexact: set[int] = set()
    for i, value in enumerate(values):
        if isinstance(value, float):
            if value.is_integer():
                inexact.add(i)
                texts.append(str(int(value)))
            else:
                texts.append(repr(value))
        elif isinstance(value, datetime):
            texts.append(
                value.date().isoformat() if value.time() == time() else str(value)
            )
        elif value is None:
            texts.append("")
        else:
            texts.append(str(value).strip())
    return texts, frozenset(inexact)

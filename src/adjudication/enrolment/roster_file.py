"""Township rosters as files (花名册): reading CSV and XLSX files row by row and
checking each row against the scheme's rules on who is insured.

Everything streams: a file is never loaded whole, and nothing is kept from row
to row (a number twice in the file is found when enrolling, in the store).
Row numbers are the ones a clerk sees in a spreadsheet: the header is row 1.
"""

import codecs
import csv
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from adjudication.domain import masking
from adjudication.domain.calendar import CST
from adjudication.domain.resident_id import normalise, problem_with

FIELDS = (
    "resident_id_number",
    "name",
    "township",
    "village",
    "registration",
    "employer_sector",
)
REQUIRED_COLUMNS = ("resident_id_number", "name", "registration")

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

REGISTRATIONS: dict[str, str] = {
    "农业": "RURAL",
    "农村": "RURAL",
    "农业户口": "RURAL",
    "RURAL": "RURAL",
    "非农业": "URBAN",
    "城镇": "URBAN",
    "非农业户口": "URBAN",
    "URBAN": "URBAN",
}

PUBLIC_SECTOR_WORDS = ("机关", "事业单位")
PUBLIC_SECTOR_CODES = ("GOVERNMENT", "PUBLIC_INSTITUTION")

# reason codes of a rejected row (a number twice in a file is found by the
# store: domain.roster_rows)
MISSING_FIELD = "MISSING_FIELD"
INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
URBAN_REGISTRATION = "URBAN_REGISTRATION"
PUBLIC_SECTOR_STAFF = "PUBLIC_SECTOR_STAFF"
TOWNSHIP_MISMATCH = "TOWNSHIP_MISMATCH"
# warning codes of an accepted row
REGION_CODE_UNKNOWN = "REGION_CODE_UNKNOWN"

_NORMAL = re.compile(r"[0-9X]+")  # normalise() leaves these as they are
_CHUNK = 1 << 16
_SNIFF = 64 * 1024
_HEADER_SEARCH_ROWS = 10  # a title row or two may come before the header
_FIELD_LABELS = {
    "resident_id_number": "身份证号码 (resident_id_number)",
    "name": "姓名 (name)",
    "township": "乡镇 (township)",
    "village": "村 (village)",
    "registration": "户籍类型 (registration)",
    "employer_sector": "工作单位类型 (employer_sector)",
}


class RosterFileError(Exception):
    """The file as a whole cannot be read as a roster."""


@dataclass(frozen=True)
class Layout:
    """The columns of a kind of file: header texts (after NFKC, without spaces,
    lower-cased) to canonical fields, the required ones, and their labels."""

    headers: dict[str, str]
    required: tuple[str, ...]
    labels: dict[str, str]


ROSTER = Layout(HEADERS, REQUIRED_COLUMNS, _FIELD_LABELS)


@dataclass(frozen=True)
class RawRow:
    """One non-empty row of a roster file, by canonical field name.

    `inexact` names the fields whose spreadsheet cell held a floating-point
    number: Excel keeps 15 significant digits, so an 18-digit ID number
    stored that way has lost digits."""

    row_number: int
    fields: dict[str, str]
    inexact: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RowWarning:
    row_number: int
    code: str
    detail: str


@dataclass(frozen=True)
class RosterRow:
    """An accepted row; its warnings are for the confirmation step."""

    row_number: int
    resident_id_number: str
    name: str
    township: str
    village: str
    registration: str
    employer_sector: str
    warnings: tuple[RowWarning, ...] = ()


@dataclass(frozen=True)
class RowRejection:
    row_number: int
    reason_code: str
    detail: str
    resident_id_number: str


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


class RowValidator:
    """Checks each row of one township's roster on its own. A number found
    twice in the file is told by the enrolment, which knows the row that
    enrolled it: the validator keeps nothing from row to row."""

    def __init__(self, township: str, today: date | None = None) -> None:
        self.township = township.strip()
        self.today = today or datetime.now(CST).date()

    def check(self, raw: RawRow) -> RosterRow | RowRejection:
        f = raw.fields
        given_id = f.get("resident_id_number", "")
        if not given_id.isascii():  # clerks type full-width digits (１４１０…)
            given_id = unicodedata.normalize("NFKC", given_id)
        # most numbers are already in normal form; normalise() is slow
        number = given_id if _NORMAL.fullmatch(given_id) else normalise(given_id)

        def reject(code: str, detail: str) -> RowRejection:
            shown = (
                masking.resident_id(number)
                if len(number) == 18
                else (masking.partial(given_id))
            )
            return RowRejection(raw.row_number, code, detail, shown)

        for name in REQUIRED_COLUMNS:
            if not f.get(name):
                return reject(MISSING_FIELD, f"{_FIELD_LABELS[name]} is empty")
        if "resident_id_number" in raw.inexact and len(number) > 15:
            return reject(
                INVALID_ID_NUMBER,
                "the ID number is stored as a number, and the spreadsheet kept "
                "only 15 digits of it: format the column as text and type the "
                "number again",
            )
        if problem := problem_with(number, self.today):
            return reject(INVALID_ID_NUMBER, f"ID number: {problem}")
        township = f.get("township", "")
        if township and township != self.township:
            return reject(
                TOWNSHIP_MISMATCH,
                f"row is for {township}, the roster is for {self.township}",
            )
        registration = REGISTRATIONS.get(f["registration"].upper())
        if registration is None:
            return reject(
                MISSING_FIELD,
                f"{_FIELD_LABELS['registration']} {f['registration']!r} is neither "
                "农业户口 (RURAL) nor 非农业户口 (URBAN)",
            )
        if registration == "URBAN":
            return reject(
                URBAN_REGISTRATION,
                f"household registration is {f['registration']}: only rural "
                "residents are insured",
            )
        sector = f.get("employer_sector", "")
        if sector.upper() in PUBLIC_SECTOR_CODES or any(
            word in sector for word in PUBLIC_SECTOR_WORDS
        ):
            return reject(
                PUBLIC_SECTOR_STAFF,
                f"works in {sector}: staff of government organs and public "
                "institutions (机关事业单位工作人员) are not insured",
            )
        warnings: tuple[RowWarning, ...] = ()
        if not _region_in_force(number[:6], number[6:10]):
            warnings = (
                RowWarning(
                    raw.row_number,
                    REGION_CODE_UNKNOWN,
                    f"region code {number[:6]} is unknown or was not in force in "
                    "the birth year; the police confirm the registration",
                ),
            )
        return RosterRow(
            raw.row_number,
            number,
            f["name"],
            township or self.township,
            f.get("village", ""),
            registration,
            sector,
            warnings,
        )


@functools.lru_cache(maxsize=8192)
def _region_in_force(region: str, birth_year: str) -> bool:
    """Whether stdnum knows the region code as in force in the birth year: its
    validate() on a number with that region and year and valid other parts."""
    number = region + birth_year + "0101000"
    try:
        ric.validate(number + ric.calc_check_digit(number + "0"))
    except ValidationError:
        return False
    return True


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
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers record wrong dimensions
        for values in sheet.iter_rows(values_only=True):
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

"""A township roster's rows (花名册) and who they insure.

Each row is checked on its own against the scheme's rules on who is insured
(rural household registration, not staff of government organs or public
institutions, a valid ID number, the roster's township); nothing is kept from
row to row. Then, when enrolling, the accepted rows are sorted against who is
enrolled already: enrolled anew, enrolled by an earlier, interrupted run of the
same file, enrolled in this township already (unchanged), or refused: the same
ID number earlier in the same file, or enrolled through another township.
Row numbers are the ones a clerk sees in a spreadsheet: the header is row 1.
"""

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from adjudication.domain import masking
from adjudication.domain.enrolment import Insured, RowOutcome
from adjudication.domain.resident_id import normalise, problem_with

REQUIRED_COLUMNS = ("resident_id_number", "name", "registration")
FIELD_LABELS = {
    "resident_id_number": "身份证号码 (resident_id_number)",
    "name": "姓名 (name)",
    "township": "乡镇 (township)",
    "village": "村 (village)",
    "registration": "户籍类型 (registration)",
    "employer_sector": "工作单位类型 (employer_sector)",
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

# reason codes of a rejected row
MISSING_FIELD = "MISSING_FIELD"
INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
URBAN_REGISTRATION = "URBAN_REGISTRATION"
PUBLIC_SECTOR_STAFF = "PUBLIC_SECTOR_STAFF"
TOWNSHIP_MISMATCH = "TOWNSHIP_MISMATCH"
DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"  # found when enrolling: triage()
ENROLLED_ELSEWHERE = "ENROLLED_ELSEWHERE"
# warning codes of an accepted row
REGION_CODE_UNKNOWN = "REGION_CODE_UNKNOWN"

_NORMAL = re.compile(r"[0-9X]+")  # normalise() leaves these as they are


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


class RowValidator:
    """Checks each row of one township's roster on its own. A number found
    twice in the file is told by the enrolment, which knows the row that
    enrolled it: the validator keeps nothing from row to row."""

    def __init__(self, township: str, today: date) -> None:
        self.township = township.strip()
        self.today = today

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
                return reject(MISSING_FIELD, f"{FIELD_LABELS[name]} is empty")
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
                f"{FIELD_LABELS['registration']} {f['registration']!r} is neither "
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


class Enrolee(Protocol):
    @property
    def row_number(self) -> int: ...

    @property
    def resident_id_number(self) -> str: ...


E = TypeVar("E", bound=Enrolee)


@dataclass
class Triage(Generic[E]):
    new: list[E] = field(default_factory=list)
    resumed: int = 0
    unchanged: int = 0
    refused: list[RowOutcome] = field(default_factory=list)


def triage(
    rows: Sequence[E],
    find: Callable[[str], Insured | None],
    submission_id: UUID,
    township: str,
) -> Triage[E]:
    """Sort the rows by whom `find` finds enrolled (a row earlier in `rows` to
    enrol anew counts as enrolled by this file)."""
    result: Triage[E] = Triage()
    first_row: dict[str, int] = {}
    for row in rows:
        number = row.resident_id_number
        if number in first_row:
            result.refused.append(_repeat(row, first_row[number]))
            continue
        existing = find(number)
        if existing is None:
            first_row[number] = row.row_number
            result.new.append(row)
        elif existing.submission_id != submission_id:
            if existing.township == township:
                result.unchanged += 1
            else:
                result.refused.append(
                    RowOutcome(
                        row.row_number,
                        ENROLLED_ELSEWHERE,
                        f"already enrolled through {existing.township}",
                        masking.resident_id(number),
                    )
                )
        elif existing.row_number == row.row_number:
            result.resumed += 1
        else:
            result.refused.append(_repeat(row, existing.row_number))
    return result


def _repeat(row: Enrolee, first: int) -> RowOutcome:
    return RowOutcome(
        row.row_number,
        DUPLICATE_IN_FILE,
        f"same ID number as row {first}",
        masking.resident_id(row.resident_id_number),
    )

"""A roster's rows against who is enrolled already: a row is enrolled anew,
was enrolled by an earlier, interrupted run of the same file, is enrolled in
this township already (unchanged), or is refused: the same ID number earlier in
the same file, or enrolled through another township."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from adjudication.domain import masking
from adjudication.domain.enrolment import Insured, RowOutcome

DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
ENROLLED_ELSEWHERE = "ENROLLED_ELSEWHERE"


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

"""The public security bureau's answers (户籍核查结果) applied to the insured's
records, one batch at a time: who is confirmed, who was not found, whose cover
ended with a death or a move, and the lines refused."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from adjudication.domain import masking
from adjudication.domain.enrolment import Insured, RegistrationCheck
from adjudication.domain.errors import DomainError


@dataclass(frozen=True)
class RegistrationEntry:
    """One line of the police's answer."""

    resident_id_number: str
    result: RegistrationCheck
    event_date: date | None = None  # the day of death or of the move


@dataclass(frozen=True)
class CheckSummary:
    applied: int
    unchanged: int
    not_enrolled: tuple[str, ...]  # masked ID numbers
    refused: tuple[tuple[str, str], ...]  # (masked ID number, why)

    def __add__(self, other: "CheckSummary") -> "CheckSummary":
        return CheckSummary(
            self.applied + other.applied,
            self.unchanged + other.unchanged,
            self.not_enrolled + other.not_enrolled,
            self.refused + other.refused,
        )


def answer(
    entries: Iterable[RegistrationEntry],
    find: Callable[[str], Insured | None],
    coverage_start: date,
    checked_on: date,
    source: str,
) -> tuple[CheckSummary, list[Insured]]:
    """Apply the answers to the records `find` gives; what happened, and the
    records to save. A person listed twice is answered twice on one record."""
    records: dict[str, Insured] = {}
    applied = unchanged = 0
    not_enrolled: list[str] = []
    refused: list[tuple[str, str]] = []
    for entry in entries:
        number = entry.resident_id_number
        insured = records.get(number) or find(number)
        masked = masking.resident_id(number)
        if insured is None:
            not_enrolled.append(masked)
            continue
        records[number] = insured
        before = len(insured.pending_events)
        try:
            insured.check_registration(
                entry.result, checked_on, coverage_start, entry.event_date, source
            )
        except DomainError as e:  # a refusal of this one line
            refused.append((masked, str(e)))
            continue
        if len(insured.pending_events) > before:
            applied += 1
        else:
            unchanged += 1
    summary = CheckSummary(applied, unchanged, tuple(not_enrolled), tuple(refused))
    return summary, list(records.values())

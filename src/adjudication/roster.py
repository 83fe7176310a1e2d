"""A small in-memory roster behind the eligibility interface, until enrolment
lands: who is covered from when to when."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from adjudication.domain.eligibility import Eligibility


@dataclass(frozen=True)
class Enrolment:
    covered_from: date
    covered_until: date | None = None  # the last day of cover, e.g. the death date


class InMemoryRoster:
    def __init__(self) -> None:
        self._enrolments: dict[str, Enrolment] = {}

    def enrol(
        self,
        resident_id_number: str,
        covered_from: date,
        covered_until: date | None = None,
    ) -> None:
        self._enrolments[resident_id_number] = Enrolment(covered_from, covered_until)

    def eligibility(self, resident_id_number: str, on: date) -> Eligibility:
        enrolment = self._enrolments.get(resident_id_number)
        if enrolment is None or on < enrolment.covered_from:
            return Eligibility(
                False, "NOT_ENROLLED", f"not enrolled in the scheme on {on}"
            )
        if enrolment.covered_until is not None and on > enrolment.covered_until:
            return Eligibility(
                False,
                "COVERAGE_ENDED",
                f"cover ended on {enrolment.covered_until}",
            )
        return Eligibility(True)


def load_roster_csv(path: Path) -> InMemoryRoster:
    """A roster file until enrolment lands: resident_id_number, covered_from
    and an optional covered_until (ISO dates) per line, with a header line."""
    roster = InMemoryRoster()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            until = (row.get("covered_until") or "").strip()
            roster.enrol(
                row["resident_id_number"].strip(),
                date.fromisoformat(row["covered_from"].strip()),
                date.fromisoformat(until) if until else None,
            )
    return roster

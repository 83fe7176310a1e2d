"""A small in-memory roster behind the eligibility interface, for tests: who
is covered from when to when."""

from dataclasses import dataclass
from datetime import date

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

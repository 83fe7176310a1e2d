"""Enrolment: who is insured in a scheme year, and from when to when.

A township submits a roster of its rural residents; the public security bureau
confirms each household registration; only confirmed persons are covered, from
the start of the scheme year until its end, or until the day of their death or
move out of the county (cover ends from the day after). Every step is an event
of the person's `Insured` record, so a person's coverage history replays like a
claim's.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from adjudication.domain.eligibility import Eligibility
from adjudication.domain.errors import StateForbids

SUBMISSIONS = uuid5(NAMESPACE_URL, "urn:adjudication:roster-submission")


class RegistrationCheck(StrEnum):
    """The public security bureau's answer for one person (户籍核查结果)."""

    CONFIRMED = "CONFIRMED"
    NOT_FOUND = "NOT_FOUND"
    DECEASED = "DECEASED"
    MOVED_OUT = "MOVED_OUT"


class Registration(StrEnum):
    PENDING = "PENDING"  # not yet confirmed by the police
    CONFIRMED = "CONFIRMED"
    NOT_FOUND = "NOT_FOUND"


class Insured(Aggregate):
    """One person enrolled in one scheme year."""

    @event("Enrolled")
    def __init__(
        self,
        id: UUID,
        scheme_id: str,
        resident_id_number: str,
        name: str,
        township: str,
        village: str,
        submission_id: UUID,
        row_number: int = 0,
    ) -> None:
        self.scheme_id = scheme_id
        self.resident_id_number = resident_id_number
        self.name = name
        self.township = township
        self.village = village
        self.submission_id = submission_id
        self.row_number = row_number  # of the roster that enrolled them
        self.registration = Registration.PENDING
        self.confirmed_on: date | None = None
        self.covered_until: date | None = None  # the last day of cover, if ended
        self.cover_end_reason: str | None = None

    def check_registration(
        self,
        result: RegistrationCheck,
        checked_on: date,
        coverage_start: date,
        event_date: date | None = None,
        source: str = "",
    ) -> None:
        """Apply the police's answer. `event_date`: the day of death or move;
        for a confirmation or a registration not found, the day the bureau
        answered (the file's 日期), else the day it is applied, `checked_on`."""
        if result in (RegistrationCheck.DECEASED, RegistrationCheck.MOVED_OUT):
            if event_date is None:
                raise StateForbids(f"{result} needs its date", "DATE_REQUIRED")
            if self.registration != Registration.CONFIRMED and event_date >= (
                coverage_start
            ):
                # Registered until then: covered from the start of the year.
                self._confirmed(checked_on, source)
            if self.covered_until is None or event_date < self.covered_until:
                self._cover_ended(str(result), event_date, source)
        elif result == RegistrationCheck.CONFIRMED:
            if self.registration != Registration.CONFIRMED:
                self._confirmed(_answered_on(event_date, checked_on), source)
        elif self.registration == Registration.PENDING:
            self._not_found(_answered_on(event_date, checked_on), source)
        else:
            raise StateForbids(
                f"registration is already {self.registration}", "ALREADY_CHECKED"
            )

    @event("RegistrationConfirmed")
    def _confirmed(self, confirmed_on: date, source: str) -> None:
        self.registration = Registration.CONFIRMED
        self.confirmed_on = confirmed_on

    @event("RegistrationNotFound")
    def _not_found(self, checked_on: date, source: str) -> None:
        self.registration = Registration.NOT_FOUND

    @event("CoverEnded")
    def _cover_ended(self, reason: str, last_day: date, source: str) -> None:
        self.covered_until = last_day
        self.cover_end_reason = reason

    def remove(self, reason: str, last_day: date, source: str = "") -> None:
        """A removal during the year: cover ends after `last_day`."""
        if self.covered_until is not None and self.covered_until <= last_day:
            raise StateForbids(
                f"cover already ended on {self.covered_until}", "COVERAGE_ENDED"
            )
        self._cover_ended(reason, last_day, source)

    def eligibility(self, on: date) -> Eligibility:
        if self.covered_until is not None and on > self.covered_until:
            return Eligibility(
                False,
                "COVERAGE_ENDED",
                f"cover ended on {self.covered_until} ({self.cover_end_reason})",
                self.township,
            )
        if self.registration != Registration.CONFIRMED:
            return Eligibility(
                False,
                "NOT_CONFIRMED",
                "household registration not confirmed by the public security "
                f"bureau ({self.registration})",
                self.township,
            )
        return Eligibility(True, township=self.township)


@dataclass(frozen=True)
class RowOutcome:
    """A roster row that was not enrolled anew, with its reason."""

    row_number: int
    reason_code: str
    detail: str
    resident_id_number: str  # masked


# A submission keeps this many rejected rows and warnings for its report, so
# that memory and responses stay small however big the file; the counts are
# complete, and every row is in the submission's BatchChecked events.
LISTED_OUTCOMES = 10_000


class RosterSubmission(Aggregate):
    """One roster file of one township for one scheme year. A file with the
    same digest is the same submission: submitting it again changes nothing.

    Each batch of rows is recorded as it is enrolled, in the same transaction,
    so an interrupted import resumes after the last batch, and no event grows
    with the size of the file."""

    @staticmethod
    def create_id(scheme_id: str, township: str, digest: str) -> UUID:
        return uuid5(SUBMISSIONS, f"{scheme_id}/{township}/{digest}")

    @event("Received")
    def __init__(
        self, scheme_id: str, township: str, digest: str, file_name: str
    ) -> None:
        self.scheme_id = scheme_id
        self.township = township
        self.digest = digest
        self.file_name = file_name
        self.completed = False
        self.rows = 0
        self.accepted = 0
        self.unchanged = 0
        self.rejected: list[RowOutcome] = []  # the first LISTED_OUTCOMES
        self.warnings: list[RowOutcome] = []
        self.rejected_by_reason: dict[str, int] = {}
        self.warnings_by_code: dict[str, int] = {}

    @event("BatchChecked")
    def batch_checked(
        self,
        rows: int,
        accepted: int,
        unchanged: int,
        rejected: tuple[RowOutcome, ...],
        warnings: tuple[RowOutcome, ...],
    ) -> None:
        self.rows += rows
        self.accepted += accepted
        self.unchanged += unchanged
        self.rejected += rejected[: LISTED_OUTCOMES - len(self.rejected)]
        self.warnings += warnings[: LISTED_OUTCOMES - len(self.warnings)]
        for outcome in rejected:
            reason = outcome.reason_code
            self.rejected_by_reason[reason] = self.rejected_by_reason.get(reason, 0) + 1
        for outcome in warnings:
            code = outcome.reason_code
            self.warnings_by_code[code] = self.warnings_by_code.get(code, 0) + 1

    @event("Completed")
    def complete(self) -> None:
        self.completed = True


def _answered_on(day: date | None, checked_on: date) -> date:
    """The day of the bureau's answer: its own date, which cannot be after
    the day the answer is applied, else that day."""
    if day is not None and day > checked_on:
        raise StateForbids(
            f"the answer is dated {day}, after {checked_on}", "DATE_IN_FUTURE"
        )
    return day or checked_on

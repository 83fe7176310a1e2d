"""Enrolment's command side: roster submissions, registration checks, removals;
and the answers others need: eligibility for the claims, the premium statement
for the finance bureau, a person's coverage history.

Rosters stream in batches, each saved in one transaction, so a county of
200,000 residents imports with flat memory; a batch in which somebody is
already enrolled falls back to row by row to tell who.
"""

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType, get_topic

from adjudication.adapters.storage import ENROLMENT_LOG, ServiceApplication
from adjudication.domain import masking
from adjudication.domain.calendar import scheme_date
from adjudication.domain.eligibility import Eligibility
from adjudication.domain.enrolment import (
    Insured,
    RegistrationCheck,
    RosterSubmission,
    RowOutcome,
)
from adjudication.domain.errors import DomainError, NotFound, Violations
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.enrolment.roster_file import (
    DUPLICATE_IN_FILE,
    RosterRow,
    RowRejection,
)
from adjudication.schemes import load_catalogue

BATCH = 500
ENROLLED = f"{get_topic(Insured)}.Enrolled"
CONFIRMED = f"{get_topic(Insured)}.RegistrationConfirmed"
T = TypeVar("T")


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


@dataclass(frozen=True)
class PremiumLine:
    township: str
    insured: int
    premium_fen: int


def _now() -> datetime:
    return datetime.now(UTC)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class EnrolmentApplication(ServiceApplication):
    name = ENROLMENT_LOG

    def __init__(
        self,
        catalogue: SchemeCatalogue | None = None,
        clock: Callable[[], datetime] = _now,
        env: EnvType | None = None,
    ) -> None:
        self.catalogue = catalogue or load_catalogue()
        self.clock = clock
        super().__init__(env)

    # -- roster submissions ------------------------------------------------------

    def submission(
        self, scheme_id: str, township: str, digest: str
    ) -> RosterSubmission | None:
        try:
            found: RosterSubmission = self.repository.get(
                RosterSubmission.create_id(scheme_id, township, digest)
            )
        except AggregateNotFoundError:
            return None
        return found

    def roster_problems(
        self, submission: RosterSubmission, warnings: bool = False, after_row: int = 0
    ) -> Iterator[RowOutcome]:
        """Every rejected row (or every warning) of a submission after
        `after_row`, in row order, read from its events as they are consumed:
        the submission itself keeps the first LISTED_OUTCOMES."""
        kind = "warnings" if warnings else "rejected"
        for recorded in self.events.get(submission.id):
            for outcome in getattr(recorded, kind, ()):
                if outcome.row_number > after_row:
                    yield outcome

    def import_roster(
        self,
        scheme_id: str,
        township: str,
        file_name: str,
        digest: str,
        rows: Iterable[RosterRow | RowRejection],
        progress: Callable[[int], None] = lambda rows: None,
    ) -> tuple[RosterSubmission, bool]:
        """Enrol a township's roster; (the submission, True if it was new).

        `rows` are the file's rows as checked: accepted or rejected. The same
        file again (same digest) returns the first submission unchanged; an
        interrupted one resumes after its last recorded batch.
        """
        scheme = self._scheme(scheme_id)
        previous = self.submission(scheme.id, township, digest)
        if previous is not None and previous.completed:
            return previous, False
        if previous is None:
            self._save_once(
                RosterSubmission(
                    scheme_id=scheme.id,
                    township=township,
                    digest=digest,
                    file_name=file_name,
                )
            )
        submission = self.submission(scheme.id, township, digest)
        assert submission is not None
        done = submission.rows
        for batch in _batches(islice(rows, done, None), BATCH):
            submission = self._enrol(scheme, submission, township, batch)
            done += len(batch)
            progress(done)
        submission.complete()
        self.save(submission)
        return submission, True

    def _enrol(
        self,
        scheme: SchemeYear,
        submission: RosterSubmission,
        township: str,
        batch: list[RosterRow | RowRejection],
    ) -> RosterSubmission:
        """Enrol one batch and record it on the submission, in one transaction
        when nobody in it is enrolled yet; else row by row, to tell who is
        already enrolled here, who through another township, and who earlier
        in this same file (the store, not memory, remembers the file's rows)."""
        rejected: list[RowOutcome] = []
        warnings: list[RowOutcome] = []
        enrolees: list[RosterRow] = []
        for row in batch:
            if isinstance(row, RowRejection):
                rejected.append(
                    RowOutcome(
                        row.row_number,
                        row.reason_code,
                        row.detail,
                        row.resident_id_number,
                    )
                )
                continue
            enrolees.append(row)
            masked = masking.resident_id(row.resident_id_number)
            warnings += [
                RowOutcome(w.row_number, w.code, w.detail, masked) for w in row.warnings
            ]
        records = [self._insured(scheme, submission.id, township, e) for e in enrolees]
        submission.batch_checked(
            len(batch), len(records), 0, tuple(rejected), tuple(warnings)
        )
        try:
            self.save(*records, submission)
            return submission
        except IntegrityError:
            pass
        new = same = 0
        for enrolee in enrolees:
            existing = self._find_insured(scheme.id, enrolee.resident_id_number)
            if existing is None:
                try:
                    self.save(self._insured(scheme, submission.id, township, enrolee))
                    new += 1
                    continue
                except IntegrityError:
                    existing = self._find_insured(scheme.id, enrolee.resident_id_number)
                    assert existing is not None
            if existing.submission_id == submission.id:
                if existing.row_number == enrolee.row_number:
                    new += 1  # enrolled by an earlier, interrupted run of this file
                    continue
                rejected.append(
                    RowOutcome(
                        enrolee.row_number,
                        DUPLICATE_IN_FILE,
                        f"same ID number as row {existing.row_number}",
                        masking.resident_id(enrolee.resident_id_number),
                    )
                )
            elif existing.township == township:
                same += 1
            else:
                rejected.append(
                    RowOutcome(
                        enrolee.row_number,
                        "ENROLLED_ELSEWHERE",
                        f"already enrolled through {existing.township}",
                        masking.resident_id(enrolee.resident_id_number),
                    )
                )
        fresh = self.submission(scheme.id, township, submission.digest)
        assert fresh is not None
        rejected.sort(key=lambda r: r.row_number)
        fresh.batch_checked(len(batch), new, same, tuple(rejected), tuple(warnings))
        self.save(fresh)
        return fresh

    @staticmethod
    def _insured(
        scheme: SchemeYear, submission_id: UUID, township: str, enrolee: RosterRow
    ) -> Insured:
        return Insured(
            scheme_id=scheme.id,
            resident_id_number=enrolee.resident_id_number,
            name=enrolee.name,
            township=township,
            village=enrolee.village,
            submission_id=submission_id,
            row_number=enrolee.row_number,
        )

    # -- registration checks and removals -----------------------------------------

    def check_registrations(
        self,
        scheme_id: str,
        entries: Iterable[RegistrationEntry],
        source: str,
        progress: Callable[[int], None] = lambda rows: None,
    ) -> CheckSummary:
        """Apply the public security bureau's answers, in batches."""
        scheme = self._scheme(scheme_id)
        checked_on = scheme_date(self.clock())
        applied = unchanged = count = 0
        not_enrolled: list[str] = []
        refused: list[tuple[str, str]] = []
        for batch in _batches(entries, BATCH):
            changed = []
            for entry in batch:
                insured = self._find_insured(scheme.id, entry.resident_id_number)
                masked = masking.resident_id(entry.resident_id_number)
                if insured is None:
                    not_enrolled.append(masked)
                    continue
                try:
                    insured.check_registration(
                        entry.result,
                        checked_on,
                        scheme.coverage_start,
                        entry.event_date,
                        source,
                    )
                except DomainError as e:  # a refusal of this one line
                    refused.append((masked, str(e)))
                    continue
                if insured.pending_events:
                    changed.append(insured)
                else:
                    unchanged += 1
            applied += self._save_each_on_conflict(changed)
            count += len(batch)
            progress(count)
        return CheckSummary(applied, unchanged, tuple(not_enrolled), tuple(refused))

    def _save_each_on_conflict(self, records: list[Insured]) -> int:
        try:
            self.save(*records)
            return len(records)
        except IntegrityError:
            # Someone changed a record meanwhile: redo those one by one later.
            saved = 0
            for record in records:
                try:
                    self.save(record)
                    saved += 1
                except IntegrityError:
                    continue
            return saved

    def remove(
        self, scheme_id: str, resident_id_number: str, reason: str, last_day: date
    ) -> Insured:
        insured = self.insured(scheme_id, resident_id_number)
        insured.remove(reason, last_day)
        self.save(insured)
        return insured

    # -- queries -------------------------------------------------------------------

    def insured(self, scheme_id: str, resident_id_number: str) -> Insured:
        found = self._find_insured(scheme_id, resident_id_number)
        if found is None:
            raise NotFound(
                f"{masking.resident_id(resident_id_number)} is not enrolled in "
                f"{scheme_id}",
                "INSURED_NOT_FOUND",
            )
        return found

    def _find_insured(self, scheme_id: str, resident_id_number: str) -> Insured | None:
        try:
            found: Insured = self.repository.get(
                Insured.create_id(scheme_id, resident_id_number)
            )
        except AggregateNotFoundError:
            return None
        return found

    def eligibility(self, resident_id_number: str, on: date) -> Eligibility:
        """The claims' roster: covered on this date, and if not, why."""
        scheme = self.catalogue.for_accident(on)
        if scheme is None:
            return Eligibility(False, "NOT_ENROLLED", f"no scheme year covers {on}")
        insured = self._find_insured(scheme.id, resident_id_number)
        if insured is None:
            return Eligibility(
                False, "NOT_ENROLLED", f"not enrolled in the scheme year {scheme.id}"
            )
        return insured.eligibility(on)

    def history(
        self, scheme_id: str, resident_id_number: str
    ) -> list[DomainEventProtocol[UUID]]:
        """Every event of a person's coverage in a scheme year, in order."""
        insured = self.insured(scheme_id, resident_id_number)
        return list(self.events.get(insured.id))

    def premium_statement(self, scheme_id: str, as_of: date) -> list[PremiumLine]:
        """Confirmed insured × premium per township, as confirmed by `as_of`."""
        scheme = self._scheme(scheme_id)
        townships: dict[UUID, str] = {}
        confirmed: dict[str, int] = {}
        topics = (ENROLLED, CONFIRMED)
        position = 0
        while notifications := self.recorder.select_notifications(
            start=position + 1, limit=5000, topics=topics
        ):
            for notification in notifications:
                happened: Any = self.mapper.to_domain_event(notification)
                if notification.topic == ENROLLED:
                    if happened.scheme_id == scheme.id:
                        townships[happened.originator_id] = happened.township
                elif happened.originator_id in townships and (
                    happened.confirmed_on <= as_of
                ):
                    township = townships[happened.originator_id]
                    confirmed[township] = confirmed.get(township, 0) + 1
            position = notifications[-1].id
        return [
            PremiumLine(t, n, n * scheme.premium_fen)
            for t, n in sorted(confirmed.items())
        ]

    def _scheme(self, scheme_id: str) -> SchemeYear:
        try:
            return self.catalogue.get(scheme_id)
        except KeyError:
            problems = Violations()
            problems.add("scheme_id", f"unknown scheme year {scheme_id!r}")
            problems.raise_if_any()
            raise

    def _save_once(self, aggregate: Aggregate) -> None:
        # A concurrent submission of the same file may have recorded it first.
        with contextlib.suppress(IntegrityError):
            self.save(aggregate)

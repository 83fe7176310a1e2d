"""Enrolment's command side: roster submissions, registration checks, removals;
and the answers others need: eligibility for the claims, the premium statement
for the finance bureau, a person's coverage history.

Rosters stream in batches, each saved in one transaction, so a county of
200,000 residents imports with flat memory; a batch in which somebody is
already enrolled is decided again, row by row, to tell who, and one that a
racing copy of the same upload recorded first is not recorded again. Every save goes
through the unit of work shared with the claims (`service_layer.unit_of_work`):
a lost race is decided again on fresh records.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from adjudication.adapters.notary import notary_of
from adjudication.adapters.storage import ENROLMENT_LOG
from adjudication.domain import masking
from adjudication.domain.calendar import scheme_date
from adjudication.domain.commands import ConfirmRegistrations
from adjudication.domain.eligibility import Eligibility
from adjudication.domain.enrolment import (
    Insured,
    RosterSubmission,
    RowOutcome,
)
from adjudication.domain.errors import NotFound, RequestIdReused, Violations
from adjudication.domain.registration_answers import (
    CheckSummary,
    RegistrationEntry,
    answer,
)
from adjudication.domain.roster_rows import RosterRow, RowRejection, triage
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.enrolment.premium_statement import PremiumLine, premium_statement
from adjudication.schemes import load_catalogue
from adjudication.service_layer.receipts import AnswersReceipt, fingerprint
from adjudication.service_layer.unit_of_work import (
    Decision,
    UnitOfWork,
    require_request_id,
)

BATCH = 500
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class EnrolmentApplication(UnitOfWork):
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
        # Chains the enrolment log for its auditors (AuditService.VerifyLog).
        self.notary = notary_of(self)

    def close(self) -> None:
        self.notary.store.close()
        super().close()

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
        interrupted one resumes after its last recorded batch. Of copies racing
        each other, the one that completes the submission has it new.
        """
        scheme = self._scheme(scheme_id)

        def opened(attempt: int) -> Decision[RosterSubmission]:
            # A concurrent submission of the same file may have recorded it first.
            found = self.submission(scheme.id, township, digest)
            if found is not None:
                return found, ()
            new = RosterSubmission(
                scheme_id=scheme.id,
                township=township,
                digest=digest,
                file_name=file_name,
            )
            return new, (new,)

        submission, _ = self.attempt(opened, "ImportRoster")
        if submission.completed:
            return submission, False
        done = submission.rows
        for batch in _batches(islice(rows, done, None), BATCH):
            submission = self._enrol(scheme, submission, township, batch)
            done += len(batch)
            progress(done)

        def completed(attempt: int) -> Decision[RosterSubmission]:
            fresh = self.submission(scheme.id, township, digest)
            assert fresh is not None
            if fresh.completed:  # by a racing copy of this upload
                return fresh, ()
            fresh.complete()
            return fresh, (fresh,)

        submission, recorded = self.attempt(completed, "ImportRoster")
        return submission, bool(recorded)

    def _enrol(
        self,
        scheme: SchemeYear,
        submission: RosterSubmission,
        township: str,
        batch: list[RosterRow | RowRejection],
    ) -> RosterSubmission:
        """Enrol one batch and record it on the submission, in one transaction.
        The first attempt takes nobody in it to be enrolled yet (no read per
        row); when that loses, each row is looked up, to tell who is already
        enrolled here, who through another township, and who earlier in this
        same file (the store, not memory, remembers the file's rows)."""
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

        start = submission.rows

        def enrolled(attempt: int) -> Decision[RosterSubmission]:
            if attempt == 0:
                records = [
                    self._insured(scheme, submission.id, township, e) for e in enrolees
                ]
                submission.batch_checked(
                    len(batch), len(records), 0, tuple(rejected), tuple(warnings)
                )
                return submission, (*records, submission)
            fresh = self.submission(scheme.id, township, submission.digest)
            assert fresh is not None
            if fresh.rows > start:  # a racing copy of this upload recorded it
                return fresh, ()
            rows = triage(enrolees, self._finder(scheme), fresh.id, township)
            records = [self._insured(scheme, fresh.id, township, e) for e in rows.new]
            outcomes = sorted([*rejected, *rows.refused], key=lambda r: r.row_number)
            fresh.batch_checked(
                len(batch),
                len(records) + rows.resumed,
                rows.unchanged,
                tuple(outcomes),
                tuple(warnings),
            )
            return fresh, (*records, fresh)

        checked, _ = self.attempt(enrolled, "ImportRoster")
        return checked

    def _insured(
        self, scheme: SchemeYear, submission_id: UUID, township: str, enrolee: RosterRow
    ) -> Insured:
        return Insured(
            id=self.person_ids.insured(scheme.id, enrolee.resident_id_number)[0],
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
        summary = CheckSummary(0, 0, (), ())
        count = 0
        for batch in _batches(entries, BATCH):

            def checked(
                attempt: int, batch: list[RegistrationEntry] = batch
            ) -> Decision[CheckSummary]:
                find = self._finder(scheme)
                return answer(batch, find, scheme.coverage_start, checked_on, source)

            outcome, _ = self.attempt(checked, "ConfirmRegistrations")
            summary = summary + outcome
            count += len(batch)
            progress(count)
        return summary

    def confirm_registrations(
        self, command: ConfirmRegistrations
    ) -> tuple[CheckSummary, bool]:
        """A client's request of answers, applied once however often it is
        sent: a repeat, or a copy racing it, gets the first outcome (True:
        replayed). Answers are idempotent, so a copy that ran beside its
        original changed nothing the original did not."""
        require_request_id(command)
        digest = fingerprint(command)
        receipt_id = AnswersReceipt.create_id(command.request_id)
        previous = self._answered(receipt_id, digest)
        if previous is not None:
            return previous, True
        summary = self.check_registrations(
            command.scheme_id, command.answers, command.source
        )
        receipt = AnswersReceipt(
            request_id=command.request_id,
            fingerprint=digest,
            applied=summary.applied,
            unchanged=summary.unchanged,
            not_enrolled=summary.not_enrolled,
            refused=summary.refused,
        )
        try:
            self.save(receipt)
        except IntegrityError:
            previous = self._answered(receipt_id, digest)
            assert previous is not None  # the copy that won recorded it
            return previous, True
        return summary, False

    def _answered(self, receipt_id: UUID, digest: str) -> CheckSummary | None:
        try:
            receipt: AnswersReceipt = self.repository.get(receipt_id)
        except AggregateNotFoundError:
            return None
        if receipt.fingerprint != digest:
            raise RequestIdReused(
                f"request id {receipt.request_id} was used for other answers"
            )
        return CheckSummary(
            receipt.applied, receipt.unchanged, receipt.not_enrolled, receipt.refused
        )

    def remove(
        self, scheme_id: str, resident_id_number: str, reason: str, last_day: date
    ) -> Insured:
        def removed(attempt: int) -> Decision[Insured]:
            insured = self.insured(scheme_id, resident_id_number)
            insured.remove(reason, last_day)
            return insured, (insured,)

        insured, _ = self.attempt(removed, "RemoveInsured")
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

    def _finder(self, scheme: SchemeYear) -> Callable[[str], Insured | None]:
        return lambda resident_id_number: self._find_insured(
            scheme.id, resident_id_number
        )

    def _find_insured(self, scheme_id: str, resident_id_number: str) -> Insured | None:
        return self.find_person(
            Insured, self.person_ids.insured(scheme_id, resident_id_number)
        )

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
        return premium_statement(
            self.recorder, self.mapper, self._scheme(scheme_id), as_of
        )

    def _scheme(self, scheme_id: str) -> SchemeYear:
        try:
            return self.catalogue.get(scheme_id)
        except KeyError:
            problems = Violations()
            problems.add("scheme_id", f"unknown scheme year {scheme_id!r}")
            problems.raise_if_any()
            raise

"""The command side: an eventsourcing Application over claims, accidents and the
insured's benefit ledger.

Every command carries a client request id. The command loads fresh state, lets
the domain decide, and saves every changed aggregate with the request's receipt
in one transaction. Losing an optimistic-concurrency race retries on fresh
state; a repeated request id returns the first outcome and writes nothing.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from adjudication.adapters import call_deadline
from adjudication.adapters.event_positions import positions_of
from adjudication.adapters.storage import CLAIMS_LOG, ServiceApplication
from adjudication.domain.accident import Accident
from adjudication.domain.assessment import Override, apply_overrides, compute_lines
from adjudication.domain.benefits import BENEFITS, Benefit, Case, FullPayout
from adjudication.domain.calendar import scheme_date, utc
from adjudication.domain.claim import Claim, ClaimStatus, Payment
from adjudication.domain.coverage import Coverage
from adjudication.domain.deadlines import DueDates, statutory_due_dates
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.documents import check_documents
from adjudication.domain.eligibility import Reason, Roster, reasons_to_reject
from adjudication.domain.errors import (
    ConcurrencyConflict,
    NotFound,
    RequestIdReused,
    StateForbids,
    Violations,
)
from adjudication.domain.facts import AccidentFacts, Document
from adjudication.domain.invoices import InvoiceRegister
from adjudication.domain.resident_id import normalise, problem_with
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.schemes import load_catalogue
from adjudication.service_layer.receipts import CommandReceipt, fingerprint
from adjudication.standards import load_disability_standard

MAX_REQUEST_ID = 128
# Reasons the rules themselves give; an officer may cite them too.
AUTOMATIC_REASONS = (
    "NOT_COVERED",
    "NOT_ENROLLED",
    "NOT_CONFIRMED",
    "COVERAGE_ENDED",
    "OUTSIDE_COVERAGE_PERIOD",
    "NOT_AN_ACCIDENT",
    "EXCLUDED_CAUSE",
    "TIME_BARRED",
)

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class CommandResult:
    claim: Claim
    replayed: bool  # True when the request id was seen before: nothing written
    # The log position the command wrote (replayed: the claim's, then), for
    # reading one's own write from the read models.
    position: int = 0


def _now() -> datetime:
    return datetime.now(UTC)


class ClaimsApplication(ServiceApplication):
    name = CLAIMS_LOG
    # Each lost race means another writer committed: with n writers on one
    # ledger a command loses at most n - 1 times in a row.
    max_attempts = 10

    def __init__(
        self,
        roster: Roster,
        catalogue: SchemeCatalogue | None = None,
        standard: DisabilityStandard | None = None,
        clock: Callable[[], datetime] = _now,
        env: EnvType | None = None,
    ) -> None:
        self.roster = roster
        self.catalogue = catalogue or load_catalogue()
        self.standard = standard or load_disability_standard()
        self.clock = clock
        super().__init__(env)

    # -- commands ----------------------------------------------------------------

    def report_claim(
        self,
        request_id: str,
        insured_id_number: str,
        insured_name: str,
        benefits: Sequence[str],
        accident: AccidentFacts | None = None,
        accident_id: UUID | None = None,
        reported_at: datetime | None = None,
        actor: str = "system",
    ) -> CommandResult:
        """Record a claim; one that cannot be paid is recorded, then rejected."""
        benefits = tuple(benefits)
        args = (
            insured_id_number,
            insured_name,
            benefits,
            accident,
            accident_id,
            reported_at,
        )

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            problems = Violations()
            now = self.clock()
            at = reported_at or now
            if at.tzinfo is None:
                problems.add("reported_at", "must carry a time zone")
                at = now
            elif at > now:
                problems.add("reported_at", "is in the future")
            reported_on = scheme_date(at)
            id_problem = problem_with(insured_id_number, scheme_date(now))
            if id_problem:
                problems.add("insured_id_number", id_problem)
            id_number = normalise(insured_id_number)
            if not insured_name.strip():
                problems.add("insured_name", "required")
            _check_benefits(benefits, problems)
            new_accident = None
            facts = accident
            if (accident is None) == (accident_id is None):
                problems.add("accident", "give either the accident or its accident_id")
            elif accident_id is not None:
                known = self._get(Accident, accident_id)
                if known.insured_id_number != id_number:
                    problems.add("accident_id", "is an accident of another insured")
                facts = AccidentFacts(
                    known.occurred_on, known.place, known.cause, known.description
                )
            elif accident is not None:
                self._check_accident(accident, reported_on, problems)
            problems.raise_if_any()
            assert facts is not None
            if accident_id is None:
                new_accident = Accident(
                    insured_id_number=id_number,
                    occurred_on=facts.occurred_on,
                    place=facts.place,
                    cause=facts.cause,
                    description=facts.description,
                    request_id=request_id,
                    actor=actor,
                )
            scheme = self.catalogue.for_accident(facts.occurred_on)
            eligibility = (
                self.roster.eligibility(id_number, facts.occurred_on)
                if scheme
                else None
            )
            claim = Claim(
                request_id=request_id,
                actor=actor,
                insured_id_number=id_number,
                insured_name=insured_name.strip(),
                accident_id=accident_id or new_accident.id,  # type: ignore[union-attr]
                accident_date=facts.occurred_on,
                scheme_id=scheme.id if scheme else None,
                benefits=tuple(benefits),
                required_documents=scheme.documents.required(tuple(benefits))
                if scheme
                else (),
                reported_at=utc(at),
                reported_on=reported_on,
                township=eligibility.township if eligibility else "",
            )
            reasons = reasons_to_reject(scheme, facts, reported_on, eligibility)
            if reasons:
                claim.reject(
                    tuple(reasons),
                    _rejection_text(reasons),
                    reported_on,
                    request_id,
                    actor,
                )
            return claim, (new_accident,)

        return self._execute(request_id, "ReportClaim", args, action)

    def record_documents(
        self,
        request_id: str,
        claim_id: UUID,
        documents: Sequence[Document],
        received_on: date | None = None,
        actor: str = "system",
    ) -> CommandResult:
        documents = tuple(documents)
        args = (claim_id, documents, received_on)

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            scheme = self._scheme_of(claim)
            today = scheme_date(self.clock())
            problems = Violations()
            check_documents(
                documents, scheme, self.standard, claim.accident_date, problems
            )
            if received_on is not None and received_on > today:
                problems.add("received_on", "is in the future")
            problems.raise_if_any()
            claim.record_documents(documents, received_on or today, request_id, actor)
            register = self._get_or_open(
                InvoiceRegister,
                InvoiceRegister.create_id(claim.insured_id_number),
                insured_id_number=claim.insured_id_number,
            )
            register.present(claim.id, documents)
            return claim, (register,)

        return self._execute(request_id, "RecordDocuments", args, action)

    def assess_claim(
        self,
        request_id: str,
        claim_id: UUID,
        overrides: Sequence[Override] = (),
        actor: str = "system",
    ) -> CommandResult:
        """Compute every claimed benefit; an officer may override a line with a
        reason. Nothing payable means a rejection with the lines' reasons."""
        overrides = tuple(overrides)
        args = (claim_id, overrides)

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            scheme = self._scheme_of(claim)
            claim.require_assessable()
            today = scheme_date(self.clock())
            coverage = self._coverage(scheme, claim.insured_id_number)
            accident = self._get(Accident, claim.accident_id)
            facts = AccidentFacts(
                accident.occurred_on,
                accident.place,
                accident.cause,
                accident.description,
            )
            eligibility = self.roster.eligibility(
                claim.insured_id_number, accident.occurred_on
            )
            reasons = reasons_to_reject(scheme, facts, claim.reported_on, eligibility)
            if not reasons:
                case = Case(
                    scheme,
                    self.standard,
                    claim.accident_id,
                    claim.accident_date,
                    claim.facts,
                )
                usage = coverage.usage(excluding_claim=claim.id)
                lines = compute_lines(case, claim.benefits, usage)
                lines = apply_overrides(case, lines, overrides, usage)
                if sum(line.amount_fen for line in lines) > 0:
                    coverage.consume(claim.id, claim.accident_id, lines, scheme)
                    claim.assess(lines, today, request_id, actor)
                    return claim, (coverage,)
                reasons = [
                    Reason(line.reason_code or "NOTHING_PAYABLE", line.explanation)
                    for line in lines
                ]
            claim.reject(
                tuple(reasons), _rejection_text(reasons), today, request_id, actor
            )
            coverage.release(claim.id)
            return claim, (coverage,)

        return self._execute(request_id, "AssessClaim", args, action)

    def reject_claim(
        self,
        request_id: str,
        claim_id: UUID,
        reasons: Sequence[Reason],
        text: str,
        actor: str = "system",
    ) -> CommandResult:
        reasons = tuple(reasons)
        args = (claim_id, reasons, text)

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            problems = Violations()
            known = set(AUTOMATIC_REASONS)
            if claim.scheme_id:
                known |= set(self.catalogue.get(claim.scheme_id).rejection_reasons)
            if not reasons:
                problems.add("reasons", "a rejection gives at least one reason")
            for i, reason in enumerate(reasons):
                if reason.code not in known:
                    problems.add(
                        f"reasons[{i}].code", f"unknown reason {reason.code!r}"
                    )
                if not reason.text.strip():
                    problems.add(f"reasons[{i}].text", "required")
            if not text.strip():
                problems.add("text", "the rejection notice needs a text")
            problems.raise_if_any()
            claim.reject(reasons, text, scheme_date(self.clock()), request_id, actor)
            return claim, self._release(claim)

        return self._execute(request_id, "RejectClaim", args, action)

    def record_payment(
        self,
        request_id: str,
        claim_id: UUID,
        amount_fen: int,
        reference: str,
        paid_on: date | None = None,
        actor: str = "system",
    ) -> CommandResult:
        args = (claim_id, amount_fen, reference, paid_on)

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            today = scheme_date(self.clock())
            day = paid_on or today
            problems = Violations()
            if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
                problems.add("amount_fen", "must be a whole number of fen")
            elif amount_fen <= 0:
                problems.add("amount_fen", "must be more than 0")
            if not reference.strip():
                problems.add("reference", "the bank's transfer reference is required")
            if day > today:
                problems.add("paid_on", "is in the future")
            elif claim.assessment and day < claim.assessment.assessed_on:
                problems.add("paid_on", "is before the assessment")
            problems.raise_if_any()
            claim.record_payment(Payment(amount_fen, day, reference), request_id, actor)
            return claim, self._note_full_payouts(claim, day)

        return self._execute(request_id, "RecordPayment", args, action)

    def withdraw_claim(
        self, request_id: str, claim_id: UUID, reason: str, actor: str = "system"
    ) -> CommandResult:
        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            _require_text(reason, "reason")
            claim.withdraw(reason, scheme_date(self.clock()), request_id, actor)
            return claim, self._release(claim)

        return self._execute(request_id, "WithdrawClaim", (claim_id, reason), action)

    def reopen_claim(
        self, request_id: str, claim_id: UUID, reason: str, actor: str = "system"
    ) -> CommandResult:
        """An appeal: the claim is open again for documents and a new assessment."""

        def action() -> tuple[Claim, tuple[Aggregate | None, ...]]:
            claim = self._get(Claim, claim_id)
            _require_text(reason, "reason")
            claim.reopen(reason, scheme_date(self.clock()), request_id, actor)
            return claim, ()

        return self._execute(request_id, "ReopenClaim", (claim_id, reason), action)

    # -- queries -----------------------------------------------------------------

    def get_claim(self, claim_id: UUID, version: int | None = None) -> Claim:
        """The claim now, or as it was at `version`."""
        claim = self._get(Claim, claim_id, version)
        if version is not None and claim.version != version:
            raise NotFound(
                f"claim {claim_id} has no version {version}", "VERSION_NOT_FOUND"
            )
        return claim

    def get_accident(self, accident_id: UUID) -> Accident:
        return self._get(Accident, accident_id)

    def get_coverage(self, scheme_id: str, insured_id_number: str) -> Coverage | None:
        try:
            return self._get(
                Coverage,
                Coverage.create_id(scheme_id, normalise(insured_id_number)),
            )
        except NotFound:
            return None

    def due_dates(self, claim: Claim) -> DueDates:
        return statutory_due_dates(self.catalogue, claim)

    # -- the machinery -----------------------------------------------------------

    def _execute(
        self,
        request_id: str,
        command: str,
        arguments: tuple[Any, ...],
        action: Callable[[], tuple[Claim, tuple[Aggregate | None, ...]]],
    ) -> CommandResult:
        if not request_id.strip() or len(request_id) > MAX_REQUEST_ID:
            problems = Violations()
            problems.add("request_id", f"1 to {MAX_REQUEST_ID} characters")
            problems.raise_if_any()
        digest = fingerprint(command, arguments)
        receipt_id = CommandReceipt.create_id(request_id)
        for attempt in range(self.max_attempts):
            call_deadline.check()
            previous = self._replay(receipt_id, command, digest)
            if previous is not None:
                return previous
            claim, others = action()
            receipt = CommandReceipt(
                request_id=request_id,
                command=command,
                fingerprint=digest,
                claim_id=claim.id,
                claim_version=claim.version,
            )
            call_deadline.check()
            try:
                recordings = self.save(claim, *others, receipt)
            except IntegrityError:
                # Another writer won: decide again on fresh state, after a short
                # random pause so that racing retries spread out.
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                continue
            position = max(r.notification.id for r in recordings)
            return CommandResult(claim, replayed=False, position=position)
        raise ConcurrencyConflict(
            f"{command} lost {self.max_attempts} concurrency races in a row; retry"
        )

    def _replay(
        self, receipt_id: UUID, command: str, digest: str
    ) -> CommandResult | None:
        try:
            receipt: CommandReceipt = self.repository.get(receipt_id)
        except AggregateNotFoundError:
            return None
        if receipt.command != command or receipt.fingerprint != digest:
            raise RequestIdReused(
                f"request id {receipt.request_id} was used for another "
                f"{receipt.command} request"
            )
        claim: Claim = self.repository.get(
            receipt.claim_id, version=receipt.claim_version
        )
        position = positions_of(self.recorder, claim.id).get(claim.version, 0)
        return CommandResult(claim, replayed=True, position=position)

    def _get(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise _not_found(cls, aggregate_id) from None
        if not isinstance(aggregate, cls):
            raise _not_found(cls, aggregate_id)
        return aggregate

    def _get_or_open(self, cls: type[A], aggregate_id: UUID, **kwargs: Any) -> A:
        try:
            return self._get(cls, aggregate_id)
        except NotFound:
            return cls(**kwargs)

    def _coverage(self, scheme: SchemeYear, insured_id_number: str) -> Coverage:
        return self._get_or_open(
            Coverage,
            Coverage.create_id(scheme.id, insured_id_number),
            scheme_id=scheme.id,
            insured_id_number=insured_id_number,
        )

    def _scheme_of(self, claim: Claim) -> SchemeYear:
        if claim.scheme_id is None:
            raise StateForbids(
                "the accident is outside every scheme year", "OUTSIDE_COVERAGE_PERIOD"
            )
        return self.catalogue.get(claim.scheme_id)

    def _release(self, claim: Claim) -> tuple[Aggregate, ...]:
        """A rejected or withdrawn claim gives back the benefits it consumed."""
        if claim.scheme_id is None:
            return ()
        coverage = self._coverage(
            self.catalogue.get(claim.scheme_id), claim.insured_id_number
        )
        coverage.release(claim.id)
        return (coverage,)

    def _note_full_payouts(self, claim: Claim, paid_on: date) -> tuple[Aggregate, ...]:
        """A claim paid in full with a 100 % disability or burn line opens the
        top-up window from the day of that payment."""
        if claim.status != ClaimStatus.PAID or claim.assessment is None:
            return ()
        scheme = self._scheme_of(claim)
        coverage = self._coverage(scheme, claim.insured_id_number)
        for line in claim.assessment.lines:
            if (
                scheme.offers(Benefit.TOP_UP)
                and line.benefit in scheme.rule(Benefit.TOP_UP).qualifying
                and line.ratio_percent == 100
                and line.amount_fen > 0
            ):
                coverage.record_full_payout(
                    claim.id, FullPayout(claim.accident_id, line.benefit, paid_on)
                )
        return (coverage,)

    def _check_accident(
        self, accident: AccidentFacts, reported_on: date, problems: Violations
    ) -> None:
        if accident.occurred_on > reported_on:
            problems.add("accident.occurred_on", "is after the report")
        if not accident.place.strip():
            problems.add("accident.place", "required")
        if not accident.description.strip():
            problems.add("accident.description", "required")
        scheme = self.catalogue.for_accident(accident.occurred_on)
        years = [scheme] if scheme else list(self.catalogue)
        if not any(accident.cause in year.causes for year in years):
            problems.add("accident.cause", f"unknown cause code {accident.cause!r}")


def _not_found(cls: type[Aggregate], aggregate_id: UUID) -> NotFound:
    name = cls.__name__
    return NotFound(f"no {name.lower()} {aggregate_id}", f"{name.upper()}_NOT_FOUND")


def _check_benefits(benefits: tuple[str, ...], problems: Violations) -> None:
    if not benefits:
        problems.add("benefits", "claim at least one benefit")
    for i, benefit in enumerate(benefits):
        if benefit not in BENEFITS.claimable():
            codes = ", ".join(BENEFITS.claimable())
            problems.add(f"benefits[{i}]", f"{benefit!r} is not one of {codes}")
        elif benefits.index(benefit) != i:
            problems.add(f"benefits[{i}]", f"{benefit} is listed twice")


def _require_text(value: str, field: str) -> None:
    if not value.strip():
        problems = Violations()
        problems.add(field, "required")
        problems.raise_if_any()


def _rejection_text(reasons: Sequence[Reason]) -> str:
    return "; ".join(reason.text for reason in reasons)

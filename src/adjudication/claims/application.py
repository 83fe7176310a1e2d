"""The claims' command side: an eventsourcing Application over claims, accidents
and the insured's benefit ledger.

Each command loads fresh state, lets the domain decide (`domain.reporting`,
`domain.decisions`, `domain.corrections`) and saves every changed aggregate
with the request's receipt as one unit of work (`service_layer.unit_of_work`).

Longer than most modules: one application is one log's command side, and each
of its nine commands is a short load-decide-save here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.utils import EnvType

from adjudication.adapters.notary import notary_of
from adjudication.adapters.storage import CLAIMS_LOG
from adjudication.domain import corrections, decisions
from adjudication.domain.accident import Accident, AccidentRegister
from adjudication.domain.calendar import scheme_date
from adjudication.domain.claim import Claim, Payment, Recovery
from adjudication.domain.commands import (
    AssessClaim,
    Command,
    CorrectAccident,
    RecordDocuments,
    RecordPayment,
    RecordRecovery,
    RejectClaim,
    ReopenClaim,
    ReportClaim,
    WithdrawClaim,
)
from adjudication.domain.coverage import Coverage
from adjudication.domain.deadlines import DueDates, statutory_due_dates
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.eligibility import Roster
from adjudication.domain.errors import NotFound
from adjudication.domain.invoices import InvoiceRegister
from adjudication.domain.reporting import report
from adjudication.domain.resident_id import normalise
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.schemes import load_catalogue
from adjudication.service_layer.unit_of_work import Decision, Executed, UnitOfWork
from adjudication.standards import load_disability_standard

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class CommandResult:
    claim: Claim
    replayed: bool  # True when the request id was seen before: nothing written
    # The last log position the command wrote (replayed: the same as the
    # first time), for reading one's own write from the read models.
    position: int = 0


@dataclass(frozen=True)
class AccidentResult:
    accident: Accident
    claims: tuple[Claim, ...]  # every claim of the accident, as they are now
    replayed: bool  # True when the request id was seen before: nothing written
    position: int = 0


def _now() -> datetime:
    return datetime.now(UTC)


class ClaimsApplication(UnitOfWork):
    name = CLAIMS_LOG

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
        # Checks the log before money leaves (see record_payment).
        self.notary = notary_of(self)

    def close(self) -> None:
        self.notary.store.close()
        super().close()

    # -- commands ----------------------------------------------------------------

    def report_claim(
        self, command: ReportClaim, actor: str = "system"
    ) -> CommandResult:
        """Record a claim; one that cannot be paid is recorded, then rejected."""

        def decide() -> Decision[Aggregate]:
            known, register = None, None
            if command.accident_id is not None and command.accident is None:
                known = self._get(Accident, command.accident_id)
            elif command.accident is not None:
                register = self._accident_register(command.insured_id_number)
            claim, accident = report(
                command,
                known,
                self.clock(),
                self.catalogue,
                self.roster,
                actor,
                register,
            )
            return claim, (accident or known, register if accident else None)

        return self._run(command, decide)

    def record_documents(
        self, command: RecordDocuments, actor: str = "system"
    ) -> CommandResult:
        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            scheme = claim.scheme_year(self.catalogue)
            register = self._person_aggregate(
                InvoiceRegister,
                self.person_ids.invoice_register(claim.insured_id_number),
                insured_id_number=claim.insured_id_number,
            )
            decisions.receive_documents(
                claim,
                register,
                command.documents,
                command.received_on,
                self._today(),
                scheme,
                self.standard,
                command.request_id,
                actor,
            )
            return claim, (register,)

        return self._run(command, decide)

    def assess_claim(
        self, command: AssessClaim, actor: str = "system"
    ) -> CommandResult:
        """Compute every claimed benefit; an officer may override an input of
        a line, or negotiate its amount, with a reason (I8). Nothing payable
        means a rejection with the lines' reasons."""

        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            scheme = claim.scheme_year(self.catalogue)
            claim.require_assessable()
            coverage = self._coverage(scheme.id, claim.insured_id_number)
            accident = self._get(Accident, claim.accident_id)
            related = self._related(claim, coverage)
            decisions.assess(
                claim,
                accident.facts,
                self.roster.eligibility(claim.insured_id_number, accident.occurred_on),
                coverage,
                command.overrides,
                command.decided_on,
                self._today(),
                scheme,
                self.standard,
                related,
                command.request_id,
                actor,
                command.set_asides,
            )
            return claim, (coverage, *related)

        return self._run(command, decide)

    def reject_claim(
        self, command: RejectClaim, actor: str = "system"
    ) -> CommandResult:
        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            coverage = self._coverage_of(claim)
            related = self._related(claim, coverage)
            decisions.reject(
                claim,
                coverage,
                command.reasons,
                command.text,
                command.decided_on,
                self._today(),
                self._scheme_if_any(claim),
                self.standard,
                related,
                command.request_id,
                actor,
            )
            return claim, (coverage, *related)

        return self._run(command, decide)

    def record_payment(
        self, command: RecordPayment, actor: str = "system"
    ) -> CommandResult:
        """Money leaves only on an untouched log: the claim's and the insured's
        ledger's stored events are checked against the notary's digests first
        (LogTampered when one was deleted, edited or moved)."""

        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            today = self._today()
            coverage = self._coverage_of(claim)
            self.notary.check(claim.id, *([coverage.id] if coverage else []))
            payment = Payment(
                command.amount_fen, command.paid_on or today, command.reference
            )
            decisions.pay(
                claim,
                coverage,
                payment,
                today,
                self.catalogue,
                command.request_id,
                actor,
            )
            return claim, (coverage,)

        return self._run(command, decide)

    def record_recovery(
        self, command: RecordRecovery, actor: str = "system"
    ) -> CommandResult:
        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            today = self._today()
            coverage = self._coverage_of(claim)
            recovery = Recovery(
                command.amount_fen, command.recovered_on or today, command.reference
            )
            decisions.recover(
                claim, coverage, recovery, today, command.request_id, actor
            )
            return claim, (coverage,)

        return self._run(command, decide)

    def withdraw_claim(
        self, command: WithdrawClaim, actor: str = "system"
    ) -> CommandResult:
        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            coverage = self._coverage_of(claim)
            related = self._related(claim, coverage)
            decisions.withdraw(
                claim,
                coverage,
                command.reason,
                self._today(),
                self._scheme_if_any(claim),
                self.standard,
                related,
                command.request_id,
                actor,
            )
            return claim, (coverage, *related)

        return self._run(command, decide)

    def reopen_claim(
        self, command: ReopenClaim, actor: str = "system"
    ) -> CommandResult:
        """An appeal: the claim is open again for documents and a new assessment."""

        def decide() -> Decision[Aggregate]:
            claim = self._get(Claim, command.claim_id)
            accident = self._get(Accident, claim.accident_id)
            decisions.reopen(
                claim,
                command.reason,
                command.awaited_documents,
                command.set_asides,
                accident.facts,
                self.roster.eligibility(claim.insured_id_number, accident.occurred_on),
                self._today(),
                self._scheme_if_any(claim),
                command.request_id,
                actor,
            )
            return claim, ()

        return self._run(command, decide)

    def correct_accident(
        self, command: CorrectAccident, actor: str = "system"
    ) -> AccidentResult:
        """An officer corrects an accident's facts; its claims follow in the
        same transaction (see `domain.corrections`)."""

        def decide() -> Decision[Aggregate]:
            accident = self._get(Accident, command.accident_id)
            insured = accident.insured_id_number
            claims = [self._get(Claim, i) for i in accident.claim_ids]
            register = self._accident_register(insured)
            coverages = {
                scheme_id: coverage
                for scheme_id in {c.scheme_id for c in claims if c.scheme_id}
                if (coverage := self.get_coverage(scheme_id, insured)) is not None
            }
            corrections.correct_accident(
                accident,
                claims,
                register,
                coverages,
                command.accident,
                command.reason_code,
                command.reason_text,
                self._today(),
                self.catalogue,
                self.roster,
                self.standard,
                command.request_id,
                actor,
            )
            return accident, (*claims, register, *coverages.values())

        executed = self.execute(command, decide)
        assert isinstance(executed.subject, Accident)
        claims = tuple(self.get_claim(i) for i in executed.subject.claim_ids)
        return AccidentResult(
            executed.subject, claims, executed.replayed, executed.position
        )

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
        number = normalise(insured_id_number)
        return self.find_person(Coverage, self.person_ids.coverage(scheme_id, number))

    def due_dates(self, claim: Claim) -> DueDates:
        return statutory_due_dates(self.catalogue, claim)

    # -- loading and saving --------------------------------------------------------

    def _run(
        self, command: Command, decide: Callable[[], Decision[Aggregate]]
    ) -> CommandResult:
        executed: Executed = self.execute(command, decide)
        assert isinstance(executed.subject, Claim)
        return CommandResult(executed.subject, executed.replayed, executed.position)

    def _today(self) -> date:
        return scheme_date(self.clock())

    def _get(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise _not_found(cls, aggregate_id) from None
        if not isinstance(aggregate, cls):
            raise _not_found(cls, aggregate_id)
        return aggregate

    def _person_aggregate(
        self, cls: type[A], ids: tuple[UUID, ...], **kwargs: Any
    ) -> A:
        """A person's aggregate, or a new one under its keyed id."""
        found = self.find_person(cls, ids)
        if found is None:
            # each per-person aggregate takes its id (Aggregate's type does not)
            return cls(id=ids[0], **kwargs)  # type: ignore[call-arg]
        return found

    def _accident_register(self, insured_id_number: str) -> AccidentRegister:
        """The insured's accident register (a new one for an ID number that is
        malformed: the report is refused for it anyway)."""
        number = normalise(insured_id_number)
        return self._person_aggregate(
            AccidentRegister,
            self.person_ids.accident_register(number),
            insured_id_number=number,
        )

    def _coverage(self, scheme_id: str, insured_id_number: str) -> Coverage:
        return self._person_aggregate(
            Coverage,
            self.person_ids.coverage(scheme_id, insured_id_number),
            scheme_id=scheme_id,
            insured_id_number=insured_id_number,
        )

    def _related(self, claim: Claim, coverage: Coverage | None) -> list[Claim]:
        """The other claims of the claim's accident the ledger holds."""
        if coverage is None:
            return []
        return [
            self._get(Claim, claim_id)
            for claim_id, (accident_id, _) in coverage.consumed.items()
            if accident_id == claim.accident_id and claim_id != claim.id
        ]

    def _scheme_if_any(self, claim: Claim) -> SchemeYear | None:
        return self.catalogue.get(claim.scheme_id) if claim.scheme_id else None

    def _coverage_of(self, claim: Claim) -> Coverage | None:
        """The insured's benefit ledger of the claim's scheme year, if it has one."""
        if claim.scheme_id is None:
            return None
        return self._coverage(claim.scheme_id, claim.insured_id_number)


def _not_found(cls: type[Aggregate], aggregate_id: UUID) -> NotFound:
    name = cls.__name__
    return NotFound(f"no {name.lower()} {aggregate_id}", f"{name.upper()}_NOT_FOUND")

"""What the steps of a claim do to it and to the insured's records together:
documents received (and their invoices registered to the claim), assessment
(or a reasoned rejection when nothing is payable), an officer's rejection or a
withdrawal (giving back the benefits the claim consumed), a payment (and the
100 % payouts it opens the top-up window for).

The command side loads the aggregates, calls one of these, and saves what they
changed as one unit of work."""

from collections.abc import Sequence
from datetime import date

from adjudication.domain.accident_adjudication import (
    adjudicate,
    claims_of_accident,
    readjudicate,
    record,
)
from adjudication.domain.appeals import (
    SetAside,
    check_set_asides,
    merged,
    remaining,
)
from adjudication.domain.assessment import check_overrides
from adjudication.domain.claim import Claim, Payment, Recovery
from adjudication.domain.coverage import Coverage
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.documents import check_documents
from adjudication.domain.effective_dates import check_effective_on, effective_on
from adjudication.domain.eligibility import (
    TIME_BARRED,
    Eligibility,
    Reason,
    check_rejection,
    reasons_to_reject,
    rejection_text,
)
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.facts import AccidentFacts, Document
from adjudication.domain.invoices import InvoiceRegister
from adjudication.domain.overrides import Override
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear


def receive_documents(
    claim: Claim,
    register: InvoiceRegister,
    documents: tuple[Document, ...],
    received_on: date | None,
    today: date,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    request_id: str,
    actor: str,
) -> None:
    problems = Violations()
    check_documents(documents, scheme, standard, claim.accident_date, problems)
    day = received_on or today
    check_effective_on(
        day,
        today,
        claim.reported_on,
        "received_on",
        f"the report ({claim.reported_on})",
        problems,
    )
    problems.raise_if_any()
    claim.record_documents(documents, day, request_id, actor)
    register.present(claim.id, documents)


def assess(
    claim: Claim,
    accident: AccidentFacts,
    eligibility: Eligibility,
    coverage: Coverage,
    overrides: tuple[Override, ...],
    decided_on: date | None,
    today: date,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    related: Sequence[Claim],
    request_id: str,
    actor: str,
    set_asides: tuple[SetAside, ...] = (),
) -> None:
    """Compute every claimed benefit, with the officer's overrides (refused
    first when malformed, I8; they enter the calculation), as a claim
    of its accident (`related`: the accident's other claims the ledger holds,
    recomputed with it, §6), and reserve it in the benefit ledger. Lines that
    all come to 0 are a decision at 0 (零结案), which consumes what it consumed
    (the deductible it absorbed counts for its accident); a reason the claim
    cannot be paid at all that was not set aside on appeal (`set_asides`: new
    ones; those on the claim stay, I11) is a rejection, and so is a claim all
    of whose lines are time-barred (I12)."""
    claim.require_assessable()
    check_overrides(overrides, claim.benefits, claim.facts, scheme)
    day = effective_on(
        decided_on,
        today,
        claim.documents_complete_on,
        "decided_on",
        "the documents were complete",
    )
    reasons = reasons_to_reject(
        scheme, accident, claim.reported_on, eligibility, claim.benefits
    )
    if set_asides and not claim.reopened:
        raise StateForbids(
            "only a reopened claim may set an automatic reason aside",
            "CLAIM_NOT_REOPENED",
        )
    check_set_asides(set_asides, reasons, scheme)
    in_force = merged(claim.set_asides, set_asides)
    reasons = remaining(reasons, in_force)
    if not reasons:
        decided = claims_of_accident(claim, related, coverage, overrides)
        result = adjudicate(claim.accident_id, decided, coverage, scheme, standard)
        lines = result.owed[claim.id]
        barred = [line for line in lines if line.reason_code == TIME_BARRED]
        if len(barred) < len(lines):
            claim.assess(lines, day, request_id, actor, in_force)
            record(
                claim.accident_id,
                decided,
                result,
                coverage,
                scheme,
                claim.id,
                day,
                request_id,
                actor,
            )
            return
        reasons = [Reason(TIME_BARRED, line.explanation) for line in barred]
    claim.reject(
        tuple(reasons), rejection_text(reasons), day, request_id, actor, in_force
    )
    readjudicate(claim, related, coverage, scheme, standard, day, request_id, actor)


def reopen(
    claim: Claim,
    reason: str,
    awaited_documents: tuple[str, ...],
    set_asides: tuple[SetAside, ...],
    accident: AccidentFacts,
    eligibility: Eligibility,
    today: date,
    scheme: SchemeYear | None,
    request_id: str,
    actor: str,
) -> None:
    """An appeal opens the claim again, naming the documents it awaits, each a
    kind of the scheme year's checklist, once; they are missing until received
    and the decision clock runs from the last of them (保险法 第二十三条). The
    officer may set aside automatic reasons the rules give it now, kept for its
    assessment (I11)."""
    if scheme is None:
        if set_asides or awaited_documents:
            raise StateForbids(
                "the accident is outside every scheme year: no reason can be "
                "set aside, no document awaited",
                "OUTSIDE_COVERAGE_PERIOD",
            )
    else:
        problems = Violations()
        for i, kind in enumerate(awaited_documents):
            f = f"awaited_documents[{i}]"
            if kind not in scheme.documents.names:
                problems.add(f, f"unknown document kind {kind!r}")
            elif awaited_documents.index(kind) != i:
                problems.add(f, f"{kind} is listed twice")
        problems.raise_if_any()
        if set_asides:
            reasons = reasons_to_reject(
                scheme, accident, claim.reported_on, eligibility, claim.benefits
            )
            check_set_asides(set_asides, reasons, scheme)
    claim.reopen(reason, today, request_id, actor, awaited_documents, set_asides)


def reject(
    claim: Claim,
    coverage: Coverage | None,
    reasons: tuple[Reason, ...],
    text: str,
    decided_on: date | None,
    today: date,
    scheme: SchemeYear | None,
    standard: DisabilityStandard,
    related: Sequence[Claim],
    request_id: str,
    actor: str,
) -> None:
    """An officer's rejection; the claim gives back what it consumed and the
    other claims of its accident are recomputed without it (I4)."""
    check_rejection(reasons, text, scheme)
    day = effective_on(decided_on, today, claim.reported_on, "decided_on", "the report")
    claim.reject(reasons, text, day, request_id, actor)
    if coverage is not None and scheme is not None:
        readjudicate(claim, related, coverage, scheme, standard, day, request_id, actor)


def withdraw(
    claim: Claim,
    coverage: Coverage | None,
    reason: str,
    today: date,
    scheme: SchemeYear | None,
    standard: DisabilityStandard,
    related: Sequence[Claim],
    request_id: str,
    actor: str,
) -> None:
    """The claimant's withdrawal; the claim gives back what it consumed and the
    other claims of its accident are recomputed without it (I4)."""
    claim.withdraw(reason, today, request_id, actor)
    if coverage is not None and scheme is not None:
        readjudicate(
            claim, related, coverage, scheme, standard, today, request_id, actor
        )


def pay(
    claim: Claim,
    coverage: Coverage | None,
    payment: Payment,
    today: date,
    catalogue: SchemeCatalogue,
    request_id: str,
    actor: str,
) -> None:
    """Record a payment; one that completes a claim with a 100 % disability or
    burn line opens the top-up window from its day."""
    claim.record_payment(payment, today, request_id, actor)
    if coverage is None:  # no scheme year: the claim was never assessed
        return
    for payout in claim.full_payouts(claim.scheme_year(catalogue)):
        coverage.record_full_payout(claim.id, payout)


def recover(
    claim: Claim,
    coverage: Coverage | None,
    recovery: Recovery,
    today: date,
    request_id: str,
    actor: str,
) -> None:
    """Record a refund of an overpayment: the limit it held is free again for
    claims decided afterwards (I7)."""
    claim.record_recovery(recovery, today, request_id, actor)
    if coverage is not None:
        coverage.hold(claim.id, claim.settlement.to_recover)

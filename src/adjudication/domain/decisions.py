"""What the steps of a claim do to it and to the insured's records together:
documents received (and their invoices registered to the claim), assessment
(or a reasoned rejection when nothing is payable), an officer's rejection or a
withdrawal (giving back the benefits the claim consumed), a payment (and the
100 % payouts it opens the top-up window for).

The command side loads the aggregates, calls one of these, and saves what they
changed as one unit of work."""

from datetime import date

from adjudication.domain.appeals import (
    SetAside,
    check_set_asides,
    merged,
    remaining,
)
from adjudication.domain.assessment import Override, apply_overrides, compute_lines
from adjudication.domain.benefits import Case
from adjudication.domain.claim import Claim, Payment
from adjudication.domain.coverage import Coverage
from adjudication.domain.disability import DisabilityStandard
from adjudication.domain.documents import check_documents
from adjudication.domain.eligibility import (
    Eligibility,
    Reason,
    check_rejection,
    reasons_to_reject,
    rejection_text,
)
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.facts import AccidentFacts, Document
from adjudication.domain.invoices import InvoiceRegister
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
    if received_on is not None and received_on > today:
        problems.add("received_on", "is in the future")
    problems.raise_if_any()
    claim.record_documents(documents, received_on or today, request_id, actor)
    register.present(claim.id, documents)


def assess(
    claim: Claim,
    accident: AccidentFacts,
    eligibility: Eligibility,
    coverage: Coverage,
    overrides: tuple[Override, ...],
    today: date,
    scheme: SchemeYear,
    standard: DisabilityStandard,
    request_id: str,
    actor: str,
    set_asides: tuple[SetAside, ...] = (),
) -> None:
    """Compute every claimed benefit, with the officer's overrides, and reserve
    it in the benefit ledger; nothing payable is a rejection with the lines'
    reasons, as is any reason the claim cannot be paid at all that was not set
    aside on appeal (`set_asides`: new ones; those on the claim stay, I11)."""
    claim.require_assessable()
    reasons = reasons_to_reject(scheme, accident, claim.reported_on, eligibility)
    if set_asides and not claim.reopened:
        raise StateForbids(
            "only a reopened claim may set an automatic reason aside",
            "CLAIM_NOT_REOPENED",
        )
    check_set_asides(set_asides, reasons, scheme)
    in_force = merged(claim.set_asides, set_asides)
    reasons = remaining(reasons, in_force)
    if not reasons:
        case = Case(
            scheme, standard, claim.accident_id, claim.accident_date, claim.facts
        )
        usage = coverage.usage(excluding_claim=claim.id)
        lines = compute_lines(case, claim.benefits, usage)
        lines = apply_overrides(case, lines, overrides, usage)
        if sum(line.amount_fen for line in lines) > 0:
            coverage.consume(claim.id, claim.accident_id, lines, scheme)
            claim.assess(lines, today, request_id, actor, in_force)
            return
        reasons = [
            Reason(line.reason_code or "NOTHING_PAYABLE", line.explanation)
            for line in lines
        ]
    claim.reject(
        tuple(reasons), rejection_text(reasons), today, request_id, actor, in_force
    )
    coverage.release(claim.id)


def reopen(
    claim: Claim,
    reason: str,
    set_asides: tuple[SetAside, ...],
    accident: AccidentFacts,
    eligibility: Eligibility,
    today: date,
    scheme: SchemeYear | None,
    request_id: str,
    actor: str,
) -> None:
    """An appeal: the claim is open again; the officer may set aside automatic
    reasons the rules give it now, kept for its assessment (I11)."""
    if set_asides:
        if scheme is None:
            raise StateForbids(
                "the accident is outside every scheme year: no reason can be set aside",
                "OUTSIDE_COVERAGE_PERIOD",
            )
        reasons = reasons_to_reject(scheme, accident, claim.reported_on, eligibility)
        check_set_asides(set_asides, reasons, scheme)
    claim.reopen(reason, today, request_id, actor, set_asides)


def reject(
    claim: Claim,
    coverage: Coverage | None,
    reasons: tuple[Reason, ...],
    text: str,
    today: date,
    scheme: SchemeYear | None,
    request_id: str,
    actor: str,
) -> None:
    """An officer's rejection; the claim gives back what it consumed."""
    check_rejection(reasons, text, scheme)
    claim.reject(reasons, text, today, request_id, actor)
    if coverage is not None:
        coverage.release(claim.id)


def withdraw(
    claim: Claim,
    coverage: Coverage | None,
    reason: str,
    today: date,
    request_id: str,
    actor: str,
) -> None:
    """The claimant's withdrawal; the claim gives back what it consumed."""
    claim.withdraw(reason, today, request_id, actor)
    if coverage is not None:
        coverage.release(claim.id)


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

"""The claim: reported, documented, assessed or rejected, paid; withdrawn or
reopened on appeal. Every step is an event; the public methods enforce the rules
and only then record the event that changes the claim.

Longer than most modules: one aggregate is one consistency boundary, and its
rules stay beside the events they decide."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from adjudication.domain.appeals import SetAside, merged
from adjudication.domain.benefits import BENEFITS, Benefit, BenefitLine, FullPayout
from adjudication.domain.benefits.death import qualifying_payouts
from adjudication.domain.documents import missing_documents
from adjudication.domain.effective_dates import check_effective_on
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import StateForbids, Violations
from adjudication.domain.facts import AccidentFacts, ClaimFacts, Document
from adjudication.domain.money import Fen, yuan
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.domain.set_off import BenefitAmount, Settlement, by_benefit

CLAIMS = uuid5(NAMESPACE_URL, "urn:adjudication:claim")
# A claim takes at most this many documents, payments and recoveries, and is
# reopened at most so often (its accident corrected at most
# accident.MAX_CORRECTIONS times): with the input limits of each request
# (api.limits) a claim, all its events together, stays far below the gRPC
# message limit, however often it is written to.
MAX_DOCUMENTS = 30
MAX_TRANSFERS = 50
MAX_REOPENINGS = 5


class ClaimStatus(StrEnum):
    AWAITING_DOCUMENTS = "AWAITING_DOCUMENTS"
    READY_FOR_ASSESSMENT = "READY_FOR_ASSESSMENT"
    ASSESSED = "ASSESSED"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    # Covered, but every line came to 0 (零结案): a decision, not a rejection.
    DECIDED_AT_ZERO = "DECIDED_AT_ZERO"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


OPEN = (ClaimStatus.AWAITING_DOCUMENTS, ClaimStatus.READY_FOR_ASSESSMENT)


@dataclass(frozen=True)
class Assessment:
    lines: tuple[BenefitLine, ...]
    assessed_on: date

    @property
    def total_fen(self) -> Fen:
        return sum(line.amount_fen for line in self.lines)


@dataclass(frozen=True)
class Rejection:
    reasons: tuple[Reason, ...]
    text: str
    rejected_on: date


@dataclass(frozen=True)
class PaidBenefit:
    benefit: str
    amount_fen: Fen


@dataclass(frozen=True)
class Payment:
    amount_fen: Fen
    paid_on: date
    reference: str  # the bank's transfer reference, unique per claim
    # What it pays of each assessed benefit, set by the claim when recorded.
    benefits: tuple[PaidBenefit, ...] = ()


@dataclass(frozen=True)
class Recovery:
    """An overpayment refunded (应追回, I7): it frees the limit it held."""

    amount_fen: Fen
    recovered_on: date
    reference: str  # the bank's reference of the refund, unique per claim
    # What it recovers of each overpaid benefit, set by the claim when recorded.
    benefits: tuple[PaidBenefit, ...] = ()


class Claim(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> UUID:
        """From the reporting request: a repeated report is the same claim."""
        return uuid5(CLAIMS, request_id)

    @event("Reported")
    def __init__(
        self,
        request_id: str,
        actor: str,
        insured_id_number: str,
        insured_name: str,
        accident_id: UUID,
        accident_date: date,
        scheme_id: str | None,
        benefits: tuple[str, ...],
        required_documents: tuple[str, ...],
        reported_at: datetime,
        reported_on: date,
        township: str = "",
    ) -> None:
        self.insured_id_number = insured_id_number
        self.insured_name = insured_name
        self.accident_id = accident_id
        self.accident_date = accident_date
        self.scheme_id = scheme_id
        self.benefits = tuple(benefits)
        self.required_documents = tuple(required_documents)
        self.reported_at = reported_at  # UTC
        self.reported_on = reported_on  # its China Standard Time date
        self.township = township  # the insured's township (乡镇) on the roster
        self.documents: tuple[Document, ...] = ()
        self.documents_complete_on: date | None = (
            None if required_documents else reported_on
        )
        self.assessment: Assessment | None = None
        self.superseded: tuple[Assessment, ...] = ()
        self.payments: tuple[Payment, ...] = ()
        self.recoveries: tuple[Recovery, ...] = ()
        # How the payments stand against what is owed across the accident (I2).
        self.settlement = Settlement()
        self.settled_on: date | None = None
        self.rejection: Rejection | None = None
        self.withdrawn_on: date | None = None
        self.reopened: tuple[tuple[date, str], ...] = ()
        # What the last reopening awaits and has not received yet.
        self.awaited_documents: tuple[str, ...] = ()
        # Automatic reasons an officer set aside on appeal (I11), per reason.
        self.set_asides: tuple[SetAside, ...] = ()

    # -- what the claim is now -------------------------------------------------

    @property
    def missing_documents(self) -> tuple[str, ...]:
        """Every required document not received, then every document the last
        reopening awaits and has not received since."""
        missing = missing_documents(self.required_documents, self.documents)
        return missing + tuple(
            kind for kind in self.awaited_documents if kind not in missing
        )

    @property
    def facts(self) -> ClaimFacts:
        return ClaimFacts.of(self.documents)

    @property
    def assessed_fen(self) -> Fen:
        return self.assessment.total_fen if self.assessment else 0

    @property
    def paid_fen(self) -> Fen:
        """Cash paid to the payee, recoveries not deducted."""
        return sum(p.amount_fen for p in self.payments)

    @property
    def recovered_fen(self) -> Fen:
        return sum(r.amount_fen for r in self.recoveries)

    @property
    def to_recover_fen(self) -> Fen:
        return self.settlement.to_recover_fen

    def owed_by_benefit(self) -> dict[str, Fen]:
        lines = self.assessment.lines if self.assessment else ()
        return by_benefit((line.benefit, line.amount_fen) for line in lines)

    def net_paid_by_benefit(self) -> dict[str, Fen]:
        """Paid on each benefit, less what was recovered of it."""
        paid = self._paid_by_benefit()
        for recovery in self.recoveries:
            for part in recovery.benefits:
                paid[part.benefit] = paid.get(part.benefit, 0) - part.amount_fen
        return paid

    def settled_by_benefit(self) -> dict[str, Fen]:
        """What stands paid of each benefit: paid and not recovered, less what
        was set off elsewhere, plus what was set off here from elsewhere."""
        settled = self.net_paid_by_benefit()
        for benefit, fen in self.settlement.given(self.id).items():
            settled[benefit] = settled.get(benefit, 0) - fen
        for benefit, fen in self.settlement.received(self.id).items():
            settled[benefit] = settled.get(benefit, 0) + fen
        return settled

    def outstanding_by_benefit(self) -> dict[str, Fen]:
        settled = self.settled_by_benefit()
        return {
            benefit: max(fen - settled.get(benefit, 0), 0)
            for benefit, fen in self.owed_by_benefit().items()
        }

    @property
    def outstanding_fen(self) -> Fen:
        """What is owed and still to pay."""
        return sum(self.outstanding_by_benefit().values())

    @property
    def status(self) -> ClaimStatus:
        if self.rejection is not None:
            return ClaimStatus.REJECTED
        if self.withdrawn_on is not None:
            return ClaimStatus.WITHDRAWN
        if self.assessment is not None:
            if self.assessment.total_fen == 0:
                return ClaimStatus.DECIDED_AT_ZERO
            outstanding = self.outstanding_fen
            if outstanding == self.assessed_fen:
                return ClaimStatus.ASSESSED
            if outstanding:
                return ClaimStatus.PARTIALLY_PAID
            return ClaimStatus.PAID
        if self.missing_documents:
            return ClaimStatus.AWAITING_DOCUMENTS
        return ClaimStatus.READY_FOR_ASSESSMENT

    @property
    def is_closed(self) -> bool:
        return self.status in (ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN)

    # -- commands --------------------------------------------------------------

    def record_documents(
        self,
        documents: tuple[Document, ...],
        received_on: date,
        request_id: str,
        actor: str,
    ) -> None:
        if self.status not in OPEN:
            raise StateForbids(
                f"a claim that is {self.status} takes no documents; reopen it first",
                "CLAIM_NOT_OPEN",
            )
        if len(self.documents) + len(documents) > MAX_DOCUMENTS:
            raise StateForbids(
                f"a claim takes at most {MAX_DOCUMENTS} documents; it has "
                f"{len(self.documents)}",
                "TOO_MANY_DOCUMENTS",
            )
        have = {i.number for i in self.facts.invoices}
        problems = Violations()
        for i, doc in enumerate(documents):
            for j, invoice in enumerate(doc.invoices):
                if invoice.number in have:
                    problems.add(
                        f"documents[{i}].invoices[{j}].number",
                        f"invoice {invoice.number} is already on this claim",
                        "DUPLICATE_INVOICE",
                        claim_id=str(self.id),
                    )
        problems.raise_if_any()
        self._documents_received(documents, received_on, request_id, actor)

    @event("DocumentsReceived")
    def _documents_received(
        self,
        documents: tuple[Document, ...],
        received_on: date,
        request_id: str,
        actor: str,
    ) -> None:
        self.documents += tuple(documents)
        kinds = {doc.kind for doc in documents}
        self.awaited_documents = tuple(
            kind for kind in self.awaited_documents if kind not in kinds
        )
        if self.documents_complete_on is None and not self.missing_documents:
            # A reopened claim's clock never runs from before its reopening.
            since = self.reopened[-1][0] if self.reopened else received_on
            self.documents_complete_on = max(received_on, since)

    def assess(
        self,
        lines: tuple[BenefitLine, ...],
        assessed_on: date,
        request_id: str,
        actor: str,
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        """`set_asides`: those in force for this assessment (kept and new)."""
        self.require_assessable()
        self._assessed(lines, assessed_on, request_id, actor, set_asides)
        top_up = next((x for x in lines if x.benefit == Benefit.TOP_UP), None)
        if top_up is not None and top_up.amount_fen > 0:
            self._top_up_granted(
                top_up.amount_fen, top_up.explanation, request_id, actor
            )

    def require_assessable(self) -> None:
        status = self.status
        if status == ClaimStatus.AWAITING_DOCUMENTS:
            raise StateForbids(
                "documents missing: " + ", ".join(self.missing_documents),
                "DOCUMENTS_MISSING",
            )
        if status != ClaimStatus.READY_FOR_ASSESSMENT:
            code = "CLAIM_CLOSED" if self.is_closed else "ALREADY_ASSESSED"
            raise StateForbids(f"a claim that is {status} cannot be assessed", code)

    @event("Assessed")
    def _assessed(
        self,
        lines: tuple[BenefitLine, ...],
        assessed_on: date,
        request_id: str,
        actor: str,
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        self.assessment = Assessment(tuple(lines), assessed_on)
        self.set_asides = merged(self.set_asides, set_asides)

    def related_claim_changed(
        self,
        lines: tuple[BenefitLine, ...],
        changed_on: date,
        cause_claim_id: UUID | None,
        request_id: str,
        actor: str,
    ) -> None:
        """What the claim is owed after another claim of its accident changed,
        or (`cause_claim_id` None) its accident was corrected (§6): recomputed
        in the same transaction, never silently."""
        assert self.assessment is not None
        before, after = self.assessed_fen, sum(x.amount_fen for x in lines)
        if after > before:
            change = f"{yuan(after - before)} more is owed"
        else:
            change = f"{yuan(before - after)} less is owed"
        cause = (
            f"claim {cause_claim_id} of the same accident changed"
            if cause_claim_id
            else "its accident was corrected"
        )
        self._related_claim_changed(
            tuple(lines),
            changed_on,
            cause_claim_id,
            before,
            after,
            f"{cause}: {change} ({yuan(before)} → {yuan(after)})",
            "RELATED_CLAIM_CHANGED",
            request_id,
            actor,
        )

    @event("RelatedClaimChanged")
    def _related_claim_changed(
        self,
        lines: tuple[BenefitLine, ...],
        changed_on: date,
        cause_claim_id: UUID | None,
        before_fen: Fen,
        after_fen: Fen,
        explanation: str,
        reason: str,
        request_id: str,
        actor: str,
    ) -> None:
        assert self.assessment is not None
        # The decision keeps its day; the change has its own.
        self.assessment = Assessment(tuple(lines), self.assessment.assessed_on)

    def settle(
        self,
        settlement: Settlement,
        settled_on: date,
        cause_claim_id: UUID | None,
        request_id: str,
        actor: str,
    ) -> None:
        """How the claim's payments now stand against what its accident's
        claims are owed (I2): what is set off, given or received, and what is
        to recover; recorded whenever it changes, never silently."""
        before = self.settlement
        self._set_off_changed(
            settlement,
            settled_on,
            cause_claim_id,
            before.to_recover_fen,
            settlement.to_recover_fen,
            settlement.explanation(self.id),
            "RELATED_CLAIM_CHANGED" if cause_claim_id != self.id else "SET_OFF",
            request_id,
            actor,
        )

    @event("SetOffChanged")
    def _set_off_changed(
        self,
        settlement: Settlement,
        settled_on: date,
        cause_claim_id: UUID | None,
        to_recover_before_fen: Fen,
        to_recover_after_fen: Fen,
        explanation: str,
        reason: str,
        request_id: str,
        actor: str,
    ) -> None:
        self.settlement = settlement
        self.settled_on = settled_on

    @event("DeathAfterDisabilityTopUpGranted")
    def _top_up_granted(
        self, amount_fen: Fen, explanation: str, request_id: str, actor: str
    ) -> None:
        """Recorded beside the assessment so auditors find every top-up by name."""

    def reject(
        self,
        reasons: tuple[Reason, ...],
        text: str,
        rejected_on: date,
        request_id: str,
        actor: str,
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        """`set_asides`: those in force when an assessment rejects the claim
        for the reasons that still stand."""
        self._require_closable("rejected")
        self._rejected(reasons, text, rejected_on, request_id, actor, set_asides)

    def _require_closable(self, verb: str) -> None:
        if self.is_closed:
            raise StateForbids(f"the claim is already {self.status}", "CLAIM_CLOSED")
        if self.paid_anything:
            raise StateForbids(
                f"{yuan(self.paid_fen)} was paid, or set off from a payment of its "
                f"accident: the claim cannot be {verb}",
                "ALREADY_PAID",
            )

    @property
    def paid_anything(self) -> bool:
        """Paid in cash, or settled by a payment set off from another claim
        of its accident (I2): then it can be neither withdrawn nor rejected."""
        return bool(self.paid_fen or self.settlement.received(self.id))

    @event("Rejected")
    def _rejected(
        self,
        reasons: tuple[Reason, ...],
        text: str,
        rejected_on: date,
        request_id: str,
        actor: str,
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        self.rejection = Rejection(tuple(reasons), text, rejected_on)
        self.set_asides = merged(self.set_asides, set_asides)
        self._supersede_assessment()

    def _supersede_assessment(self) -> None:
        if self.assessment is not None:
            self.superseded += (self.assessment,)
            self.assessment = None

    def record_payment(
        self, payment: Payment, today: date, request_id: str, actor: str
    ) -> None:
        """A bank transfer of some or all of what was assessed, never more."""
        problems = _check_transfer(payment.amount_fen, payment.reference)
        check_effective_on(
            payment.paid_on,
            today,
            self.assessment.assessed_on if self.assessment else None,
            "paid_on",
            "the assessment",
            problems,
            "PAYMENT_BEFORE_DECISION",
        )
        problems.raise_if_any()
        status = self.status
        if status == ClaimStatus.PAID:
            raise StateForbids("the claim is already paid in full", "ALREADY_PAID")
        if status == ClaimStatus.DECIDED_AT_ZERO:
            raise StateForbids(
                "the claim was decided at 0: nothing is owed on it", "NOTHING_OWED"
            )
        if self.assessment is None or self.is_closed:
            raise StateForbids(
                f"a claim that is {status} cannot be paid", "NOT_ASSESSED"
            )
        if any(p.reference == payment.reference for p in self.payments):
            raise StateForbids(
                f"payment {payment.reference} is already recorded", "ALREADY_PAID"
            )
        if len(self.payments) >= MAX_TRANSFERS:
            raise StateForbids(
                f"a claim takes at most {MAX_TRANSFERS} payments", "TOO_MANY_PAYMENTS"
            )
        outstanding = self.outstanding_fen
        if payment.amount_fen > outstanding:
            raise StateForbids(
                f"{yuan(payment.amount_fen)} would exceed the "
                f"{yuan(outstanding)} still owed of the assessed "
                f"{yuan(self.assessed_fen)}",
                "AMOUNT_EXCEEDS_ASSESSMENT",
            )
        allocation = _allocate(self.outstanding_by_benefit(), payment.amount_fen)
        self._payment_recorded(replace(payment, benefits=allocation), request_id, actor)

    def record_recovery(
        self, recovery: Recovery, today: date, request_id: str, actor: str
    ) -> None:
        """A refund of an overpayment (I7), never more than is to recover."""
        amount = recovery.amount_fen
        problems = _check_transfer(amount, recovery.reference)
        check_effective_on(
            recovery.recovered_on,
            today,
            self.settled_on,
            "recovered_on",
            "the overpayment",
            problems,
            "RECOVERY_BEFORE_OVERPAYMENT",
        )
        problems.raise_if_any()
        if any(r.reference == recovery.reference for r in self.recoveries):
            raise StateForbids(
                f"recovery {recovery.reference} is already recorded",
                "ALREADY_RECOVERED",
            )
        if len(self.recoveries) >= MAX_TRANSFERS:
            raise StateForbids(
                f"a claim takes at most {MAX_TRANSFERS} recoveries",
                "TOO_MANY_RECOVERIES",
            )
        to_recover = self.to_recover_fen
        if to_recover == 0:
            raise StateForbids(
                "nothing is to recover on the claim", "NOTHING_TO_RECOVER"
            )
        if amount > to_recover:
            raise StateForbids(
                f"{yuan(amount)} would exceed the {yuan(to_recover)} to recover",
                "AMOUNT_EXCEEDS_OVERPAYMENT",
            )
        allocation = _allocate(self.settlement.to_recover_by_benefit(), amount)
        self._recovery_recorded(
            replace(recovery, benefits=allocation), request_id, actor
        )

    @event("RecoveryRecorded")
    def _recovery_recorded(
        self, recovery: Recovery, request_id: str, actor: str
    ) -> None:
        self.recoveries += (recovery,)
        left = self.settlement.to_recover_by_benefit()
        for part in recovery.benefits:
            left[part.benefit] -= part.amount_fen
        self.settlement = replace(
            self.settlement,
            to_recover=tuple(BenefitAmount(b, fen) for b, fen in left.items() if fen),
        )

    def _paid_by_benefit(self) -> dict[str, Fen]:
        return by_benefit(
            (part.benefit, part.amount_fen)
            for payment in self.payments
            for part in payment.benefits
        )

    @event("PaymentRecorded")
    def _payment_recorded(self, payment: Payment, request_id: str, actor: str) -> None:
        self.payments += (payment,)

    def full_payouts(self, scheme: SchemeYear) -> tuple[FullPayout, ...]:
        """The 100 % payouts the last payment made (I5): of each qualifying line
        it paid something on and left nothing owed on."""
        if self.assessment is None or not self.payments:
            return ()
        last = self.payments[-1]
        return qualifying_payouts(
            self.accident_id,
            self.assessment.lines,
            self.settled_by_benefit(),
            {part.benefit for part in last.benefits},
            scheme,
            last.paid_on,
        )

    def scheme_year(self, catalogue: SchemeCatalogue) -> SchemeYear:
        """The scheme year that judges the claim: the one its accident is in."""
        if self.scheme_id is None:
            raise StateForbids(
                "the accident is outside every scheme year", "OUTSIDE_COVERAGE_PERIOD"
            )
        return catalogue.get(self.scheme_id)

    def withdraw(
        self, reason: str, withdrawn_on: date, request_id: str, actor: str
    ) -> None:
        _require_text(reason, "reason")
        self._require_closable("withdrawn")
        self._withdrawn(reason, withdrawn_on, request_id, actor)

    @event("Withdrawn")
    def _withdrawn(
        self, reason: str, withdrawn_on: date, request_id: str, actor: str
    ) -> None:
        self.withdrawn_on = withdrawn_on
        self._supersede_assessment()

    def reopen(
        self,
        reason: str,
        reopened_on: date,
        request_id: str,
        actor: str,
        awaited_documents: tuple[str, ...] = (),
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        """Open the claim again; `awaited_documents` (kinds of the scheme year's
        checklist, checked by `decisions.reopen`) are missing until received;
        `set_asides`: automatic reasons set aside on this appeal (checked by
        `appeals.check_set_asides`)."""
        _require_text(reason, "reason")
        if self.status in OPEN:
            raise StateForbids("the claim is open already", "CLAIM_ALREADY_OPEN")
        if len(self.reopened) >= MAX_REOPENINGS:
            raise StateForbids(
                f"a claim is reopened at most {MAX_REOPENINGS} times",
                "TOO_MANY_REOPENINGS",
            )
        self._reopened(
            reason, reopened_on, request_id, actor, awaited_documents, set_asides
        )

    @event("Reopened")
    def _reopened(
        self,
        reason: str,
        reopened_on: date,
        request_id: str,
        actor: str,
        awaited_documents: tuple[str, ...] = (),
        set_asides: tuple[SetAside, ...] = (),
    ) -> None:
        self.reopened += ((reopened_on, reason),)
        self.set_asides = merged(self.set_asides, set_asides)
        self.rejection = None
        self.withdrawn_on = None
        self._supersede_assessment()
        self.awaited_documents = tuple(awaited_documents)
        # 保险法 第二十三条: the decision clock starts again, from the reopening,
        # or from the day the last awaited document is received.
        self.documents_complete_on = None if self.missing_documents else reopened_on

    def accident_corrected(
        self,
        before: AccidentFacts,
        after: AccidentFacts,
        scheme_id: str | None,
        reasons: tuple[Reason, ...],
        request_id: str,
        actor: str,
    ) -> None:
        """The claim's accident was corrected (I10): its date (and the scheme
        year judging it) kept in step; `reasons`: why the corrected accident
        cannot be paid, if any (an open claim is then rejected for them by the
        caller; a decided one keeps its amounts until its accident's claims are
        recomputed)."""
        self._accident_corrected(before, after, scheme_id, reasons, request_id, actor)

    @event("AccidentCorrected")
    def _accident_corrected(
        self,
        before: AccidentFacts,
        after: AccidentFacts,
        scheme_id: str | None,
        reasons: tuple[Reason, ...],
        request_id: str,
        actor: str,
    ) -> None:
        self.accident_date = after.occurred_on
        self.scheme_id = scheme_id


def _check_transfer(amount_fen: Fen, reference: str) -> Violations:
    """A bank transfer (a payment or a refund): whole fen, more than 0, with
    the bank's reference."""
    problems = Violations()
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        problems.add("amount_fen", "must be a whole number of fen")
    elif amount_fen <= 0:
        problems.add("amount_fen", "must be more than 0")
    if not reference.strip():
        problems.add("reference", "the bank's reference of the transfer is required")
    return problems


def _allocate(due: dict[str, Fen], amount_fen: Fen) -> tuple[PaidBenefit, ...]:
    """Money (a payment, a refund) goes to the benefits in the order of section
    2's table (DEATH, DISABILITY, BURN, TOP_UP, MEDICAL, HOSPITAL_ALLOWANCE;
    I5), each up to what is due on it, so the finance bureau can total it per
    benefit and the top-up's 100 % payout has its day."""
    allocation = []
    for benefit, fen in sorted(due.items(), key=_in_turn):
        share = min(max(fen, 0), amount_fen)
        if share > 0:
            allocation.append(PaidBenefit(benefit, share))
            amount_fen -= share
    return tuple(allocation)


def _in_turn(owed: tuple[str, Fen]) -> int:
    return BENEFITS.paid_in_turn(owed[0])


def _require_text(value: str, field: str) -> None:
    if not value.strip():
        problems = Violations()
        problems.add(field, "required")
        problems.raise_if_any()

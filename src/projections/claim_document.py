"""A whole claim as one neutral JSON document: everything a reader of the claim
is shown (its accident, documents, assessment, payments, rejection, statutory
due dates, the display names of the documents still missing), in plain JSON
values: dates ISO `YYYY-MM-DD` or null, instants ISO-8601, money integer fen.

The claim records read model stores it, and the API builds it from the claim
the same way before mapping it to its messages, so there is one presentation
of a claim. (A claim's `documents` are its paperwork, 理赔材料; the document
here is the JSON of the whole claim.)"""

from collections.abc import Callable
from datetime import date
from typing import NotRequired, TypedDict
from uuid import UUID

from adjudication.domain.accident import Accident
from adjudication.domain.benefits import BenefitLine
from adjudication.domain.claim import Claim
from adjudication.domain.deadlines import statutory_due_dates
from adjudication.domain.scheme_year import SchemeCatalogue
from projections.paperwork_document import PaperworkDoc, paperwork


class AccidentDoc(TypedDict):
    accident_date: str
    place: str
    cause: str
    description: str


class MissingDoc(TypedDict):
    kind: str
    display_name: str  # from the scheme year's checklist


class PaymentDoc(TypedDict):
    amount_fen: int
    payment_date: str
    reference: str


class RecoveryDoc(TypedDict):
    amount_fen: int
    recovery_date: str
    reference: str


class SetOffDoc(TypedDict):
    from_claim_id: str
    from_benefit: str
    to_claim_id: str
    to_benefit: str
    amount_fen: int
    explanation: str


class LineDoc(TypedDict):
    benefit: str
    amount_fen: int
    explanation: str
    rule: str
    reason_code: str | None
    deductible_fen: int
    days: int
    ratio_percent: int
    computed_fen: int | None  # set when an officer overrode the amount
    override_reason_code: str | None
    override_reason_text: str | None
    # Of an overridden input (I8); documents stored before have none.
    override_input: NotRequired[str | None]
    computed_input: NotRequired[int | None]
    overridden_input: NotRequired[int | None]


class AssessmentDoc(TypedDict):
    lines: list[LineDoc]
    assessment_date: str
    total_fen: int


class ReasonDoc(TypedDict):
    code: str
    text: str


class RejectionDoc(TypedDict):
    reasons: list[ReasonDoc]
    text: str
    rejection_date: str


class SetAsideDoc(TypedDict):
    reason_code: str
    override_reason_code: str
    text: str


class DueDatesDoc(TypedDict):
    decision_due_date: str | None
    advance_payment_due_date: str | None
    payment_due_date: str | None
    rejection_notice_due_date: str | None


class ClaimDocument(TypedDict):
    claim_id: str
    scheme_id: str | None
    insured_id_number: str
    insured_name: str
    accident_id: str
    accident: AccidentDoc
    benefits: list[str]
    status: str
    report_time: str
    report_date: str
    required_documents: list[str]
    missing_documents: list[MissingDoc]
    documents: list[PaperworkDoc]
    documents_complete_date: str | None
    payments: list[PaymentDoc]
    assessed_fen: int
    paid_fen: int
    assessment: AssessmentDoc | None
    rejection: RejectionDoc | None
    withdrawal_date: str | None
    deadlines: DueDatesDoc
    version: int
    update_time: str
    township: str
    # Absent from documents stored before appeals could set reasons aside.
    set_asides: NotRequired[list[SetAsideDoc]]
    # Absent from documents stored before money paid was set off (I2, I7).
    outstanding_fen: NotRequired[int]
    to_recover_fen: NotRequired[int]
    recovered_fen: NotRequired[int]
    set_offs: NotRequired[list[SetOffDoc]]
    recoveries: NotRequired[list[RecoveryDoc]]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class ClaimDocuments:
    """Builds claims' documents, with the accidents and scheme years they need."""

    def __init__(
        self, catalogue: SchemeCatalogue, accident: Callable[[UUID], Accident]
    ) -> None:
        self.catalogue = catalogue
        self.accident = accident

    def of(self, claim: Claim) -> ClaimDocument:
        accident = self.accident(claim.accident_id)
        scheme = self.catalogue.get(claim.scheme_id) if claim.scheme_id else None
        names = scheme.documents.names if scheme else {}
        due = statutory_due_dates(self.catalogue, claim)
        assessment, rejection = claim.assessment, claim.rejection
        return ClaimDocument(
            claim_id=str(claim.id),
            scheme_id=claim.scheme_id,
            insured_id_number=claim.insured_id_number,
            insured_name=claim.insured_name,
            accident_id=str(claim.accident_id),
            accident=AccidentDoc(
                accident_date=accident.occurred_on.isoformat(),
                place=accident.place,
                cause=accident.cause,
                description=accident.description,
            ),
            benefits=[str(b) for b in claim.benefits],
            status=str(claim.status),
            report_time=claim.reported_at.isoformat(),
            report_date=claim.reported_on.isoformat(),
            required_documents=list(claim.required_documents),
            missing_documents=[
                MissingDoc(kind=k, display_name=names.get(k, k))
                for k in claim.missing_documents
            ],
            documents=[paperwork(d) for d in claim.documents],
            documents_complete_date=_iso(claim.documents_complete_on),
            payments=[
                PaymentDoc(
                    amount_fen=p.amount_fen,
                    payment_date=p.paid_on.isoformat(),
                    reference=p.reference,
                )
                for p in claim.payments
            ],
            assessed_fen=claim.assessed_fen,
            paid_fen=claim.paid_fen,
            assessment=AssessmentDoc(
                lines=[_line(line) for line in assessment.lines],
                assessment_date=assessment.assessed_on.isoformat(),
                total_fen=assessment.total_fen,
            )
            if assessment is not None
            else None,
            rejection=RejectionDoc(
                reasons=[
                    ReasonDoc(code=r.code, text=r.text) for r in rejection.reasons
                ],
                text=rejection.text,
                rejection_date=rejection.rejected_on.isoformat(),
            )
            if rejection is not None
            else None,
            withdrawal_date=_iso(claim.withdrawn_on),
            deadlines=DueDatesDoc(
                decision_due_date=_iso(due.decision_due),
                advance_payment_due_date=_iso(due.advance_payment_due),
                payment_due_date=_iso(due.payment_due),
                rejection_notice_due_date=_iso(due.rejection_notice_due),
            ),
            version=claim.version,
            update_time=claim.modified_on.isoformat(),
            township=claim.township,
            set_asides=[
                SetAsideDoc(
                    reason_code=a.reason_code,
                    override_reason_code=a.override_reason_code,
                    text=a.text,
                )
                for a in claim.set_asides
            ],
            outstanding_fen=claim.outstanding_fen,
            to_recover_fen=claim.to_recover_fen,
            recovered_fen=claim.recovered_fen,
            set_offs=[
                SetOffDoc(
                    from_claim_id=str(s.from_claim_id),
                    from_benefit=s.from_benefit,
                    to_claim_id=str(s.to_claim_id),
                    to_benefit=s.to_benefit,
                    amount_fen=s.amount_fen,
                    explanation=s.explanation(claim.id),
                )
                for s in claim.settlement.set_offs
            ],
            recoveries=[
                RecoveryDoc(
                    amount_fen=r.amount_fen,
                    recovery_date=r.recovered_on.isoformat(),
                    reference=r.reference,
                )
                for r in claim.recoveries
            ],
        )


def _line(line: BenefitLine) -> LineDoc:
    return LineDoc(
        benefit=str(line.benefit),
        amount_fen=line.amount_fen,
        explanation=line.explanation,
        rule=line.rule,
        reason_code=line.reason_code,
        deductible_fen=line.deductible_fen,
        days=len(line.days),
        ratio_percent=line.ratio_percent,
        computed_fen=line.computed_fen,
        override_reason_code=line.override_reason_code,
        override_reason_text=line.override_reason_text,
        override_input=line.override_input,
        computed_input=line.computed_input,
        overridden_input=line.overridden_input,
    )

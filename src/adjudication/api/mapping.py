"""Proto messages to domain values and back.

Reading a request collects every malformed field (a date that is not ISO-8601,
an unspecified enum, a bad resource name) with its path, so the client hears of
all of them in one INVALID_ARGUMENT.
"""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol
from uuid import UUID

from google.protobuf.timestamp_pb2 import Timestamp

from adjudication.domain.accident import Accident
from adjudication.domain.assessment import Override
from adjudication.domain.benefits import BenefitLine
from adjudication.domain.claim import Claim, ClaimStatus
from adjudication.domain.deadlines import DueDates
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import Violations
from adjudication.domain.facts import (
    AccidentCertificate,
    AccidentFacts,
    BankAccount,
    BurnArea,
    BurnDiagnosis,
    DeathCertificate,
    DisabilityAppraisal,
    Document,
    HospitalStay,
    Invoice,
)
from adjudication.domain.scheme_year import SchemeCatalogue
from adjudication.v1 import claims_pb2 as pb

CLAIMS = "claims/"


def benefit_to_proto(benefit: str) -> str:
    """The enum value's name, which message constructors take."""
    return f"BENEFIT_{benefit}"


def status_to_proto(status: ClaimStatus) -> str:
    return f"CLAIM_STATUS_{status.value}"


def claim_name(claim_id: UUID) -> str:
    return f"{CLAIMS}{claim_id}"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class RequestReader:
    """Reads request fields into domain values, collecting every violation."""

    def __init__(self) -> None:
        self.problems = Violations()

    def done(self) -> None:
        self.problems.raise_if_any()

    def claim_id(self, name: str, field: str = "name") -> UUID:
        if name.startswith(CLAIMS):
            try:
                return UUID(name.removeprefix(CLAIMS))
            except ValueError:
                pass
        self.problems.add(field, "must be claims/{claim_id} with a UUID claim id")
        return UUID(int=0)

    def uuid(self, value: str, field: str) -> UUID:
        try:
            return UUID(value)
        except ValueError:
            self.problems.add(field, "must be a UUID")
            return UUID(int=0)

    def day(self, value: str, field: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            what = "required" if not value else f"{value!r} is not a date"
            self.problems.add(field, f"{what} (YYYY-MM-DD)")
            return date.min

    def optional_day(self, value: str, field: str) -> date | None:
        return self.day(value, field) if value else None

    def decimal(self, value: str, field: str) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.problems.add(field, f"{value!r} is not a decimal number")
            return Decimal(0)
        return number

    def benefit(self, value: int, field: str) -> str:
        name = pb.Benefit.Name(value) if value in pb.Benefit.values() else ""
        if not name or value == pb.BENEFIT_UNSPECIFIED:
            self.problems.add(field, "must be a benefit")
            return "UNSPECIFIED"
        return name.removeprefix("BENEFIT_")

    def benefits(self, values: list[int], field: str) -> list[str]:
        return [self.benefit(v, f"{field}[{i}]") for i, v in enumerate(values)]

    def accident(self, facts: pb.AccidentFacts, field: str) -> AccidentFacts:
        return AccidentFacts(
            occurred_on=self.day(facts.accident_date, f"{field}.accident_date"),
            place=facts.place,
            cause=facts.cause,
            description=facts.description,
        )

    def documents(self, docs: list[pb.Document], field: str) -> list[Document]:
        return [self._document(d, f"{field}[{i}]") for i, d in enumerate(docs)]

    def _document(self, doc: pb.Document, f: str) -> Document:
        return Document(
            kind=doc.kind,
            invoices=tuple(
                Invoice(
                    number=inv.number,
                    issued_on=self.day(inv.issue_date, f"{f}.invoices[{j}].issue_date"),
                    amount_fen=inv.amount_fen,
                    reimbursed_fen=inv.reimbursed_fen,
                )
                for j, inv in enumerate(doc.invoices)
            ),
            stays=tuple(
                HospitalStay(
                    admitted_on=self.day(
                        s.admission_date, f"{f}.stays[{j}].admission_date"
                    ),
                    discharged_on=self.day(
                        s.discharge_date, f"{f}.stays[{j}].discharge_date"
                    ),
                    hospital=s.hospital,
                )
                for j, s in enumerate(doc.stays)
            ),
            appraisal=DisabilityAppraisal(
                item_ids=tuple(doc.appraisal.item_ids),
                appraised_on=self.day(
                    doc.appraisal.appraisal_date, f"{f}.appraisal.appraisal_date"
                ),
                institution=doc.appraisal.institution,
            )
            if doc.HasField("appraisal")
            else None,
            burn=BurnDiagnosis(
                areas=tuple(
                    BurnArea(
                        region=a.region,
                        degree=a.degree,
                        area_percent=self.decimal(
                            a.area_percent, f"{f}.burn.areas[{k}].area_percent"
                        ),
                    )
                    for k, a in enumerate(doc.burn.areas)
                ),
                diagnosed_on=self.day(
                    doc.burn.diagnosis_date, f"{f}.burn.diagnosis_date"
                ),
            )
            if doc.HasField("burn")
            else None,
            death=DeathCertificate(
                died_on=self.day(doc.death.death_date, f"{f}.death.death_date"),
                cause=doc.death.cause,
                caused_by_accident=doc.death.caused_by_accident,
            )
            if doc.HasField("death")
            else None,
            accident_certificate=AccidentCertificate(
                issuer=doc.accident_certificate.issuer,
                issued_on=self.day(
                    doc.accident_certificate.issue_date,
                    f"{f}.accident_certificate.issue_date",
                ),
            )
            if doc.HasField("accident_certificate")
            else None,
            bank_account=BankAccount(
                holder=doc.bank_account.holder,
                bank=doc.bank_account.bank,
                account_number=doc.bank_account.account_number,
            )
            if doc.HasField("bank_account")
            else None,
        )

    def overrides(self, overrides: list[pb.Override], field: str) -> list[Override]:
        return [
            Override(
                benefit=self.benefit(o.benefit, f"{field}[{i}].benefit"),
                amount_fen=o.amount_fen,
                reason_code=o.reason_code,
                reason_text=o.reason_text,
            )
            for i, o in enumerate(overrides)
        ]

    def reasons(self, reasons: list[pb.RejectionReason]) -> list[Reason]:
        return [Reason(r.code, r.text) for r in reasons]


class ClaimSource(Protocol):
    """What presenting a claim needs: the claims application, or the read
    model's view of the same event store."""

    catalogue: SchemeCatalogue

    def get_accident(self, accident_id: UUID) -> Accident: ...

    def due_dates(self, claim: Claim) -> DueDates: ...


class ClaimPresenter:
    """Claims as the contract shows them."""

    def __init__(self, app: ClaimSource) -> None:
        self.app = app
        # Accidents never change once recorded: cache them.
        self.accident: Callable[[UUID], Accident] = lru_cache(maxsize=4096)(
            app.get_accident
        )

    def claim(self, claim: Claim) -> pb.Claim:
        accident = self.accident(claim.accident_id)
        scheme = self.app.catalogue.get(claim.scheme_id) if claim.scheme_id else None
        names = scheme.documents.names if scheme else {}
        message = pb.Claim(
            name=claim_name(claim.id),
            claim_id=str(claim.id),
            scheme_id=claim.scheme_id or "",
            insured_id_number=claim.insured_id_number,
            insured_name=claim.insured_name,
            accident_id=str(claim.accident_id),
            accident=pb.AccidentFacts(
                accident_date=_iso(accident.occurred_on),
                place=accident.place,
                cause=accident.cause,
                description=accident.description,
            ),
            benefits=[benefit_to_proto(b) for b in claim.benefits],
            status=status_to_proto(claim.status),
            report_time=timestamp(claim.reported_at),
            report_date=_iso(claim.reported_on),
            required_documents=list(claim.required_documents),
            missing_documents=[
                pb.MissingDocument(kind=k, display_name=names.get(k, k))
                for k in claim.missing_documents
            ],
            documents=[_document(d) for d in claim.documents],
            documents_complete_date=_iso(claim.documents_complete_on),
            payments=[
                pb.Payment(
                    amount_fen=p.amount_fen,
                    payment_date=_iso(p.paid_on),
                    reference=p.reference,
                )
                for p in claim.payments
            ],
            assessed_fen=claim.assessed_fen,
            paid_fen=claim.paid_fen,
            withdrawal_date=_iso(claim.withdrawn_on),
            version=claim.version,
            update_time=timestamp(claim.modified_on),
            township=claim.township,
        )
        if claim.assessment is not None:
            message.assessment.CopyFrom(
                pb.Assessment(
                    lines=[_line(line) for line in claim.assessment.lines],
                    assessment_date=_iso(claim.assessment.assessed_on),
                    total_fen=claim.assessment.total_fen,
                )
            )
        if claim.rejection is not None:
            message.rejection.CopyFrom(
                pb.Rejection(
                    reasons=[
                        pb.RejectionReason(code=r.code, text=r.text)
                        for r in claim.rejection.reasons
                    ],
                    text=claim.rejection.text,
                    rejection_date=_iso(claim.rejection.rejected_on),
                )
            )
        due = self.app.due_dates(claim)
        message.deadlines.CopyFrom(
            pb.StatutoryDeadlines(
                decision_due_date=_iso(due.decision_due),
                advance_payment_due_date=_iso(due.advance_payment_due),
                payment_due_date=_iso(due.payment_due),
                rejection_notice_due_date=_iso(due.rejection_notice_due),
            )
        )
        return message


def timestamp(instant: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(instant)
    return stamp


def _line(line: BenefitLine) -> pb.BenefitLine:
    message = pb.BenefitLine(
        benefit=benefit_to_proto(line.benefit),
        amount_fen=line.amount_fen,
        explanation=line.explanation,
        rule=line.rule,
        reason_code=line.reason_code or "",
        deductible_fen=line.deductible_fen,
        days=len(line.days),
        ratio_percent=line.ratio_percent,
        override_reason_code=line.override_reason_code or "",
        override_reason_text=line.override_reason_text or "",
    )
    if line.computed_fen is not None:
        message.computed_fen = line.computed_fen
    return message


def _document(doc: Document) -> pb.Document:
    message = pb.Document(
        kind=doc.kind,
        invoices=[
            pb.Invoice(
                number=i.number,
                issue_date=_iso(i.issued_on),
                amount_fen=i.amount_fen,
                reimbursed_fen=i.reimbursed_fen,
            )
            for i in doc.invoices
        ],
        stays=[
            pb.HospitalStay(
                admission_date=_iso(s.admitted_on),
                discharge_date=_iso(s.discharged_on),
                hospital=s.hospital,
            )
            for s in doc.stays
        ],
    )
    if doc.appraisal:
        message.appraisal.CopyFrom(
            pb.DisabilityAppraisal(
                item_ids=list(doc.appraisal.item_ids),
                appraisal_date=_iso(doc.appraisal.appraised_on),
                institution=doc.appraisal.institution,
            )
        )
    if doc.burn:
        message.burn.CopyFrom(
            pb.BurnDiagnosis(
                areas=[
                    pb.BurnArea(
                        region=a.region,
                        degree=a.degree,
                        area_percent=str(a.area_percent),
                    )
                    for a in doc.burn.areas
                ],
                diagnosis_date=_iso(doc.burn.diagnosed_on),
            )
        )
    if doc.death:
        message.death.CopyFrom(
            pb.DeathCertificate(
                death_date=_iso(doc.death.died_on),
                cause=doc.death.cause,
                caused_by_accident=doc.death.caused_by_accident,
            )
        )
    if doc.accident_certificate:
        message.accident_certificate.CopyFrom(
            pb.AccidentCertificate(
                issuer=doc.accident_certificate.issuer,
                issue_date=_iso(doc.accident_certificate.issued_on),
            )
        )
    if doc.bank_account:
        message.bank_account.CopyFrom(
            pb.BankAccount(
                holder=doc.bank_account.holder,
                bank=doc.bank_account.bank,
                account_number=doc.bank_account.account_number,
            )
        )
    return message


def benefit_of(value: int) -> str:
    return pb.Benefit.Name(value).removeprefix("BENEFIT_")


def status_of(value: int) -> ClaimStatus:
    return ClaimStatus(pb.ClaimStatus.Name(value).removeprefix("CLAIM_STATUS_"))

"""Reading request fields into domain values.

Reading a request collects every malformed field (a date that is not ISO-8601,
an unspecified enum, a bad resource name) with its path, so the client hears of
all of them in one INVALID_ARGUMENT.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from adjudication.api.mapping import CLAIMS
from adjudication.domain.appeals import SetAside
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
from adjudication.domain.overrides import AMOUNT, Override
from adjudication.v1 import claims_pb2 as pb


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
        """Each override with the input its `value` sets; none set is an amount
        of 0, which is how a client of the contract before the inputs sends
        one (proto3 does not send a 0 field)."""
        result = []
        for i, o in enumerate(overrides):
            input = o.WhichOneof("value") or AMOUNT
            result.append(
                Override(
                    benefit=self.benefit(o.benefit, f"{field}[{i}].benefit"),
                    input=input,
                    value=getattr(o, input),
                    reason_code=o.reason_code,
                    reason_text=o.reason_text,
                )
            )
        return result

    def reasons(self, reasons: list[pb.RejectionReason]) -> list[Reason]:
        return [Reason(r.code, r.text) for r in reasons]

    def set_asides(self, entries: list[pb.SetAside]) -> list[SetAside]:
        return [
            SetAside(e.reason_code, e.override_reason_code, e.text) for e in entries
        ]

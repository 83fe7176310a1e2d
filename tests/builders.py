"""Test builders: valid resident ID numbers, a settable clock, documents and
whole claim journeys."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from stdnum.cn import ric

from adjudication.adapters.identities import PersonIds
from adjudication.claims.application import ClaimsApplication, CommandResult
from adjudication.domain.calendar import CST
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    ReportClaim,
)
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

SCHEME_START = date(2024, 10, 14)


def resident_id(serial: int, born: date = date(1970, 5, 17)) -> str:
    """A valid 18-character Xiangning resident ID number (check digit computed)."""
    body = f"141029{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class Clock:
    """The service's clock, set by the test to a CST calendar day."""

    def __init__(self, day: date = date(2025, 1, 1)) -> None:
        self.now = datetime.combine(day, time(10, 0), CST).astimezone(UTC)

    def set(self, day: date) -> None:
        self.now = datetime.combine(day, time(10, 0), CST).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now


def accident(
    on: date, cause: str = "FALL", place: str = "田间", description: str = "摔伤"
) -> AccidentFacts:
    return AccidentFacts(on, place, cause, description)


def common_documents(accident_on: date) -> list[Document]:
    return [
        Document("CLAIM_FORM"),
        Document("ID_CARD"),
        Document("HOUSEHOLD_REGISTER"),
        Document(
            "ACCIDENT_CERTIFICATE",
            accident_certificate=AccidentCertificate("村民委员会", accident_on),
        ),
        Document(
            "BANK_ACCOUNT",
            bank_account=BankAccount(
                "张建国", "中国农业银行乡宁支行", "6228480012345678"
            ),
        ),
    ]


def medical_documents(*invoices: Invoice) -> list[Document]:
    return [
        Document("DIAGNOSIS"),
        Document("MEDICAL_RECORDS"),
        Document("INSURANCE_SETTLEMENT"),
        Document("MEDICAL_INVOICES", invoices=tuple(invoices)),
    ]


def stay_documents(*stays: HospitalStay) -> list[Document]:
    return [Document("DISCHARGE_SUMMARY", stays=tuple(stays))]


def appraisal_documents(*item_ids: str, on: date) -> list[Document]:
    return [
        Document(
            "DISABILITY_APPRAISAL",
            appraisal=DisabilityAppraisal(tuple(item_ids), on, "临汾市人民医院"),
        )
    ]


def burn_documents(*areas: tuple[str, str, str], on: date) -> list[Document]:
    return [
        Document(
            "BURN_DIAGNOSIS",
            burn=BurnDiagnosis(
                tuple(BurnArea(r, d, Decimal(a)) for r, d, a in areas), on
            ),
        )
    ]


def death_documents(
    died_on: date, caused_by_accident: bool = True, cause: str = "颅脑损伤"
) -> list[Document]:
    return [
        Document(
            "DEATH_CERTIFICATE",
            death=DeathCertificate(died_on, cause, caused_by_accident),
        ),
        Document("HOUSEHOLD_DEREGISTRATION"),
        Document("BENEFICIARY_PROOF"),
    ]


def documents_for(
    benefits: list[str],
    accident_on: date,
    *,
    invoices: tuple[Invoice, ...] = (),
    stays: tuple[HospitalStay, ...] = (),
    items: tuple[str, ...] = (),
    burns: tuple[tuple[str, str, str], ...] = (),
    died_on: date | None = None,
) -> list[Document]:
    """Every document the benefits need, with the given facts."""
    docs = common_documents(accident_on)
    if "MEDICAL" in benefits:
        docs += medical_documents(*invoices)
    if "HOSPITAL_ALLOWANCE" in benefits:
        docs += stay_documents(*stays)
    if "DISABILITY" in benefits:
        docs += appraisal_documents(*items, on=accident_on)
    if "BURN" in benefits:
        docs += burn_documents(*burns, on=accident_on)
    if "DEATH" in benefits:
        assert died_on is not None
        docs += death_documents(died_on)
    return docs


class Journeys:
    """Whole claims driven through the application, one request id per step."""

    def __init__(self, app: ClaimsApplication, clock: Clock) -> None:
        self.app, self.clock = app, clock

    def request_id(self) -> str:
        return f"test-{uuid4().hex}"

    def report(
        self,
        insured: str,
        benefits: list[str],
        on: date | None = None,
        cause: str = "FALL",
        accident_id: UUID | None = None,
        reported_on: date | None = None,
        distinct_accident: bool = False,
    ) -> CommandResult:
        """`distinct_accident`: another accident than one already recorded for
        the insured on that date (else such a report is refused, I10)."""
        self.clock.set(reported_on or (on or date(2025, 1, 1)))
        return self.app.report_claim(
            ReportClaim(
                self.request_id(),
                insured,
                "张建国",
                benefits,
                accident=accident(on, cause) if accident_id is None and on else None,
                accident_id=accident_id,
                distinct_accident=distinct_accident,
            ),
        )

    def assessed(
        self,
        insured: str,
        benefits: list[str],
        on: date,
        accident_id: UUID | None = None,
        assessed_on: date | None = None,
        distinct_accident: bool = False,
        **facts: Any,
    ) -> CommandResult:
        """Report, document completely and assess a claim."""
        if accident_id is not None:
            self.clock.set(assessed_on or on)
            claim = self.app.report_claim(
                ReportClaim(
                    self.request_id(),
                    insured,
                    "张建国",
                    benefits,
                    accident_id=accident_id,
                )
            ).claim
        else:
            claim = self.report(
                insured,
                benefits,
                on,
                reported_on=assessed_on,
                distinct_accident=distinct_accident,
            ).claim
        self.clock.set(assessed_on or on)
        self.app.record_documents(
            RecordDocuments(
                self.request_id(), claim.id, documents_for(benefits, on, **facts)
            )
        )
        return self.app.assess_claim(AssessClaim(self.request_id(), claim.id))

    def pay_in_full(self, claim_id: UUID, paid_on: date) -> CommandResult:
        self.clock.set(paid_on)
        claim = self.app.get_claim(claim_id)
        return self.app.record_payment(
            RecordPayment(
                self.request_id(),
                claim_id,
                claim.outstanding_fen,
                f"BANK-{self.request_id()}",
                paid_on,
            ),
        )


class UnkeyedIds:
    """How a store written before keyed ids named a person's aggregates
    (`app.person_ids = UnkeyedIds(app.person_ids)` writes as it did)."""

    def __init__(self, ids: PersonIds) -> None:
        self.ids = ids

    def __getattr__(self, kind: str) -> Any:
        return lambda *name: (getattr(self.ids, kind)(*name)[1],)

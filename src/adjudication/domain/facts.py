"""The facts a claim's documents establish (理赔材料), as value objects."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from adjudication.domain.money import Fen

T = TypeVar("T")


@dataclass(frozen=True)
class AccidentFacts:
    occurred_on: date
    place: str
    cause: str  # a cause code of the scheme year
    description: str


@dataclass(frozen=True)
class Invoice:
    """A medical invoice (医疗费用发票) and what other payers already reimbursed."""

    number: str
    issued_on: date
    amount_fen: Fen
    reimbursed_fen: Fen = 0


@dataclass(frozen=True)
class HospitalStay:
    admitted_on: date
    discharged_on: date
    hospital: str = ""

    @property
    def days(self) -> int:
        return (self.discharged_on - self.admitted_on).days


@dataclass(frozen=True)
class DisabilityAppraisal:
    """An appraisal (伤残鉴定书) listing items of the disability standard."""

    item_ids: tuple[str, ...]
    appraised_on: date
    institution: str = ""


@dataclass(frozen=True)
class BurnArea:
    region: str  # a body region of the scheme's burn table, e.g. HEAD_NECK
    degree: str  # I, II or III
    area_percent: Decimal  # share of total body surface area


@dataclass(frozen=True)
class BurnDiagnosis:
    areas: tuple[BurnArea, ...]
    diagnosed_on: date


@dataclass(frozen=True)
class DeathCertificate:
    died_on: date
    cause: str
    caused_by_accident: bool  # the certificate attributes the death to the injury


@dataclass(frozen=True)
class AccidentCertificate:
    issuer: str  # police, traffic police or village committee
    issued_on: date


@dataclass(frozen=True)
class BankAccount:
    holder: str
    bank: str
    account_number: str


@dataclass(frozen=True)
class Document:
    """One document received; the kinds that carry facts carry them here."""

    kind: str
    invoices: tuple[Invoice, ...] = ()
    stays: tuple[HospitalStay, ...] = ()
    appraisal: DisabilityAppraisal | None = None
    burn: BurnDiagnosis | None = None
    death: DeathCertificate | None = None
    accident_certificate: AccidentCertificate | None = None
    bank_account: BankAccount | None = None


# Which document kind carries which fact, and so must carry it.
FACT_OF_KIND = {
    "MEDICAL_INVOICES": "invoices",
    "DISCHARGE_SUMMARY": "stays",
    "DISABILITY_APPRAISAL": "appraisal",
    "BURN_DIAGNOSIS": "burn",
    "DEATH_CERTIFICATE": "death",
    "ACCIDENT_CERTIFICATE": "accident_certificate",
    "BANK_ACCOUNT": "bank_account",
}


@dataclass(frozen=True)
class ClaimFacts:
    """What all of a claim's documents establish together: every invoice and stay;
    the latest appraisal, burn diagnosis, death certificate and bank account;
    every appraisal, in the order received (graded together as one set)."""

    invoices: tuple[Invoice, ...] = ()
    stays: tuple[HospitalStay, ...] = ()
    appraisal: DisabilityAppraisal | None = None
    burn: BurnDiagnosis | None = None
    death: DeathCertificate | None = None
    bank_account: BankAccount | None = None
    appraisals: tuple[DisabilityAppraisal, ...] = ()

    @classmethod
    def of(cls, documents: tuple[Document, ...]) -> "ClaimFacts":
        return cls(
            invoices=tuple(i for d in documents for i in d.invoices),
            stays=tuple(s for d in documents for s in d.stays),
            appraisal=_latest([d.appraisal for d in documents]),
            burn=_latest([d.burn for d in documents]),
            death=_latest([d.death for d in documents]),
            bank_account=_latest([d.bank_account for d in documents]),
            appraisals=tuple(d.appraisal for d in documents if d.appraisal),
        )

    def appraised_items(self) -> tuple[str, ...]:
        """The items of every appraisal of the claim, each once, in the order
        received: one set for grading (standard §3.4: an item is never graded
        twice)."""
        appraisals = self.appraisals or ((self.appraisal,) if self.appraisal else ())
        return tuple(dict.fromkeys(i for a in appraisals for i in a.item_ids))

    def appraised_on(self) -> date | None:
        """The date of the latest appraisal, if any."""
        appraisals = self.appraisals or ((self.appraisal,) if self.appraisal else ())
        return max((a.appraised_on for a in appraisals), default=None)


def _latest(values: list[T | None]) -> T | None:
    return next((v for v in reversed(values) if v is not None), None)

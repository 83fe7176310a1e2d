"""How the domain's value objects are stored in events (JSON)."""

from dataclasses import fields
from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from adjudication.domain.accident import Correction
from adjudication.domain.appeals import SetAside
from adjudication.domain.benefits import BenefitLine, FullPayout
from adjudication.domain.claim import PaidBenefit, Payment, Recovery
from adjudication.domain.eligibility import Reason
from adjudication.domain.enrolment import RowOutcome
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
from adjudication.domain.set_off import BenefitAmount, SetOff, Settlement

VALUE_OBJECTS: tuple[type, ...] = (
    AccidentCertificate,
    AccidentFacts,
    BankAccount,
    BenefitAmount,
    BenefitLine,
    BurnArea,
    BurnDiagnosis,
    Correction,
    DeathCertificate,
    DisabilityAppraisal,
    Document,
    FullPayout,
    HospitalStay,
    Invoice,
    PaidBenefit,
    Payment,
    Reason,
    Recovery,
    RowOutcome,
    SetAside,
    SetOff,
    Settlement,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ValueObjectAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields; lists come back as tuples."""

    def __init__(self, cls: type) -> None:
        self.type = cls
        self.name = cls.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        )


def register(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for cls in VALUE_OBJECTS:
        transcoder.register(ValueObjectAsDict(cls))

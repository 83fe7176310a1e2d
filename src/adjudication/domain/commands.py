"""What a client asks of a claim, or of the enrolment: one frozen dataclass per
command, each with the client's request id. A repeated request id is told
apart from a reused one by the command's fingerprint (see
`adjudication.service_layer.receipts`).

Sequences given as lists are kept as tuples, so a command is a value."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from uuid import UUID

from adjudication.domain.appeals import SetAside
from adjudication.domain.eligibility import Reason
from adjudication.domain.facts import AccidentFacts, Document
from adjudication.domain.money import Fen
from adjudication.domain.overrides import Override
from adjudication.domain.registration_answers import RegistrationEntry


@dataclass(frozen=True)
class Command:
    request_id: str

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                object.__setattr__(self, f.name, tuple(value))


@dataclass(frozen=True)
class ReportClaim(Command):
    """A claim for some benefits of an accident: the accident's facts when it is
    new, or the `accident_id` of one already recorded for the same insured.
    `distinct_accident`: the new accident is not the one already recorded for
    the insured on the same date."""

    insured_id_number: str
    insured_name: str
    benefits: tuple[str, ...]
    accident: AccidentFacts | None = None
    accident_id: UUID | None = None
    reported_at: datetime | None = None
    distinct_accident: bool = False


@dataclass(frozen=True)
class RecordDocuments(Command):
    claim_id: UUID
    documents: tuple[Document, ...]
    received_on: date | None = None  # today when not given


@dataclass(frozen=True)
class AssessClaim(Command):
    """Compute every claimed benefit; an officer may override an input of a
    line (or negotiate its amount) with a reason (I8), and on a reopened claim
    set automatic reasons aside (I11)."""

    claim_id: UUID
    overrides: tuple[Override, ...] = field(default=())
    decided_on: date | None = None  # the day it took effect; today when not given
    set_asides: tuple[SetAside, ...] = field(default=())


@dataclass(frozen=True)
class RejectClaim(Command):
    claim_id: UUID
    reasons: tuple[Reason, ...]
    text: str
    decided_on: date | None = None  # the day it took effect; today when not given


@dataclass(frozen=True)
class RecordPayment(Command):
    claim_id: UUID
    amount_fen: Fen
    reference: str  # the bank's transfer reference
    paid_on: date | None = None  # today when not given


@dataclass(frozen=True)
class RecordRecovery(Command):
    """An overpayment refunded to the insurer (应追回, I7)."""

    claim_id: UUID
    amount_fen: Fen
    reference: str  # the bank's reference of the refund
    recovered_on: date | None = None  # today when not given


@dataclass(frozen=True)
class WithdrawClaim(Command):
    claim_id: UUID
    reason: str


@dataclass(frozen=True)
class ReopenClaim(Command):
    """An appeal: the claim is open again for documents and a new assessment.
    The decision is due 30 days after the last of `awaited_documents` (kinds
    of the scheme year's checklist) is received, or after the reopening;
    automatic reasons may be set aside for it (I11)."""

    claim_id: UUID
    reason: str
    awaited_documents: tuple[str, ...] = ()
    set_asides: tuple[SetAside, ...] = field(default=())


@dataclass(frozen=True)
class CorrectAccident(Command):
    """An officer's correction of an accident's facts, with a reason code of the
    scheme year's override reasons and a text (I10)."""

    accident_id: UUID
    accident: AccidentFacts  # the corrected facts, whole
    reason_code: str
    reason_text: str


@dataclass(frozen=True)
class ConfirmRegistrations(Command):
    """The public security bureau's answers to the registration checks."""

    scheme_id: str
    source: str  # e.g. the bureau's letter
    answers: tuple[RegistrationEntry, ...]

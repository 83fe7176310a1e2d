"""Input limits at the edge: one table for every field of every request.

Before a handler runs, each request (each message of a streamed one) is walked
against its descriptor and this table: the length of every string, the count
of every repeated field, no control characters (tab and newline only in free
text), dates and timestamps within a sane window, whole numbers (amounts in
fen among them) within their range, enum values the contract knows. A request
that breaks any of them is INVALID_ARGUMENT naming every bad field by its
proto path, before anything is read or written. Together with the per-claim
caps of the domain (`domain.claim.MAX_DOCUMENTS`, `MAX_TRANSFERS`,
`MAX_REOPENINGS`, `domain.accident.MAX_CORRECTIONS`), this keeps a
claim, all its events together, far below the gRPC message limit.

The README's "Input limits" section is this table; a test fails when a string
or repeated field of a request has no entry here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from adjudication.domain.errors import Violations
from adjudication.service_layer.unit_of_work import MAX_REQUEST_ID

# Dates and timestamps a request may carry; outside them no date is a fact of
# this scheme, and date arithmetic near date.min/max would overflow.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
EARLIEST_SECONDS = -2208988800  # 1900-01-01T00:00:00Z
LATEST_SECONDS = 4133980799  # 2100-12-31T23:59:59Z
# The largest amount a request may name: 100 million yuan, well above any
# benefit of the scheme and far inside int64 and every database's integers.
MAX_FEN = 10_000_000_000
# Positions, versions and counts: non-negative, and within a double's exact
# integers so JSON clients (JavaScript) read them back unchanged.
MAX_COUNT = 2**53 - 1


@dataclass(frozen=True)
class Text:
    """A string: at most `chars` characters, no control characters except tab
    and newline (CR too) where `free_text`; `is_date` ones, once they read as
    a date, within EARLIEST..LATEST."""

    chars: int
    free_text: bool = False
    is_date: bool = False


@dataclass(frozen=True)
class Many:
    """A repeated field: at most `items` entries."""

    items: int


@dataclass(frozen=True)
class Whole:
    """A whole number within `low..high`."""

    low: int
    high: int


@dataclass(frozen=True)
class Raw:
    """Bytes: at most `size` of them in one message."""

    size: int


Limit = Text | Many | Whole | Raw

ID = Text(64)  # resource names, UUIDs, scheme ids, codes
REQUEST_ID = Text(MAX_REQUEST_ID)
NAME = Text(100)  # a person's, a bank's, a place's name
LINE = Text(200)  # one line of text: a cause, a hospital
FREE = Text(500, free_text=True)  # a clerk's explanation, a reason
STORY = Text(1000, free_text=True)  # an accident's description, a rejection
DATE = Text(10, is_date=True)
CODE = Text(64)
RESIDENT_ID = Text(32)
TOKEN = Text(512)
AMOUNT = Whole(0, MAX_FEN)
COUNT = Whole(0, MAX_COUNT)
PAGE_SIZE = Whole(0, 2**31 - 1)  # negative: the listing says so itself
PERCENT = Whole(0, 100)

# message.field -> its limit (every message of the package adjudication.v1).
LIMITS: dict[str, Limit] = {
    # claims.proto
    "AccidentFacts.accident_date": DATE,
    "AccidentFacts.place": LINE,
    "AccidentFacts.cause": LINE,
    "AccidentFacts.description": STORY,
    "Document.kind": CODE,
    "Document.invoices": Many(20),
    "Document.stays": Many(5),
    "Invoice.number": Text(32),
    "Invoice.issue_date": DATE,
    "Invoice.amount_fen": AMOUNT,
    "Invoice.reimbursed_fen": AMOUNT,
    "HospitalStay.admission_date": DATE,
    "HospitalStay.discharge_date": DATE,
    "HospitalStay.hospital": LINE,
    "DisabilityAppraisal.item_ids": Many(20),
    "DisabilityAppraisal.item_ids[]": Text(16),
    "DisabilityAppraisal.appraisal_date": DATE,
    "DisabilityAppraisal.institution": LINE,
    "BurnDiagnosis.areas": Many(12),
    "BurnDiagnosis.diagnosis_date": DATE,
    "BurnArea.region": Text(32),
    "BurnArea.degree": Text(32),
    "BurnArea.area_percent": Text(16),
    "DeathCertificate.death_date": DATE,
    "DeathCertificate.cause": LINE,
    "AccidentCertificate.issuer": LINE,
    "AccidentCertificate.issue_date": DATE,
    "BankAccount.holder": NAME,
    "BankAccount.bank": NAME,
    "BankAccount.account_number": Text(40),
    "RejectionReason.code": CODE,
    "RejectionReason.text": FREE,
    "Override.amount_fen": AMOUNT,
    "Override.grade": Whole(0, 100),
    "Override.ratio_percent": PERCENT,
    "Override.eligible_fen": AMOUNT,
    "Override.days": Whole(0, 36_600),
    "Override.reason_code": CODE,
    "Override.reason_text": FREE,
    "SetAside.reason_code": CODE,
    "SetAside.override_reason_code": CODE,
    "SetAside.text": FREE,
    "ReportClaimRequest.request_id": REQUEST_ID,
    "ReportClaimRequest.insured_id_number": RESIDENT_ID,
    "ReportClaimRequest.insured_name": NAME,
    "ReportClaimRequest.benefits": Many(10),
    "ReportClaimRequest.accident_id": ID,
    "RecordDocumentsRequest.request_id": REQUEST_ID,
    "RecordDocumentsRequest.name": ID,
    "RecordDocumentsRequest.documents": Many(20),  # domain.claim.MAX_DOCUMENTS
    "RecordDocumentsRequest.received_date": DATE,
    "AssessClaimRequest.request_id": REQUEST_ID,
    "AssessClaimRequest.name": ID,
    "AssessClaimRequest.overrides": Many(10),
    "AssessClaimRequest.decision_date": DATE,
    "AssessClaimRequest.set_asides": Many(5),
    "RejectClaimRequest.request_id": REQUEST_ID,
    "RejectClaimRequest.name": ID,
    "RejectClaimRequest.reasons": Many(10),
    "RejectClaimRequest.text": STORY,
    "RejectClaimRequest.decision_date": DATE,
    "RecordPaymentRequest.request_id": REQUEST_ID,
    "RecordPaymentRequest.name": ID,
    "RecordPaymentRequest.amount_fen": AMOUNT,
    "RecordPaymentRequest.reference": CODE,
    "RecordPaymentRequest.payment_date": DATE,
    "RecordRecoveryRequest.request_id": REQUEST_ID,
    "RecordRecoveryRequest.name": ID,
    "RecordRecoveryRequest.amount_fen": AMOUNT,
    "RecordRecoveryRequest.reference": CODE,
    "RecordRecoveryRequest.recovery_date": DATE,
    "WithdrawClaimRequest.request_id": REQUEST_ID,
    "WithdrawClaimRequest.name": ID,
    "WithdrawClaimRequest.reason": FREE,
    "ReopenClaimRequest.request_id": REQUEST_ID,
    "ReopenClaimRequest.name": ID,
    "ReopenClaimRequest.reason": FREE,
    "ReopenClaimRequest.awaited_documents": Many(20),
    "ReopenClaimRequest.awaited_documents[]": CODE,
    "ReopenClaimRequest.set_asides": Many(5),
    "GetClaimRequest.name": ID,
    "GetClaimRequest.version": COUNT,
    "GetClaimRequest.min_position": COUNT,
    "ListClaimsRequest.page_size": PAGE_SIZE,
    "ListClaimsRequest.page_token": TOKEN,
    "ListClaimsRequest.insured_id_number": RESIDENT_ID,
    "ListClaimsRequest.accident_date_from": DATE,
    "ListClaimsRequest.accident_date_to": DATE,
    "ListClaimsRequest.min_position": COUNT,
    "CorrectAccidentRequest.request_id": REQUEST_ID,
    "CorrectAccidentRequest.accident_id": ID,
    "CorrectAccidentRequest.reason_code": CODE,
    "CorrectAccidentRequest.reason_text": FREE,
    # enrollment.proto
    "RosterHeader.request_id": REQUEST_ID,
    "RosterHeader.scheme_id": ID,
    "RosterHeader.township": NAME,
    "RosterHeader.file_name": Text(255),
    "RosterRow.resident_id_number": RESIDENT_ID,
    "RosterRow.name": NAME,
    "RosterRow.township": NAME,
    "RosterRow.village": NAME,
    "RosterRow.registration": CODE,
    "RosterRow.employer_sector": CODE,
    "RosterRows.rows": Many(5_000),
    # A chunk below the gRPC message limit; the whole upload has its own
    # limits (`enrollment_service.RosterLimits`).
    "ImportRosterRequest.file_chunk": Raw(1 << 20),
    "ListRosterProblemsRequest.scheme_id": ID,
    "ListRosterProblemsRequest.township": NAME,
    "ListRosterProblemsRequest.digest": ID,
    "ListRosterProblemsRequest.page_size": PAGE_SIZE,
    "ListRosterProblemsRequest.page_token": TOKEN,
    "RegistrationAnswer.resident_id_number": RESIDENT_ID,
    "RegistrationAnswer.event_date": DATE,
    "ConfirmRegistrationsRequest.request_id": REQUEST_ID,
    "ConfirmRegistrationsRequest.scheme_id": ID,
    "ConfirmRegistrationsRequest.source": LINE,
    "ConfirmRegistrationsRequest.answers": Many(10_000),
    "GetInsuredRequest.scheme_id": ID,
    "GetInsuredRequest.resident_id_number": RESIDENT_ID,
    "ListInsuredRequest.scheme_id": ID,
    "ListInsuredRequest.township": NAME,
    "ListInsuredRequest.page_size": PAGE_SIZE,
    "ListInsuredRequest.page_token": TOKEN,
    "GetPremiumStatementRequest.scheme_id": ID,
    "GetPremiumStatementRequest.as_of_date": DATE,
    # audit.proto
    "GetClaimHistoryRequest.name": ID,
    "GetClaimAsOfRequest.name": ID,
    "GetClaimAsOfRequest.version": COUNT,
    "StreamEventsRequest.after_position": COUNT,
    "StreamEventsRequest.batch_size": Whole(0, 2**31 - 1),
    "StreamEventsRequest.event_types": Many(50),
    "StreamEventsRequest.event_types[]": Text(128),
    "StreamEventsRequest.limit": COUNT,
    "ListOverdueClaimsRequest.scheme_id": ID,
    "ListOverdueClaimsRequest.as_of_date": DATE,
    "ListOverdueClaimsRequest.page_size": PAGE_SIZE,
    "ListOverdueClaimsRequest.page_token": TOKEN,
    "ListOverdueClaimsRequest.min_position": COUNT,
    "ListBackdatedStepsRequest.scheme_id": ID,
    "ListBackdatedStepsRequest.page_size": PAGE_SIZE,
    "ListBackdatedStepsRequest.page_token": TOKEN,
    "LogCheckpoint.log": ID,
    "LogCheckpoint.position": COUNT,
    "LogCheckpoint.digest": Text(128),
    "LogCheckpoint.signed_at": Text(64),
    "LogCheckpoint.public_key": TOKEN,
    "LogCheckpoint.signature": TOKEN,
    "VerifyLogRequest.log": ID,
    # reconciliation.proto
    "ListPaymentsRequest.date_from": DATE,
    "ListPaymentsRequest.date_to": DATE,
    "ListPaymentsRequest.township": NAME,
    "ListPaymentsRequest.page_size": PAGE_SIZE,
    "ListPaymentsRequest.page_token": TOKEN,
    "ListPaymentsRequest.min_position": COUNT,
    "ListPaymentsRequest.benefit": CODE,
    "GetTotalsRequest.scheme_id": ID,
    "GetTotalsRequest.min_position": COUNT,
    "BankStatementLine.reference": CODE,
    "BankStatementLine.amount_fen": AMOUNT,
    "BankStatementLine.date": DATE,
    "ReconcileBankStatementRequest.date_from": DATE,
    "ReconcileBankStatementRequest.date_to": DATE,
    "ReconcileBankStatementRequest.lines": Many(10_000),
    "ReconcileBankStatementRequest.min_position": COUNT,
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_FREE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TIMESTAMP = Timestamp.DESCRIPTOR.full_name


class Undecodable:
    """A request whose bytes are not a message of its type (stands in for it,
    so the call is refused as INVALID_ARGUMENT rather than INTERNAL)."""

    def __init__(self, message_type: str) -> None:
        self.message_type = message_type


def check(request: Message | Undecodable) -> None:
    """Raises InvalidCommand naming every field of `request` beyond its limit."""
    problems = Violations()
    if isinstance(request, Undecodable):
        problems.add(
            "", f"not a serialized {request.message_type}", "UNDECODABLE_REQUEST"
        )
    else:
        for field, description, reason in _violations(request, ""):
            problems.add(field, description, reason)
    problems.raise_if_any()


def _violations(message: Message, path: str) -> Iterator[tuple[str, str, str]]:
    descriptor = message.DESCRIPTOR
    if descriptor.full_name == _TIMESTAMP:
        yield from _timestamp(message, path)
        return
    for field, value in message.ListFields():
        at = f"{path}{field.name}"
        key = f"{descriptor.name}.{field.name}"
        limit = LIMITS.get(key)
        if field.is_repeated:
            if isinstance(limit, Many) and len(value) > limit.items:
                yield at, f"at most {limit.items} entries", "TOO_MANY"
                continue
            element = LIMITS.get(f"{key}[]")  # a repeated field's elements
            for i, item in enumerate(value):
                yield from _value(field, element, item, f"{at}[{i}]")
        else:
            yield from _value(field, limit, value, at)


def _value(
    field: FieldDescriptor, limit: Limit | None, value: object, at: str
) -> Iterator[tuple[str, str, str]]:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        assert isinstance(value, Message)
        yield from _violations(value, f"{at}.")
    elif field.enum_type is not None:
        if value not in field.enum_type.values_by_number:
            yield at, f"{value} is not a {field.enum_type.name}", "UNKNOWN_ENUM_VALUE"
    elif isinstance(value, str) and isinstance(limit, Text):
        yield from _text(limit, value, at)
    elif isinstance(value, bytes) and isinstance(limit, Raw):
        if len(value) > limit.size:
            yield at, f"at most {limit.size} bytes in one message", "TOO_LONG"
    elif (
        isinstance(value, int)
        and isinstance(limit, Whole)
        and not limit.low <= value <= limit.high
    ):
        yield at, f"must be within {limit.low}..{limit.high}", "OUT_OF_RANGE"


def _text(limit: Text, value: str, at: str) -> Iterator[tuple[str, str, str]]:
    problem = text_problem(limit, value)
    if problem is not None:
        yield at, *problem


def text_problem(limit: Text, value: str) -> tuple[str, str] | None:
    """What is wrong with `value` under `limit` (and the reason), if anything."""
    if len(value) > limit.chars:
        return f"at most {limit.chars} characters", "TOO_LONG"
    control = _CONTROL_IN_FREE_TEXT if limit.free_text else _CONTROL
    if control.search(value):
        allowed = " (tab and newline are allowed)" if limit.free_text else ""
        return f"must not contain control characters{allowed}", "CONTROL_CHARACTER"
    if limit.is_date:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None  # not a date at all: the handler that reads it says so
        if not EARLIEST <= day <= LATEST:
            return f"must be within {EARLIEST}..{LATEST}", "OUT_OF_RANGE"
    return None


def _timestamp(stamp: Message, path: str) -> Iterator[tuple[str, str, str]]:
    assert isinstance(stamp, Timestamp)
    if not EARLIEST_SECONDS <= stamp.seconds <= LATEST_SECONDS:
        yield (
            f"{path}seconds",
            f"must be within {EARLIEST}..{LATEST}",
            "OUT_OF_RANGE",
        )
    if not 0 <= stamp.nanos <= 999_999_999:
        yield f"{path}nanos", "must be within 0..999999999", "OUT_OF_RANGE"


def describe(limit: Limit) -> str:
    """The limit as the README's table says it."""
    if isinstance(limit, Text):
        if limit.is_date:
            return f"a date, {EARLIEST}..{LATEST}"
        return f"≤ {limit.chars} characters" + (
            ", tab and newline allowed" if limit.free_text else ""
        )
    if isinstance(limit, Many):
        return f"≤ {limit.items} entries"
    if isinstance(limit, Whole):
        return f"{limit.low}..{limit.high}"
    return f"≤ {limit.size} bytes per message"

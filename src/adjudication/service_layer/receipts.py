"""Client request ids: a repeated command returns its first outcome and writes
nothing. The receipt is an aggregate whose id derives from the request id, saved
in the same transaction as the command's events, so two racing copies of one
request cannot both be recorded.

The fingerprint tells a true repeat from a request id reused for something
else. It is the SHA-256 of a canonical JSON document of the command:

    {"command": "RecordPayment", "fields": {"amount_fen": 78000, ...}}

- keys sorted, no whitespace, UTF-8 (`ensure_ascii=False`);
- the request id itself is left out (it is the receipt's key);
- a field whose value is its default is left out, at every level (nested value
  objects too), so a retry after an upgrade that adds an optional field to a
  command or a document still replays;
- dates and instants as ISO-8601 (instants in UTC), UUIDs canonical, decimals
  as strings, enums by value, tuples and lists as arrays.
"""

import hashlib
import json
from dataclasses import MISSING, fields, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import register_topic

from adjudication.domain.commands import Command

RECEIPTS = uuid5(NAMESPACE_URL, "urn:adjudication:request")
ANSWERS_RECEIPTS = uuid5(NAMESPACE_URL, "urn:adjudication:registration-answers")


def fingerprint(command: Command) -> str:
    """A digest of what was asked, to tell a true repeat from a reused id."""
    document = {"command": type(command).__name__, "fields": _plain(command)}
    encoded = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(encoded.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if f.name != "request_id" and not _is_default(f, getattr(value, f.name))
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value


def _is_default(f: Any, value: Any) -> bool:
    if f.default is not MISSING:
        return bool(value == f.default)
    if f.default_factory is not MISSING:
        return bool(value == f.default_factory())
    return False


class CommandReceipt(Aggregate):
    """That a request was done, and the claim (the aggregate it was about) at
    the version it left, to return again to a repeat."""

    @staticmethod
    def create_id(request_id: str) -> UUID:
        return uuid5(RECEIPTS, request_id)

    @event("Recorded")
    def __init__(
        self,
        request_id: str,
        command: str,
        fingerprint: str,
        claim_id: UUID,
        claim_version: int,
    ) -> None:
        self.request_id = request_id
        self.command = command
        self.fingerprint = fingerprint
        self.claim_id = claim_id
        self.claim_version = claim_version


class AnswersReceipt(Aggregate):
    """That a request of the police's answers was applied, and what came of it,
    to return again to a repeat (its answers changed many records, in batches:
    there is no one aggregate to return)."""

    @staticmethod
    def create_id(request_id: str) -> UUID:
        return uuid5(ANSWERS_RECEIPTS, request_id)

    @event("Recorded")
    def __init__(
        self,
        request_id: str,
        fingerprint: str,
        applied: int,
        unchanged: int,
        not_enrolled: tuple[str, ...],
        refused: tuple[tuple[str, str], ...],
    ) -> None:
        self.request_id = request_id
        self.fingerprint = fingerprint
        self.applied = applied
        self.unchanged = unchanged
        self.not_enrolled = tuple(not_enrolled)
        self.refused = tuple((who, why) for who, why in refused)


# Receipts recorded before the move to the service layer keep their topic.
register_topic("adjudication.idempotency:CommandReceipt", CommandReceipt)

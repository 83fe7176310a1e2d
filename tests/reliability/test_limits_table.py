"""The input limits table covers every string, bytes, whole-number and
repeated field of every request of every service, and names no field that
does not exist; a claim at every limit stays far below the message limit."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from adjudication.api.limits import (
    LIMITS,
    MAX_FEN,
    Many,
    Raw,
    Text,
    Whole,
    describe,
)
from adjudication.api.server import SERVICES
from adjudication.domain.accident import MAX_CORRECTIONS
from adjudication.domain.claim import MAX_DOCUMENTS, MAX_REOPENINGS, MAX_TRANSFERS
from adjudication.v1 import audit_pb2, claims_pb2, enrollment_pb2, reconciliation_pb2
from tests.figures import measured

FILES = (claims_pb2, enrollment_pb2, audit_pb2, reconciliation_pb2)
TIMESTAMP = "google.protobuf.Timestamp"
GRPC_LIMIT = 4 * 1024 * 1024  # what a gRPC client receives by default


def request_types() -> list[Descriptor]:
    found = []
    for module in FILES:
        for service in module.DESCRIPTOR.services_by_name.values():
            assert service.full_name in SERVICES
            found += [method.input_type for method in service.methods]
    return found


def reachable(types: list[Descriptor]) -> Iterator[Descriptor]:
    seen: set[str] = set()
    todo = list(types)
    while todo:
        message = todo.pop()
        if message.full_name in seen or message.full_name == TIMESTAMP:
            continue
        seen.add(message.full_name)
        yield message
        todo += [f.message_type for f in message.fields if f.message_type]


def needed(message: Descriptor) -> Iterator[tuple[str, type]]:
    """The table's keys this message's fields need, each with its kind."""
    kinds = {
        FieldDescriptor.TYPE_STRING: Text,
        FieldDescriptor.TYPE_BYTES: Raw,
        FieldDescriptor.TYPE_INT32: Whole,
        FieldDescriptor.TYPE_INT64: Whole,
    }
    for field in message.fields:
        key = f"{message.name}.{field.name}"
        kind = kinds.get(field.type)
        if field.is_repeated:
            yield key, Many
            if kind is not None:
                yield f"{key}[]", kind
        elif kind is not None:
            yield key, kind


def test_every_field_of_every_request_has_a_limit() -> None:
    messages = list(reachable(request_types()))
    keys = dict(kv for m in messages for kv in needed(m))
    missing = sorted(k for k in keys if k not in LIMITS)
    wrong = sorted(k for k in keys if k in LIMITS and type(LIMITS[k]) is not keys[k])
    stale = sorted(k for k in LIMITS if k not in keys)
    measured(
        f"{len(messages)} request messages, {len(keys)} limited fields, "
        f"{len(LIMITS)} entries"
    )
    assert not missing, f"fields without a limit: {missing}"
    assert not wrong, f"limits of the wrong kind: {wrong}"
    assert not stale, f"limits of no request field: {stale}"


WIDE = "\U00020000"  # 4 bytes in UTF-8: the most a character can take


def at_every_limit(descriptor: Descriptor) -> Any:
    """A message of `descriptor` with every field at its limit."""
    message = message_factory.GetMessageClass(descriptor)()
    for field in descriptor.fields:
        key = f"{descriptor.name}.{field.name}"
        limit = LIMITS.get(f"{key}[]" if field.is_repeated else key)
        if field.message_type is not None:
            if field.message_type.full_name == TIMESTAMP:
                continue
            count = LIMITS[key].items if field.is_repeated else 1  # type: ignore[union-attr]
            items = [at_every_limit(field.message_type) for _ in range(count)]
            target = getattr(message, field.name)
            if field.is_repeated:
                target.extend(items)
            else:
                target.CopyFrom(items[0])
            continue
        if isinstance(limit, Text):
            value: Any = "2100-12-31" if limit.is_date else WIDE * limit.chars
        elif isinstance(limit, Whole):
            value = limit.high
        else:
            continue
        if field.is_repeated:
            getattr(message, field.name).extend([value] * LIMITS[key].items)  # type: ignore[union-attr]
        else:
            setattr(message, field.name, value)
    return message


# What an event carries besides its command's fields, generously: position,
# version, type, time, actor, and what the service derives (assessed lines).
EVENT_OVERHEAD = 2048


def test_a_claim_at_every_limit_stays_far_below_the_message_limit() -> None:
    """The claim with every field at its limit, and its history: every command
    at every limit, each as often as a claim takes it."""
    document = at_every_limit(claims_pb2.Document.DESCRIPTOR)
    transfer = {"reference": WIDE * 64, "amount_fen": MAX_FEN}
    claim = claims_pb2.Claim(
        documents=[document] * MAX_DOCUMENTS,
        payments=[claims_pb2.Payment(**transfer)] * MAX_TRANSFERS,
        recoveries=[claims_pb2.Recovery(**transfer)] * MAX_TRANSFERS,
        insured_name=WIDE * 100,
        accident=at_every_limit(claims_pb2.AccidentFacts.DESCRIPTOR),
    )
    cycles = MAX_REOPENINGS + 1
    commands = {
        claims_pb2.ReportClaimRequest: 1,
        claims_pb2.AssessClaimRequest: cycles,
        claims_pb2.RejectClaimRequest: cycles,  # or a withdrawal, smaller
        claims_pb2.ReopenClaimRequest: MAX_REOPENINGS,
        claims_pb2.RecordPaymentRequest: MAX_TRANSFERS,
        claims_pb2.RecordRecoveryRequest: MAX_TRANSFERS,
        claims_pb2.CorrectAccidentRequest: MAX_CORRECTIONS,
    }
    events = sum(commands.values()) + MAX_DOCUMENTS
    history = (
        sum(at_every_limit(c.DESCRIPTOR).ByteSize() * n for c, n in commands.items())
        + document.ByteSize() * MAX_DOCUMENTS
        + EVENT_OVERHEAD * events
    )
    request = at_every_limit(claims_pb2.RecordDocumentsRequest.DESCRIPTOR)
    measured(
        f"at every limit: a document {document.ByteSize()} bytes, a "
        f"RecordDocuments request {request.ByteSize()} bytes, the claim "
        f"{claim.ByteSize()} bytes, its history of {events} events at most "
        f"{history} bytes (gRPC's limit: {GRPC_LIMIT})"
    )
    assert claim.ByteSize() + history < GRPC_LIMIT / 2
    assert request.ByteSize() < GRPC_LIMIT / 4


def test_the_readme_shows_the_table_as_it_is() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Input limits", 1)[1].split("\n## ", 1)[0]
    shown = dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.MULTILINE))
    assert shown == {key: describe(limit) for key, limit in LIMITS.items()}

"""Every RPC of every service, fuzzed with messages generated from the proto
descriptors (control characters, huge and negative numbers, unknown enum
values, nested messages, bytes that are no message at all) on the real server
and both stores: never INTERNAL or UNKNOWN, and a refused request writes
nothing (the heads of both logs unchanged)."""

import base64
import functools
import time
import uuid
from collections import Counter, defaultdict
from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudication.v1 import audit_pb2, claims_pb2, enrollment_pb2, reconciliation_pb2
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import MEDICAL_DOCS, Client, invoices
from tests.e2e.conftest import COVERED, SCHEME_ID, RunningServer, days_ago
from tests.figures import measured
from tests.reliability.logs import LogPositions

REQUESTS = 10_000
ROUNDS = 2
METHODS: list[MethodDescriptor] = [
    method
    for module in (claims_pb2, enrollment_pb2, audit_pb2, reconciliation_pb2)
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
]
NEVER = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
# Values a field of this name takes in real requests, so that generated
# requests reach past the first checks into the handlers and the stores.
KNOWN: dict[str, list[Any]] = {
    "scheme_id": [SCHEME_ID, "xiangning-2024", "xiangning-2099"],
    "insured_id_number": COVERED[:3],
    "resident_id_number": COVERED[:3],
    "township": ["昌宁镇", "昌宁镇", "昌宁\x00镇", "昌宁镇" * 40, "昌宁镇", "昌宁镇"],
    "file_name": ["r.csv", "r.xlsx", "r.txt", "../r.csv"],
    "registration": ["农业", "非农业"],
    "kind": ["CLAIM_FORM", "BANK_ACCOUNT", "MEDICAL_INVOICES"],
    "cause": ["FALL", "TRAFFIC"],
    "reference": ["BANK-1", "BANK\x00REF"],
    "source": ["公安局"],
    "page_token": [""],
    "benefit": ["", "MEDICAL", "DEATH"],
    # Positions a read model has reached, or far beyond any: a wait for a
    # position not yet reached is what the stream and wait limits bound.
    "min_position": [0, 0, 0, 1, 1, 1, -1, 2**62, 2**63 - 1, -(2**63), 0, 1],
    "after_position": [0, 1, -1, 2**53, 2**63 - 1],
    "limit": [0, 1, 5, -1],
    "seconds": [int(time.time()) - 3 * 86400, 253402300800, -62135596801, 0],
    "nanos": [0, 999_999_999, 10**9, -1],
    "batch_size": [0, 1, 3, -1, 2**31 - 1],
}
DATES = ["0001-01-01", "1899-12-31", "2100-12-31", "9999-12-31", "2024-13-01", "x"]
SPECIAL_TEXT = [
    "",
    "\x00",
    "a\x00b",
    "\t\n\r",
    "\x1b[2J",
    "\x7f",
    "张" * 101,
    "a" * 2001,
    "claims/" + str(uuid.UUID(int=0)),
    "eyJhZnRlciI6IDFlOTk5LCAiZmlsdGVyIjogIngifQ==",  # {"after": 1e999, ...}
    base64.urlsafe_b64encode(b'{"after": 1180591620717411303424}').decode(),
]
WORD = "ABCXYZ_019-张建国昌宁镇"
INT64 = [2**31, 2**53, 2**53 + 1, 2**62, 2**63 - 1, -(2**63), 10**10 + 1, -1]
INT32 = [2**31 - 1, -(2**31), -1, 0, 7, 100, 101]


def _is_date(name: str) -> bool:
    return name.endswith("date") or name.endswith(("_from", "_to"))


def scalar(field: FieldDescriptor, names: list[str], dates: list[str]) -> Any:
    known = KNOWN.get(field.name, [])
    if field.type == FieldDescriptor.TYPE_STRING:
        return text(field, known, names, dates)
    if field.enum_type is not None:
        known_value = st.sampled_from(list(field.enum_type.values_by_number))
        return mostly(known_value, st.integers(-(2**31), 2**31 - 1))
    if field.type == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if field.type == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=256)
    if known:
        return st.sampled_from(known)
    if field.type == FieldDescriptor.TYPE_INT32:
        return mostly(
            st.integers(0, 100),
            st.sampled_from(INT32),
            st.integers(-(2**31), 2**31 - 1),
        )
    if field.type == FieldDescriptor.TYPE_INT64:
        return mostly(
            st.integers(0, 10**6),
            st.sampled_from(INT64),
            st.integers(-(2**63), 2**63 - 1),
        )
    raise AssertionError(f"no strategy for {field.full_name}")


def text(
    field: FieldDescriptor, known: list[Any], names: list[str], dates: list[str]
) -> Any:
    # Mostly what a client would send, so that requests reach the handlers.
    if field.name == "request_id":
        plausible = st.uuids().map(str)
    elif field.name in ("name", "accident_id") or field.name.endswith("claim"):
        plausible = st.sampled_from(names)
    elif _is_date(field.name):
        plausible = mostly(st.sampled_from(dates), st.sampled_from(DATES))
    elif known:
        plausible = st.sampled_from(known)
    else:
        plausible = st.text(WORD, min_size=1, max_size=12)
    return mostly(
        plausible, st.text(max_size=24), st.sampled_from(SPECIAL_TEXT), one_in=8
    )


@functools.cache
def message(
    descriptor: Descriptor, depth: int, names: tuple[str, ...], top: bool = False
) -> Any:
    """Messages of `descriptor`: every field of a request (`top`) set, any of
    a nested message's, `depth` levels deep."""
    dates = [days_ago(n) for n in (0, 3, 30, 400)]
    fields: dict[str, Any] = {}
    optional: dict[str, Any] = {}
    for field in descriptor.fields:
        if field.message_type is not None:
            if depth == 0:
                continue
            value = message(field.message_type, depth - 1, names)
        else:
            value = scalar(field, list(names), dates)
        if field.is_repeated:
            value = mostly(
                st.lists(value, max_size=3), st.lists(value, min_size=21, max_size=25)
            )
        # A request's fields all set, but of a oneof mostly one.
        required = top and field.containing_oneof is None
        (fields if required else optional)[field.name] = value
    build = message_factory.GetMessageClass(descriptor)

    def made(values: dict[str, Any]) -> Any:
        made = build()
        for name, value in values.items():
            target = getattr(made, name)
            field = descriptor.fields_by_name[name]
            if field.is_repeated:
                target.extend(value)
            elif field.message_type is not None:
                target.CopyFrom(value)
            else:
                setattr(made, name, value)
        return made

    return st.fixed_dictionaries(fields, optional=optional).map(made)


def mostly(common: Any, *rare: Any, one_in: int = 10) -> Any:
    """`common`, but about one in `one_in` times one of `rare`. The rare ones
    sit in the middle of the choices: hypothesis draws the first and the last
    far more often than the others."""
    half = [common] * (one_in * len(rare) // 2)
    return st.sampled_from([*half, *rare, *half]).flatmap(lambda chosen: chosen)


def wire(descriptor: Descriptor, names: tuple[str, ...]) -> Any:
    """A request's bytes: a generated message, cut short, or mere bytes."""
    serialized = message(descriptor, 3, names, top=True).map(
        lambda m: m.SerializeToString()
    )
    return mostly(
        serialized,
        serialized.flatmap(lambda b: st.integers(0, len(b)).map(lambda n: b[:n])),
        st.binary(max_size=64),
    )


def roster_header(names: tuple[str, ...]) -> Any:
    """ImportRoster's first message: mostly a header."""
    header = message(enrollment_pb2.RosterHeader.DESCRIPTOR, 0, names, top=True).map(
        lambda h: enrollment_pb2.ImportRosterRequest(header=h).SerializeToString()
    )
    return mostly(header, wire(enrollment_pb2.ImportRosterRequest.DESCRIPTOR, names))


def call(channel: grpc.Channel, method: MethodDescriptor, data: list[bytes]) -> Any:
    """The method called with the request's bytes (all of them for a client
    stream), raising grpc.RpcError as a stub would."""
    path = f"/{method.containing_service.full_name}/{method.name}"
    if method.client_streaming:
        return channel.stream_unary(path)(iter(data), timeout=20)
    if method.server_streaming:
        return list(channel.unary_stream(path)(data[0], timeout=20))
    return channel.unary_unary(path)(data[0], timeout=20)


def test_no_request_is_internal_and_a_refused_one_writes_nothing(
    server: RunningServer, store_env: dict[str, str]
) -> None:
    client = Client(server)
    day = days_ago(5)
    claim = client.assessed(
        COVERED[0],
        [pb.BENEFIT_MEDICAL],
        day,
        *MEDICAL_DOCS,
        invoices(("INV-FUZZ-1", day, 30_000, 0)),
    )
    # The claim's name, another claim's, its accident's id, another's.
    names = (claim.name, f"claims/{uuid.uuid4()}", claim.accident_id, str(uuid.uuid4()))
    requests = {
        m: (
            st.tuples(
                roster_header(names), st.lists(wire(m.input_type, names), max_size=3)
            ).map(lambda t: [t[0], *t[1]])
            if m.client_streaming
            else wire(m.input_type, names).map(lambda b: [b])
        )
        for m in METHODS
    }
    # Each example calls every method in turn, ROUNDS times.
    batch = st.tuples(
        *(
            requests[m].map(functools.partial(lambda m, data: (m, data), m))
            for m in METHODS * ROUNDS
        )
    )
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    bad: list[str] = []
    positions = LogPositions(store_env)

    # Only the requests write to the logs, one at a time: where the logs
    # ended after one request is where they were before the next.
    heads = [positions()]

    @settings(
        max_examples=-(-REQUESTS // (len(METHODS) * ROUNDS)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(batch)
    def fuzz(calls: tuple[tuple[MethodDescriptor, list[bytes]], ...]) -> None:
        for method, data in calls:
            try:
                call(server.channel, method, data)
                code = grpc.StatusCode.OK
            except grpc.RpcError as e:
                code = e.code()  # type: ignore[attr-defined]
            codes[method.name][code.name] += 1
            heads.append(positions())
            written = code != grpc.StatusCode.OK and heads[-1] != heads[-2]
            if code in NEVER or written:
                bad.append(f"{method.name} {code.name} written={written} {data!r:.300}")

    try:
        fuzz()
    finally:
        positions.close()
    total = sum(sum(c.values()) for c in codes.values())
    measured(f"{total} requests on {store_env['PERSISTENCE_MODULE']}:")
    for name, seen in sorted(codes.items()):
        measured(f"  {name}: {sum(seen.values())} {dict(seen.most_common())}")
    assert total >= REQUESTS
    assert set(codes) == {m.name for m in METHODS}
    assert not bad, "\n".join(bad[:20])

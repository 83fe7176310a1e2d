"""AuditService over a real channel to the real server, on SQLite and PostgreSQL:
a claim's history, a claim as of a version or an instant, the event log
streamed, resumed and filtered, and verified against its digest chain."""

import json
import time
from datetime import UTC, timedelta
from pathlib import Path
from uuid import uuid4

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from adjudication.adapters import checkpoints
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client, common_documents, error_of
from tests.e2e.conftest import (
    COVERED,
    SCHEME_ID,
    RunningServer,
    days_ago,
    start_server,
)

MEDICAL_DOCS = [
    pb.Document(kind="DIAGNOSIS"),
    pb.Document(kind="MEDICAL_RECORDS"),
    pb.Document(kind="INSURANCE_SETTLEMENT"),
]


def audit(server: RunningServer) -> audit_pb2_grpc.AuditServiceStub:
    return audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]


def medical_journey(
    server: RunningServer, insured: str, suffix: str = ""
) -> tuple[pb.Claim, dict[str, str], dict[str, str]]:
    """Reported and documented by one officer, assessed by another, paid by the
    cashier; returns the paid claim, the request ids and the actors by event."""
    officer = Client(server, actor="officer-7")
    assessor = Client(server, actor="assessor-2")
    cashier = Client(server, actor="cashier-1")
    ids = {
        name: f"{name}-{suffix}-{uuid4().hex[:8]}"
        for name in ("Reported", "DocumentsReceived", "Assessed", "PaymentRecorded")
    }
    cut = days_ago(20)
    claim = officer.report(
        insured, [pb.BENEFIT_MEDICAL], cut, cause="CUT", request_id=ids["Reported"]
    ).claim
    invoice = pb.Document(
        kind="MEDICAL_INVOICES",
        invoices=[
            pb.Invoice(
                number=f"F-{suffix}1",
                issue_date=cut,
                amount_fen=128000,
                reimbursed_fen=40000,
            )
        ],
    )
    officer.documents(
        claim,
        [*common_documents(cut), *MEDICAL_DOCS, invoice],
        request_id=ids["DocumentsReceived"],
    )
    assessor.call(
        "AssessClaim",
        pb.AssessClaimRequest(request_id=ids["Assessed"], name=claim.name),
    )
    paid = cashier.pay(claim, 78000, request_id=ids["PaymentRecorded"]).claim
    assert paid.status == pb.CLAIM_STATUS_PAID
    actors = {
        "Reported": "officer-7",
        "DocumentsReceived": "officer-7",
        "Assessed": "assessor-2",
        "PaymentRecorded": "cashier-1",
    }
    return paid, ids, actors


def at(instant: Timestamp, delta: timedelta = timedelta()) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(instant.ToDatetime(tzinfo=UTC) + delta)
    return stamp


def stream(
    server: RunningServer, role: str = "AUDITOR", **fields: object
) -> tuple[list[apb.LogEvent], list[int]]:
    """Every event streamed to the role, and the size of every message."""
    request = apb.StreamEventsRequest(**fields)  # type: ignore[arg-type]
    events: list[apb.LogEvent] = []
    sizes: list[int] = []
    metadata = (("x-role", role),)
    for response in audit(server).StreamEvents(request, metadata=metadata, timeout=30):
        sizes.append(len(response.events))
        events.extend(response.events)
    return events, sizes


def test_the_history_of_a_medical_journey_shows_every_event_actor_and_request(
    server: RunningServer,
) -> None:
    paid, ids, actors = medical_journey(server, COVERED[0])
    history = audit(server).GetClaimHistory(apb.GetClaimHistoryRequest(name=paid.name))
    events = list(history.events)
    types = ["Reported", "DocumentsReceived", "Assessed", "PaymentRecorded"]
    assert [e.event_type for e in events] == types
    assert [e.version for e in events] == [1, 2, 3, 4]
    positions = [e.position for e in events]
    assert positions == sorted(set(positions)) and positions[0] >= 1
    # Accidents, coverage, invoice registers and receipts share the log.
    assert positions[-1] - positions[0] > 3
    assert [e.actor for e in events] == [actors[t] for t in types]
    assert [e.request_id for e in events] == [ids[t] for t in types]
    times = [e.record_time.ToDatetime() for e in events]
    assert times == sorted(times)

    payloads = [json.loads(e.payload_json) for e in events]
    assert payloads[0]["accident_id"] == paid.accident_id
    assert payloads[0]["accident_date"] == days_ago(20)
    assert payloads[0]["benefits"] == ["MEDICAL"]
    assert payloads[2]["lines"][0]["amount_fen"] == 78000
    assert payloads[3]["payment"]["amount_fen"] == 78000
    assert payloads[3]["payment"]["reference"] == paid.payments[0].reference
    assert all(p["actor"] == e.actor for p, e in zip(payloads, events, strict=True))
    assert not any("timestamp" in p or "originator_id" in p for p in payloads)

    with pytest.raises(grpc.RpcError) as unknown:
        audit(server).GetClaimHistory(
            apb.GetClaimHistoryRequest(name=f"claims/{uuid4()}")
        )
    assert error_of(unknown.value)[:2] == (grpc.StatusCode.NOT_FOUND, "CLAIM_NOT_FOUND")
    with pytest.raises(grpc.RpcError) as accident:
        audit(server).GetClaimHistory(
            apb.GetClaimHistoryRequest(name=f"claims/{paid.accident_id}")
        )
    assert error_of(accident.value)[0] == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as bad:
        audit(server).GetClaimHistory(apb.GetClaimHistoryRequest(name="claim/1"))
    assert error_of(bad.value) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
        ["name"],
    )
    assert '"method": "adjudication.v1.AuditService/GetClaimHistory"' in server.logs()


def test_a_claim_as_of_a_version_or_an_instant_is_the_claim_at_that_version(
    server: RunningServer,
) -> None:
    paid, _, _ = medical_journey(server, COVERED[1])
    client = Client(server)
    stub = audit(server)
    events = stub.GetClaimHistory(apb.GetClaimHistoryRequest(name=paid.name)).events

    for version in (1, 2, 3, 4):
        as_of = stub.GetClaimAsOf(
            apb.GetClaimAsOfRequest(name=paid.name, version=version)
        ).claim
        assert as_of == client.get(paid, version=version)
    assert client.get(paid, version=4) == paid

    second, third = events[1].record_time, events[2].record_time
    between = at(second, (third.ToDatetime() - second.ToDatetime()) / 2)
    assert second.ToDatetime() < between.ToDatetime() < third.ToDatetime()
    as_of = stub.GetClaimAsOf(
        apb.GetClaimAsOfRequest(name=paid.name, as_of_time=between)
    ).claim
    assert as_of == client.get(paid, version=2)
    assert as_of.status == pb.CLAIM_STATUS_READY_FOR_ASSESSMENT
    exactly = stub.GetClaimAsOf(
        apb.GetClaimAsOfRequest(name=paid.name, as_of_time=third)
    ).claim
    assert exactly == client.get(paid, version=3)
    later = stub.GetClaimAsOf(
        apb.GetClaimAsOfRequest(name=paid.name, as_of_time=at(third, timedelta(1)))
    ).claim
    assert later == paid

    before = at(events[0].record_time, -timedelta(microseconds=1))
    for request in (
        apb.GetClaimAsOfRequest(name=paid.name, as_of_time=before),
        apb.GetClaimAsOfRequest(name=paid.name, version=5),
        apb.GetClaimAsOfRequest(name=f"claims/{uuid4()}", version=1),
    ):
        with pytest.raises(grpc.RpcError) as missing:
            stub.GetClaimAsOf(request)
        assert error_of(missing.value)[0] == grpc.StatusCode.NOT_FOUND
    for request, field in (
        (apb.GetClaimAsOfRequest(name=paid.name), "as_of"),
        (apb.GetClaimAsOfRequest(name=paid.name, version=0), "version"),
    ):
        with pytest.raises(grpc.RpcError) as invalid:
            stub.GetClaimAsOf(request)
        assert error_of(invalid.value) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            "INVALID_ARGUMENT",
            [field],
        )


def test_the_event_log_streams_in_batches_resumes_and_filters(
    server: RunningServer,
) -> None:
    first, _, _ = medical_journey(server, COVERED[2], "a")
    second, _, _ = medical_journey(server, COVERED[3], "b")

    everything, sizes = stream(server, batch_size=7)
    positions = [e.position for e in everything]
    assert positions == sorted(set(positions)) and len(positions) > 8
    assert all(0 < size <= 7 for size in sizes) and len(sizes) > 1
    assert stream(server)[0] == everything  # default batches, same events
    mine = [e for e in everything if e.originator_id == str(first.claim_id)]
    assert [e.event_type for e in mine] == [
        "Claim.Reported",
        "Claim.DocumentsReceived",
        "Claim.Assessed",
        "Claim.PaymentRecorded",
    ]
    history = audit(server).GetClaimHistory(apb.GetClaimHistoryRequest(name=first.name))
    assert [(e.position, e.version, e.payload_json) for e in mine] == [
        (e.position, e.version, e.payload_json) for e in history.events
    ]
    assert {e.event_type.split(".")[0] for e in everything} >= {
        "Claim",
        "Accident",
        "Coverage",
        "CommandReceipt",
    }

    # Read in two calls, resuming after the last event of the first.
    head, head_sizes = stream(server, batch_size=3, limit=5)
    assert len(head) == 5 and head_sizes == [3, 2]
    tail, _ = stream(server, batch_size=3, after_position=head[-1].position)
    assert head + tail == everything
    assert stream(server, after_position=everything[-1].position)[0] == []

    payments, _ = stream(server, event_types=["Claim.PaymentRecorded"])
    assert [e.event_type for e in payments] == ["Claim.PaymentRecorded"] * 2
    assert [e.originator_id for e in payments] == [first.claim_id, second.claim_id]
    assert [json.loads(e.payload_json)["payment"]["amount_fen"] for e in payments] == [
        78000,
        78000,
    ]
    decided, _ = stream(
        server,
        event_types=["Claim.Assessed", "Claim.PaymentRecorded"],
        after_position=payments[0].position,
        batch_size=1,
    )
    assert [(e.originator_id, e.event_type) for e in decided] == [
        (second.claim_id, "Claim.Assessed"),
        (second.claim_id, "Claim.PaymentRecorded"),
    ]

    for fields, field, reason in (
        ({"event_types": ["Claim.Paid"]}, "event_types[0]", "INVALID_ARGUMENT"),
        (
            {"event_types": ["Claim.Assessed", "PaymentRecorded"]},
            "event_types[1]",
            "INVALID_ARGUMENT",
        ),
        ({"after_position": -1}, "after_position", "OUT_OF_RANGE"),
    ):
        with pytest.raises(grpc.RpcError) as invalid:
            stream(server, **fields)
        assert error_of(invalid.value) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            reason,
            [field],
        )
    logs = server.logs()
    assert '"method": "adjudication.v1.AuditService/StreamEvents"' in logs
    assert '"reason": "INVALID_ARGUMENT"' in logs


def test_health_and_reflection_know_the_audit_service(server: RunningServer) -> None:
    assert server.health("adjudication.v1.AuditService") == (
        health_pb2.HealthCheckResponse.SERVING
    )
    services = ProtoReflectionDescriptorDatabase(server.channel).get_services()
    assert "adjudication.v1.AuditService" in services


def test_a_step_keyed_in_late_shows_both_dates_and_is_listed_as_backdated(
    server: RunningServer,
) -> None:
    """I14: a claim reported 12 days ago and its documents received 10 days
    ago, both recorded today: the history shows the day each took effect
    beside the time it was recorded, and the auditors' list of steps recorded
    more than 3 days late names both; a step on time is not listed."""
    client = Client(server)
    cut = days_ago(20)
    claim = client.report(
        COVERED[6], [pb.BENEFIT_MEDICAL], cut, reported_on=days_ago(12)
    ).claim
    client.report(COVERED[7], [pb.BENEFIT_MEDICAL], cut)  # on time
    client.call(
        "RecordDocuments",
        pb.RecordDocumentsRequest(
            request_id=uuid4().hex,
            name=claim.name,
            documents=[*common_documents(cut), *MEDICAL_DOCS],
            received_date=days_ago(10),
        ),
    )
    history = audit(server).GetClaimHistory(apb.GetClaimHistoryRequest(name=claim.name))
    assert [(e.event_type, e.effective_date) for e in history.events] == [
        ("Reported", days_ago(12)),
        ("DocumentsReceived", days_ago(10)),
    ]
    steps: list[apb.LogEvent] = []
    token = ""
    while True:
        page = audit(server).ListBackdatedSteps(
            apb.ListBackdatedStepsRequest(
                scheme_id=SCHEME_ID, page_size=1, page_token=token
            )
        )
        assert page.threshold_days == 3
        steps += page.steps
        token = page.next_page_token
        if not token:
            break
    assert [(s.originator_id, s.event_type, s.effective_date) for s in steps] == [
        (claim.claim_id, "Claim.Reported", days_ago(12)),
        (claim.claim_id, "Claim.DocumentsReceived", days_ago(10)),
    ]
    with pytest.raises(grpc.RpcError) as caught:
        audit(server).ListBackdatedSteps(
            apb.ListBackdatedStepsRequest(scheme_id="xiangning-1999")
        )
    assert error_of(caught.value)[2] == ["scheme_id"]


def test_the_served_log_is_notarised_as_it_grows_and_verifies_with_a_signed_head(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    key = tmp_path / "signing.pem"
    checkpoints.new_private_key(key)
    running = start_server(
        {**store_env, checkpoints.SIGNING_KEY_FILE: str(key)}, tmp_path
    )
    try:
        medical_journey(running, COVERED[0])
        # the server's notary follows the log: soon every event is chained
        deadline = time.monotonic() + 10
        while True:
            verified = audit(running).VerifyLog(apb.VerifyLogRequest(), timeout=30)
            if verified.head_position == verified.end_position:
                break
            assert time.monotonic() < deadline, verified
            time.sleep(0.1)
        assert verified.intact and verified.checked_events > 4
        signed = verified.checkpoint
        assert signed.position == verified.head_position
        assert signed.digest == verified.head_digest
        kept = checkpoints.Checkpoint(
            signed.log,
            signed.position,
            signed.digest,
            signed.signed_at,
            signed.public_key,
            signed.signature,
        )
        kept.check_signature(checkpoints.load_private_key(key).public_key())
        again = audit(running).VerifyLog(
            apb.VerifyLogRequest(checkpoint=signed), timeout=30
        )
        assert again.intact
        forged = apb.LogCheckpoint()
        forged.CopyFrom(signed)
        forged.digest = "00" * 32
        with pytest.raises(grpc.RpcError) as refused:
            audit(running).VerifyLog(apb.VerifyLogRequest(checkpoint=forged))
        assert error_of(refused.value)[:2] == (
            grpc.StatusCode.INVALID_ARGUMENT,
            "CHECKPOINT_NOT_SIGNED",
        )
    finally:
        assert running.terminate() == 0, running.logs()

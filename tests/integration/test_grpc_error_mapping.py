"""Errors the end-to-end journeys cannot provoke at will, over a real channel to
an in-process server: a race lost on every retry, and a fault of the service."""

import socket
from collections.abc import Iterator
from datetime import date
from typing import Any

import grpc
import pytest
from eventsourcing.persistence import IntegrityError

from adjudication.api.errors import proto_field
from adjudication.api.server import Server, ServerSettings
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import claims_pb2_grpc
from tests.builders import Clock
from tests.e2e.client import error_of


@pytest.fixture
def served() -> Iterator[tuple[ClaimsApplication, claims_pb2_grpc.ClaimsServiceStub]]:
    app = ClaimsApplication(
        InMemoryRoster(),
        clock=Clock(date(2025, 1, 10)),
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    enrolment = EnrolmentApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    settings = ServerSettings(address=f"127.0.0.1:{port}", grace_seconds=1)
    server = Server(app, enrolment, settings)
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield app, claims_pb2_grpc.ClaimsServiceStub(channel)  # type: ignore[no-untyped-call]
    channel.close()
    server.stop()


def report(stub: Any) -> Any:
    return stub.ReportClaim(
        pb.ReportClaimRequest(
            request_id="r-1",
            insured_id_number="141029197005170014",
            insured_name="张建国",
            benefits=[pb.BENEFIT_MEDICAL],
            accident=pb.AccidentFacts(
                accident_date="2025-01-02",
                place="田间",
                cause="FALL",
                description="摔伤",
            ),
        )
    )


def test_a_race_lost_on_every_retry_is_aborted_and_writes_nothing(
    served: tuple[ClaimsApplication, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, stub = served

    def always_conflicts(*_: Any, **__: Any) -> Any:
        raise IntegrityError("another writer won")

    monkeypatch.setattr(app, "save", always_conflicts)
    with pytest.raises(grpc.RpcError) as caught:
        report(stub)
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.ABORTED,
        "CONCURRENCY_CONFLICT",
    )
    assert app.recorder.max_notification_id() in (None, 0)


def test_a_fault_of_the_service_is_internal_with_an_incident_never_a_trace(
    served: tuple[ClaimsApplication, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, stub = served

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret internals at /srv/adjudication/application.py")

    monkeypatch.setattr(app, "report_claim", broken)
    with pytest.raises(grpc.RpcError) as caught:
        report(stub)
    code, reason, _ = error_of(caught.value)
    assert (code, reason) == (grpc.StatusCode.INTERNAL, "INTERNAL")
    details = caught.value.details()  # type: ignore[attr-defined]
    assert "incident" in details
    assert "secret" not in details and "Traceback" not in details


def test_a_bad_field_is_named_as_the_contract_names_it(
    served: tuple[ClaimsApplication, Any],
) -> None:
    _, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.ReportClaim(
            pb.ReportClaimRequest(
                request_id="r-late",
                insured_id_number="141029197005170014",
                insured_name="张建国",
                benefits=[pb.BENEFIT_MEDICAL],
                accident=pb.AccidentFacts(
                    accident_date="2025-02-01",  # after the report, today
                    place="田间",
                    cause="FALL",
                    description="摔伤",
                ),
            )
        )
    assert error_of(caught.value) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
        ["accident.accident_date"],
    )


def test_fields_of_documents_are_named_as_the_contract_names_them() -> None:
    assert proto_field("documents[0].death.died_on") == "documents[0].death.death_date"
    assert proto_field("documents[2].stays[1].discharged_on") == (
        "documents[2].stays[1].discharge_date"
    )
    assert proto_field("paid_on") == "payment_date"
    assert proto_field("reasons[0].code") == "reasons[0].code"

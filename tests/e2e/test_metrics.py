"""The Prometheus endpoint scraped during a journey through the real server
(in this process, on SQLite and PostgreSQL, with its projection workers), and
the plaintext listener of the health checks alone."""

import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import uuid4

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client.parser import text_string_to_metric_families

from adjudication import metrics
from adjudication.api.server import Server, ServerSettings, Tls, refuse_exposure
from adjudication.auth.credentials import Credentials, create_token
from adjudication.auth.roles import Role
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.schemes import load_catalogue_with
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc, claims_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from projections import runner as projections
from tests.e2e.client import Client, error_of, paid_claim
from tests.e2e.conftest import (
    COVERED,
    SCHEME_ID,
    _Bearer,
    enrol_test_persons,
    free_port,
    write_current_scheme,
)

CLAIMS = "adjudication.v1.ClaimsService"
ENROLMENT = "adjudication.v1.EnrollmentService"
AUDIT = "adjudication.v1.AuditService"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@dataclass
class InProcess:
    """The server as `adjudication serve` builds it, in this process, and a
    channel that carries the usual caller's token (as tests/e2e/conftest's)."""

    server: Server
    credentials: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, name: str, role: Role) -> str:
        if name not in self.tokens:
            self.tokens[name] = create_token(self.credentials, role, name)
        return self.tokens[name]

    def bearer(self, name: str, role: Role) -> tuple[str, str]:
        return ("authorization", f"Bearer {self.token(name, role)}")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def __post_init__(self) -> None:
        self.plain = grpc.insecure_channel(self.address)
        self.channel = grpc.intercept_channel(self.plain, _Bearer(self))  # type: ignore[arg-type]

    def claims(self) -> claims_pb2_grpc.ClaimsServiceStub:
        return claims_pb2_grpc.ClaimsServiceStub(self.channel)  # type: ignore[no-untyped-call]

    def scrape(self) -> Samples:
        assert self.server.metrics_port is not None
        return scrape(self.server.metrics_port)


def exposition(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        return str(r.read().decode())


def scrape(port: int) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition(port))
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def caught_up(scraped: Callable[[], Samples], within: float = 20) -> Samples:
    """A scrape where every view has processed the whole log."""
    deadline = time.monotonic() + within
    while True:
        samples = scraped()
        lags = {
            dict(labels)["view"]: v
            for (name, labels), v in samples.items()
            if name == "adjudication_projection_lag_events"
        }
        if set(lags) == set(projections.VIEWS) and not any(lags.values()):
            return samples
        assert time.monotonic() < deadline, f"views still behind: {lags}"
        time.sleep(0.2)


@pytest.fixture
def drain_delay() -> float:
    """The server's drain delay (a test parametrises it to see the drain)."""
    return 0.0


@pytest.fixture
def serving(
    store_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    drain_delay: float,
) -> Iterator[InProcess]:
    for name, setting in store_env.items():
        monkeypatch.setenv(name, setting)
    monkeypatch.chdir(tmp_path)  # var/ of the embedded store's spool and keys
    schemes = tmp_path / "schemes"
    write_current_scheme(schemes)
    catalogue = load_catalogue_with(str(schemes))
    enrolment = EnrolmentApplication(catalogue)
    app = ClaimsApplication(enrolment, catalogue=catalogue)
    env = {"ADJUDICATION_SCHEMES": str(schemes)}
    views = projections.open_read_models(env)
    workers = projections.Workers(list(projections.VIEWS), env)
    credentials = tmp_path / "credentials.jsonl"
    credentials.touch()
    settings = ServerSettings(
        address=f"127.0.0.1:{free_port()}",
        credentials=Credentials(credentials, ""),
        grace_seconds=2,
        drain_delay_seconds=drain_delay,
        metrics_address="127.0.0.1:0",
        health_address="127.0.0.1:0",
    )
    server = Server(app, enrolment, settings, views, workers)
    server.start()
    running = InProcess(server, credentials)
    yield running
    running.plain.close()
    server.stop()


def test_the_metrics_move_with_a_journey_and_say_the_journey_s_amounts_in_yuan(
    serving: InProcess, store_env: dict[str, str]
) -> None:
    enrol_test_persons(serving)  # type: ignore[arg-type]
    client = Client(serving)  # type: ignore[arg-type]
    paid = paid_claim(client, COVERED[0], 128_050, "INV-M-1")
    waiting = client.report(COVERED[1], [pb.BENEFIT_MEDICAL]).claim
    with pytest.raises(grpc.RpcError) as unknown:
        client.get(pb.Claim(name=f"claims/{uuid4()}"))
    assert error_of(unknown.value)[0] == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as anonymous:  # no token
        claims_pb2_grpc.ClaimsServiceStub(serving.plain).GetClaim(  # type: ignore[no-untyped-call]
            pb.GetClaimRequest(name=paid.name)
        )
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    events = audit_pb2_grpc.AuditServiceStub(serving.channel)  # type: ignore[no-untyped-call]
    assert list(events.StreamEvents(apb.StreamEventsRequest(), timeout=30))

    samples = caught_up(serving.scrape)

    def rpcs(service: str, method: str, code: str = "OK") -> float | None:
        return value(
            samples,
            "adjudication_rpcs_total",
            grpc_service=service,
            grpc_method=method,
            grpc_code=code,
        )

    assert rpcs(ENROLMENT, "ImportRoster") == 1
    assert rpcs(ENROLMENT, "ConfirmRegistrations") == 1
    assert rpcs(CLAIMS, "ReportClaim") == 2
    for method in ("RecordDocuments", "AssessClaim", "RecordPayment"):
        assert rpcs(CLAIMS, method) == 1, method
    assert rpcs(CLAIMS, "GetClaim", "NOT_FOUND") == 1
    # refused by the access interceptor, counted all the same
    assert rpcs(CLAIMS, "GetClaim", "UNAUTHENTICATED") == 1
    assert rpcs(AUDIT, "StreamEvents") == 1  # the stream, once, at its end
    duration = "adjudication_rpc_duration_seconds"
    report = {"grpc_service": CLAIMS, "grpc_method": "ReportClaim"}
    assert value(samples, f"{duration}_count", **report) == 2
    assert value(samples, f"{duration}_bucket", **report, le="+Inf") == 2
    assert (value(samples, f"{duration}_sum", **report) or 0) > 0

    assert value(samples, "adjudication_claims", scheme=SCHEME_ID, status="PAID") == 1
    assert waiting.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
    awaiting = {"scheme": SCHEME_ID, "status": "AWAITING_DOCUMENTS"}
    assert value(samples, "adjudication_claims", **awaiting) == 1
    (line,) = paid.assessment.lines
    assert line.amount_fen == paid.assessed_fen == paid.paid_fen > 0
    medical = {"scheme": SCHEME_ID, "benefit": "MEDICAL"}
    assert value(samples, "adjudication_assessed_yuan", **medical) == (
        paid.assessed_fen / 100
    )
    assert value(samples, "adjudication_paid_yuan", **medical) == paid.paid_fen / 100

    # enrol_test_persons: 11 rows, 10 answers, all new
    assert (
        value(samples, "adjudication_roster_rows_total", outcome="imported", reason="")
        == len(COVERED) + 3
    )
    assert (
        value(samples, "adjudication_registration_answers_total", outcome="applied")
        == len(COVERED) + 2
    )

    # A process of projection workers (`adjudication project`) serves the
    # same figures of the store, read from it.
    worker = metrics.serve_metrics(
        "127.0.0.1:0",
        {"ADJUDICATION_SCHEMES": str(serving.credentials.parent / "schemes")},
    )
    try:
        theirs = caught_up(lambda: scrape(worker.port))
    finally:
        worker.stop()
    for name in ("adjudication_claims", "adjudication_paid_yuan"):
        assert {k: v for k, v in theirs.items() if k[0] == name} == {
            k: v for k, v in samples.items() if k[0] == name
        }


@pytest.mark.parametrize("drain_delay", [1.5])
def test_the_health_listener_answers_checks_alone_and_not_serving_while_draining(
    serving: InProcess,
) -> None:
    assert serving.server.health_port is not None
    channel = grpc.insecure_channel(f"127.0.0.1:{serving.server.health_port}")
    health = health_pb2_grpc.HealthStub(channel)

    def status(service: str = "") -> int:
        request = health_pb2.HealthCheckRequest(service=service)
        return int(health.Check(request, timeout=2).status)

    try:
        assert status() == health_pb2.HealthCheckResponse.SERVING
        assert status(CLAIMS) == health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(grpc.RpcError) as claims:
            claims_pb2_grpc.ClaimsServiceStub(channel).GetClaim(  # type: ignore[no-untyped-call]
                pb.GetClaimRequest(name=f"claims/{uuid4()}"), timeout=2
            )
        assert claims.value.code() == grpc.StatusCode.UNIMPLEMENTED
        with pytest.raises(grpc.RpcError) as watch:
            next(health.Watch(health_pb2.HealthCheckRequest(), timeout=2))
        assert watch.value.code() == grpc.StatusCode.UNIMPLEMENTED

        stopping = threading.Thread(target=serving.server.stop)
        stopping.start()
        deadline = time.monotonic() + 1.0  # within the drain delay (1.5 s)
        while status() != health_pb2.HealthCheckResponse.NOT_SERVING:
            assert time.monotonic() < deadline, "still SERVING while draining"
            time.sleep(0.05)
        stopping.join(10)
        assert not stopping.is_alive()
        with pytest.raises(grpc.RpcError) as gone:
            status()
        assert gone.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        channel.close()


def test_a_figure_that_cannot_be_read_is_left_out_and_the_others_still_served(
    serving: InProcess,
) -> None:
    assert serving.server.metrics_port is not None
    summary = projections.open_view("claim_summary")
    before = {
        f.name
        for f in text_string_to_metric_families(exposition(serving.server.metrics_port))
    }
    assert {"adjudication_claims", "adjudication_projection_lag_events"} <= before
    # The claim summary's table of claims gone (as in the middle of a botched
    # restore): its count cannot be read.
    with summary.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {summary.table('claims')}")
    after = {
        f.name
        for f in text_string_to_metric_families(exposition(serving.server.metrics_port))
    }
    assert "adjudication_claims" not in after
    assert before - {"adjudication_claims"} == after


def test_the_health_and_metrics_may_listen_on_any_address_whatever_the_main_needs() -> (
    None
):
    protected = ServerSettings(
        address="0.0.0.0:50051",
        tls=Tls(b"chain", b"key"),
        credentials=Credentials(None, ""),
        health_address="0.0.0.0:8081",
        metrics_address="0.0.0.0:9464",
    )
    assert refuse_exposure(protected) == []
    local = ServerSettings(health_address="0.0.0.0:8081")
    assert refuse_exposure(local) == ["TLS", "credentials"]
    for bad in ("8081", "host:", "host:http", ":9464", "host:70000"):
        with pytest.raises(ValueError, match="give HOST:PORT"):
            ServerSettings(metrics_address=bad)
        with pytest.raises(ValueError, match="give HOST:PORT"):
            ServerSettings(health_address=bad)

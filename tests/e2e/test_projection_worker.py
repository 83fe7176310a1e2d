"""The read models apart from the server, all through gRPC: claims paid over
the wire to a server that runs no projections; an `adjudication project`
worker killed with SIGKILL in the middle of the stream and started again; then
`adjudication rebuild` while the server and the worker run. The finance
clerk's and the claims officer's reads lose and duplicate nothing, and are the
same after the rebuild, whose content hash of every view is the one the worker
built event by event."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import reconciliation_pb2 as rpb
from adjudication.v1 import reconciliation_pb2_grpc
from projections import runner as projections
from tests.e2e.client import Client, paid_claim
from tests.e2e.conftest import (
    COVERED,
    SCHEME_ID,
    RunningServer,
    free_port,
    start_server,
)
from tests.e2e.test_metrics import scrape, value

CLAIMS = 40


def adjudication(
    server: RunningServer,
    log: Path,
    *args: str,
    batch: str = "",
    more: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """An `adjudication` command on the server's store and scheme years;
    `batch`: its workers' ADJUDICATION_PROJECTION_BATCH; `more`: its
    environment's other settings."""
    env = {**os.environ, **server.env, "ADJUDICATION_SCHEMES": str(server.schemes)}
    env.update(more or {})
    if batch:
        env["ADJUDICATION_PROJECTION_BATCH"] = batch
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "adjudication.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def reads(server: RunningServer, position: int) -> dict[str, Any]:
    """What the clerks read once the read models have `position`."""
    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]
    payments = finance.ListPayments(
        rpb.ListPaymentsRequest(page_size=1000, min_position=position), timeout=60
    )
    totals = finance.GetTotals(
        rpb.GetTotalsRequest(scheme_id=SCHEME_ID, min_position=position), timeout=60
    )
    claims = server.claims().ListClaims(
        pb.ListClaimsRequest(page_size=500, min_position=position), timeout=60
    )
    return {
        "payments": [(x.reference, x.amount_fen, x.claim) for x in payments.lines],
        "paid": [(t.township, t.month, t.paid_fen, t.payments) for t in totals.paid],
        "claims": sorted((c.name, c.status, c.paid_fen) for c in claims.claims),
    }


def content_hashes(server: RunningServer, position: int) -> dict[str, str]:
    """Each view's content hash, once it has `position`."""
    env = {**server.env, "ADJUDICATION_SCHEMES": str(server.schemes)}
    hashes = {}
    for name in projections.VIEWS:
        view = projections.open_view(name, env)
        deadline = time.monotonic() + 60
        while not view.has_tracking_id("Adjudication", position):
            assert time.monotonic() < deadline, f"{name} did not catch up"
            time.sleep(0.05)
        hashes[name] = view.content_hash()
        view.datastore.close()
    return hashes


def listed_payments(server: RunningServer) -> int:
    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]
    request = rpb.ListPaymentsRequest(page_size=1000)
    return len(finance.ListPayments(request, timeout=10).lines)


def test_a_killed_worker_and_a_rebuild_change_nothing_the_clerks_read(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path, "--no-projections")
    log = tmp_path / "worker.log"
    worker: subprocess.Popen[bytes] | None = None
    try:
        client = Client(server)
        for n in range(CLAIMS):
            # Several accidents of one person on one day (I10).
            person = COVERED[n % len(COVERED)]
            paid_claim(client, person, 20000 + n, f"BANK-{n}", distinct_accident=True)

        # one event at a time, so that the kill comes before the end
        first = adjudication(server, log, "project", batch="1")
        started = time.monotonic()
        while listed_payments(server) < CLAIMS // 3:
            assert first.poll() is None, log.read_text()
            assert time.monotonic() - started < 60, "the worker made no progress"
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert listed_payments(server) < CLAIMS, "killed after the end of the stream"

        worker = adjudication(server, log, "project")
        before = reads(server, client.written)
        assert sorted(reference for reference, _, _ in before["payments"]) == sorted(
            f"BANK-{n}" for n in range(CLAIMS)
        )
        assert sum(amount for _, amount, _ in before["payments"]) == sum(
            20000 + n - 10000 for n in range(CLAIMS)
        )
        assert sum(paid for _, _, paid, _ in before["paid"]) == sum(
            20000 + n - 10000 for n in range(CLAIMS)
        )
        assert [status for _, status, _ in before["claims"]] == (
            [pb.CLAIM_STATUS_PAID] * CLAIMS
        )

        incremental = content_hashes(server, client.written)
        rebuild = adjudication(server, tmp_path / "rebuild.log", "rebuild")
        assert rebuild.wait(120) == 0, (tmp_path / "rebuild.log").read_text()
        rebuilt = (tmp_path / "rebuild.log").read_text(encoding="utf-8")
        for name, digest in incremental.items():
            assert f"{name}: rebuilt and swapped in, content hash {digest}" in rebuilt
        assert reads(server, client.written) == before

        # The worker goes on after the rebuild swapped its tables.
        paid_claim(client, COVERED[0], 30000, "BANK-AFTER", distinct_accident=True)
        after = reads(server, client.written)
        assert after["payments"][:-1] == before["payments"]
        assert after["payments"][-1][:2] == ("BANK-AFTER", 20000)
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(30) == 0, log.read_text()
        code = server.terminate()
        assert code == 0, server.logs()


def serving(port: int, within: float = 30) -> bool:
    """Whether the health listener on `port` says SERVING within `within` s."""
    deadline = time.monotonic() + within
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)  # type: ignore[no-untyped-call]
        while time.monotonic() < deadline:
            try:
                status = health.Check(health_pb2.HealthCheckRequest(), timeout=2)
                if status.status == health_pb2.HealthCheckResponse.SERVING:
                    return True
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    return False


def test_replicas_and_workers_serve_health_and_metrics_on_ports_of_their_own(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    """As deploy/ runs them: `serve --no-projections` and `project`, each
    with `--health-address` and `--metrics-address` (the worker's from its
    environment); the worker's metrics show the lag it closes."""
    ports = {name: free_port() for name in ("health", "metrics", "w-health", "w-m")}
    server = start_server(
        store_env,
        tmp_path,
        "--no-projections",
        "--health-address",
        f"127.0.0.1:{ports['health']}",
        "--metrics-address",
        f"127.0.0.1:{ports['metrics']}",
    )
    log = tmp_path / "worker.log"
    worker: subprocess.Popen[bytes] | None = None
    try:
        assert serving(ports["health"])
        client = Client(server)
        paid_claim(client, COVERED[0], 30000, "BANK-1")
        replica = scrape(ports["metrics"])
        service, method = "adjudication.v1.ClaimsService", "RecordPayment"
        labels = {"grpc_service": service, "grpc_method": method, "grpc_code": "OK"}
        assert value(replica, "adjudication_rpcs_total", **labels) == 1
        assert value(
            replica, "adjudication_projection_lag_events", view="payment_ledger"
        )

        worker = adjudication(
            server,
            log,
            "project",
            "--health-address",
            f"127.0.0.1:{ports['w-health']}",
            more={"ADJUDICATION_METRICS_ADDRESS": f"127.0.0.1:{ports['w-m']}"},
        )
        assert serving(ports["w-health"]), log.read_text()
        deadline = time.monotonic() + 30
        while value(
            scrape(ports["w-m"]),
            "adjudication_projection_lag_events",
            view="payment_ledger",
        ):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        paid = value(
            scrape(ports["w-m"]),
            "adjudication_paid_yuan",
            scheme=SCHEME_ID,
            benefit="MEDICAL",
        )
        assert paid == 200.0  # 300.00 less the 100.00 deductible
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(30) == 0, log.read_text()
        assert server.terminate() == 0, server.logs()

"""Start-up, overload, deadlines and graceful shutdown of the real server.

A call is held in flight by taking the store's write lock from the test, the
way another writer would: SQLite's write transaction, PostgreSQL's EXCLUSIVE
table lock (reads go on, writes wait).
"""

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
import psycopg
import pytest
from grpc_health.v1 import health_pb2

from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client
from tests.e2e.conftest import (
    COVERED,
    RunningServer,
    days_ago,
    start_server,
    wait_until_serving,
)
from tests.stores import PG


@contextmanager
def write_lock(env: dict[str, str]) -> Iterator[None]:
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        conn = sqlite3.connect(env["SQLITE_DBNAME"], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with psycopg.connect(dbname=env["POSTGRES_DBNAME"], **PG) as pg:  # type: ignore[arg-type]
        table = f"{env['POSTGRES_SCHEMA']}.adjudication_events"
        pg.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            pg.rollback()


def report_in_background(server: RunningServer, request_id: str) -> Future[Any]:
    client = Client(server)
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(
        client.report, COVERED[0], [pb.BENEFIT_MEDICAL], None, "FALL", "", request_id
    )
    pool.shutdown(wait=False)
    return future


def wait_for_log(server: RunningServer, text: str, within: float = 10) -> None:
    started = time.monotonic()
    while text not in server.logs():
        assert time.monotonic() - started < within, f"no {text!r} in:\n{server.logs()}"
        time.sleep(0.05)


def test_the_server_answers_serving_within_5_seconds_of_starting(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path, wait=False)
    try:
        assert wait_until_serving(server) < 5
    finally:
        assert server.terminate() == 0


def test_sigterm_drains_not_serving_then_finishes_the_call_in_flight(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path, "--drain-delay", "1.5", "--grace", "20")
    try:
        with write_lock(store_env):
            in_flight = report_in_background(server, "in-flight")
            time.sleep(1.0)  # the call now waits for the write lock
            assert not in_flight.done()
            server.process.send_signal(15)
            wait_for_log(server, '"draining"')
            assert server.health() == health_pb2.HealthCheckResponse.NOT_SERVING
            assert server.health("adjudication.v1.ClaimsService") == (
                health_pb2.HealthCheckResponse.NOT_SERVING
            )
            wait_for_log(server, '"refusing_new_calls"')
            with pytest.raises(grpc.RpcError) as refused:
                Client(server).report(COVERED[1], [pb.BENEFIT_MEDICAL])
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
            assert not in_flight.done(), in_flight.exception()
        response = in_flight.result(timeout=15)
        assert response.claim.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
        assert server.process.wait(timeout=20) == 0
        assert '"stopped"' in server.logs()
    finally:
        server.terminate()


def test_overload_is_answered_resource_exhausted_not_queued(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path, "--max-concurrent-rpcs", "1")
    try:
        with write_lock(store_env):
            in_flight = report_in_background(server, "holding-the-only-slot")
            time.sleep(1.0)
            with pytest.raises(grpc.RpcError) as caught:
                Client(server).report(COVERED[1], [pb.BENEFIT_MEDICAL])
            assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED  # type: ignore[attr-defined]
        assert in_flight.result(timeout=15).claim.claim_id
    finally:
        server.terminate()


def test_a_passed_deadline_stops_the_work_and_writes_nothing(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_server(store_env, tmp_path)
    client = Client(server)
    try:
        with write_lock(store_env):
            with pytest.raises(grpc.RpcError) as caught:
                client.stub.ReportClaim(
                    pb.ReportClaimRequest(
                        request_id="too-slow",
                        insured_id_number=COVERED[2],
                        insured_name="张建国",
                        benefits=[pb.BENEFIT_MEDICAL],
                        accident=pb.AccidentFacts(
                            accident_date=days_ago(1),
                            place="田间",
                            cause="FALL",
                            description="摔伤",
                        ),
                    ),
                    timeout=1.0,
                )
            assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED  # type: ignore[attr-defined]
            time.sleep(1.0)  # the server notices its deadline too
        wait_for_log(server, '"request_id": "too-slow"')
        assert '"code": "DEADLINE_EXCEEDED"' in server.logs()
        listed = client.call(
            "ListClaims", pb.ListClaimsRequest(insured_id_number=COVERED[2])
        )
        assert list(listed.claims) == []
    finally:
        server.terminate()

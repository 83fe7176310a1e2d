"""The real server as a subprocess on a free port, on SQLite and PostgreSQL.

The server runs on the real clock, so the tests add a scheme year whose
coverage contains today (China Standard Time), built from the 2024 file with
only its id and dates changed, and date their accidents from today.
"""

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from adjudication.auth.credentials import create_token
from adjudication.auth.roles import Role
from adjudication.domain.calendar import CST
from adjudication.schemes import bundled_scheme_files
from adjudication.v1 import claims_pb2_grpc, enrollment_pb2_grpc
from adjudication.v1 import enrollment_pb2 as epb
from tests.builders import resident_id
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

SCHEME_ID = "e2e-current"
COVERED = [resident_id(n, date(1975, 3, 9)) for n in range(1, 9)]
COVER_ENDED = resident_id(20, date(1960, 1, 2))
NOT_ENROLLED = resident_id(30, date(1980, 7, 7))
UNCONFIRMED = resident_id(40, date(1981, 8, 8))
DIED = resident_id(50, date(1944, 4, 4))


def today() -> date:
    """The scheme's date now, as the server sees it: asked at each use, so a
    run that goes past midnight in China stays in step with the server."""
    return datetime.now(CST).date()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_current_scheme(folder: Path) -> None:
    text = bundled_scheme_files()[0].read_text(encoding="utf-8")
    text = text.replace('id = "xiangning-2024"', f'id = "{SCHEME_ID}"')
    text = text.replace(
        "coverage_start = 2024-10-14", f"coverage_start = {days_ago(250)}"
    )
    text = text.replace(
        "coverage_end = 2025-10-13", f"coverage_end = {today() + timedelta(days=100)}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "current.toml").write_text(text, encoding="utf-8")


def enrol_test_persons(server: "RunningServer") -> None:
    """Through EnrollmentService, as a township and the police would: the
    covered persons confirmed, one who moved out of the county 60 days ago, one
    who died 30 days ago, one the police have not answered for yet."""
    stub = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    people = [*COVERED, COVER_ENDED, UNCONFIRMED, DIED]
    header = epb.RosterHeader(
        request_id="roster-1",
        scheme_id=SCHEME_ID,
        township="昌宁镇",
        file_name="roster",
    )
    rows = epb.RosterRows(
        rows=[
            epb.RosterRow(
                resident_id_number=p,
                name="张建国",
                village="东关村",
                registration="农业",
            )
            for p in people
        ]
    )
    imported = stub.ImportRoster(
        iter(
            [epb.ImportRosterRequest(header=header), epb.ImportRosterRequest(rows=rows)]
        )
    )
    assert imported.submission.accepted == len(people), imported
    answers = [
        epb.RegistrationAnswer(
            resident_id_number=p, result=epb.REGISTRATION_CHECK_CONFIRMED
        )
        for p in COVERED
    ]
    answers.append(
        epb.RegistrationAnswer(
            resident_id_number=COVER_ENDED,
            result=epb.REGISTRATION_CHECK_MOVED_OUT,
            event_date=days_ago(60),
        )
    )
    answers.append(
        epb.RegistrationAnswer(
            resident_id_number=DIED,
            result=epb.REGISTRATION_CHECK_DECEASED,
            event_date=days_ago(30),
        )
    )
    checked = stub.ConfirmRegistrations(
        epb.ConfirmRegistrationsRequest(
            request_id="checks-1", scheme_id=SCHEME_ID, source="公安局", answers=answers
        )
    )
    assert checked.applied == len(answers), checked


# Who calls each service when a test does not say: the systems of the
# insurer, the auditors, the finance bureau and the townships.
CALLERS = {
    "adjudication.v1.ClaimsService": ("supervisor-1", Role.SUPERVISOR),
    "adjudication.v1.AuditService": ("auditor-1", Role.AUDITOR),
    "adjudication.v1.ReconciliationService": ("finance-1", Role.FINANCE),
    "adjudication.v1.EnrollmentService": ("enrolment-1", Role.ENROLMENT_OFFICER),
}


class _Bearer(
    grpc.UnaryUnaryClientInterceptor,  # type: ignore[misc]
    grpc.UnaryStreamClientInterceptor,  # type: ignore[misc]
    grpc.StreamUnaryClientInterceptor,  # type: ignore[misc]
    grpc.StreamStreamClientInterceptor,  # type: ignore[misc]
):
    """Sends the token of the service's usual caller with a call that carries
    none of its own."""

    def __init__(self, server: "RunningServer") -> None:
        self.server = server

    def _details(self, details: Any) -> Any:
        metadata = list(details.metadata or ())
        service = details.method.split("/")[1]
        if service in CALLERS and not any(k == "authorization" for k, _ in metadata):
            metadata.append(self.server.bearer(*CALLERS[service]))
        return details._replace(metadata=metadata)

    def intercept_unary_unary(
        self, continuation: Any, details: Any, request: Any
    ) -> Any:
        return continuation(self._details(details), request)

    intercept_unary_stream = intercept_unary_unary
    intercept_stream_unary = intercept_unary_unary
    intercept_stream_stream = intercept_unary_unary


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    env: dict[str, str]
    # The channel's TLS (the server's CA, and a client certificate), if any.
    tls: grpc.ChannelCredentials | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def credentials(self) -> Path:
        return self.log.parent / "credentials.jsonl"

    def token(self, name: str, role: Role) -> str:
        """A token of `name` with `role`, created on first use (the server
        reads the credentials file again when it changes)."""
        if name not in self.tokens:
            self.tokens[name] = create_token(self.credentials, role, name)
        return self.tokens[name]

    def bearer(self, name: str, role: Role) -> tuple[str, str]:
        return ("authorization", f"Bearer {self.token(name, role)}")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def schemes(self) -> Path:
        """The folder of the scheme years it serves."""
        return self.log.parent / "schemes"

    @functools.cached_property
    def channel(self) -> grpc.Channel:
        # Kept for the server's life: a collected channel cancels its calls.
        channel = (
            grpc.secure_channel(self.address, self.tls)
            if self.tls
            else grpc.insecure_channel(self.address)
        )
        return grpc.intercept_channel(channel, _Bearer(self))

    def claims(self) -> claims_pb2_grpc.ClaimsServiceStub:
        return claims_pb2_grpc.ClaimsServiceStub(self.channel)  # type: ignore[no-untyped-call]

    def health(self, service: str = "") -> int:
        stub = health_pb2_grpc.HealthStub(self.channel)
        request = health_pb2.HealthCheckRequest(service=service)
        return int(stub.Check(request, timeout=2).status)

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def terminate(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(
                f"server still running {timeout} s after SIGTERM:\n{self.logs()}"
            ) from None
        self.channel.close()
        return code


def start_server(
    env: dict[str, str],
    folder: Path,
    *args: str,
    wait: bool = True,
    host: str = "127.0.0.1",
    tls: grpc.ChannelCredentials | None = None,
) -> RunningServer:
    """`host`: the address it listens on (the tests call it on 127.0.0.1);
    `tls`: the channel credentials to call it with, if it serves TLS."""
    write_current_scheme(folder / "schemes")
    port = free_port()
    log = folder / f"server-{port}.log"
    credentials = folder / "credentials.jsonl"
    credentials.touch()
    env = {"ADJUDICATION_CREDENTIALS": str(credentials), **env}
    command = [
        sys.executable,
        "-m",
        "adjudication.cli",
        "serve",
        "--address",
        f"{host}:{port}",
        "--schemes",
        str(folder / "schemes"),
        *args,
    ]
    with log.open("wb") as out:
        # In the test's folder: nothing of the working tree (var/) is read.
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    server = RunningServer(process, port, log, env, tls)
    if wait:
        try:
            wait_until_serving(server)
            enrol_test_persons(server)
        except BaseException:
            process.kill()
            raise
    return server


def wait_until_serving(server: RunningServer, within: float = 15) -> float:
    """Seconds until the health check answered SERVING."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if server.process.poll() is not None:
            raise AssertionError(f"server exited:\n{server.logs()}")
        try:
            if server.health() == health_pb2.HealthCheckResponse.SERVING:
                return time.monotonic() - started
        except grpc.RpcError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"not SERVING within {within} s:\n{server.logs()}")


@pytest.fixture
def server(store_env: dict[str, str], tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(store_env, tmp_path)
    yield running
    code = running.terminate()
    assert code == 0, f"the server stopped with {code}:\n{running.logs()}"

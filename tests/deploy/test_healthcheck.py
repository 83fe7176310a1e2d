"""`python -m adjudication.healthcheck` against a real grpc.health.v1 server
started here: exit 0 only for SERVING, 1 with one line saying why otherwise."""

import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from adjudication import healthcheck

CLAIMS = "adjudication.v1.ClaimsService"


@pytest.fixture
def health_server() -> Iterator[tuple[str, health.HealthServicer]]:
    servicer = health.HealthServicer()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}", servicer
    server.stop(None)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = healthcheck.main(argv)
    out, err = capsys.readouterr()
    assert out == ""
    return code, err


def test_serving_is_exit_0(
    health_server: tuple[str, health.HealthServicer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, servicer = health_server
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    assert run([address], capsys) == (0, f"healthcheck {address}: SERVING\n")


def test_not_serving_is_exit_1(
    health_server: tuple[str, health.HealthServicer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, servicer = health_server
    servicer.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert run([address], capsys) == (1, f"healthcheck {address}: NOT_SERVING\n")


def test_a_service_is_asked_by_name(
    health_server: tuple[str, health.HealthServicer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, servicer = health_server
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    servicer.set(CLAIMS, health_pb2.HealthCheckResponse.NOT_SERVING)
    assert run([address, "--service", CLAIMS], capsys) == (
        1,
        f"healthcheck {address} {CLAIMS}: NOT_SERVING\n",
    )
    servicer.set(CLAIMS, health_pb2.HealthCheckResponse.SERVING)
    assert run([address, "--service", CLAIMS], capsys)[0] == 0


def test_an_unknown_service_is_exit_1(
    health_server: tuple[str, health.HealthServicer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, _ = health_server
    code, err = run([address, "--service", "no.such.Service"], capsys)
    assert (code, err) == (
        1,
        f"healthcheck {address} no.such.Service: "
        "unknown service 'no.such.Service' (NOT_FOUND)\n",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_nobody_listening_is_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    address = f"127.0.0.1:{free_port()}"
    code, err = run([address, "--timeout", "5"], capsys)
    assert code == 1
    assert err.startswith(f"healthcheck {address}: UNAVAILABLE: ")
    assert err.count("\n") == 1


def test_a_listener_that_never_answers_times_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Accepts the connection and says nothing: no HTTP/2, no answer.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        code, err = run([address, "--timeout", "0.5"], capsys)
    assert (code, err) == (
        1,
        f"healthcheck {address}: no answer within 0.5 s (DEADLINE_EXCEEDED)\n",
    )


@pytest.mark.parametrize(
    "argv", [["no-port"], ["host:0"], ["host:http"], ["--timeout", "0"]]
)
def test_a_bad_command_line_is_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        healthcheck.main(argv)
    assert exited.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("python -m adjudication.healthcheck: error: ")


def test_the_module_runs_as_the_image_runs_it(
    health_server: tuple[str, health.HealthServicer],
) -> None:
    address, servicer = health_server
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    done = subprocess.run(
        [sys.executable, "-m", "adjudication.healthcheck", address],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "",
        f"healthcheck {address}: SERVING\n",
    )

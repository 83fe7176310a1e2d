"""`python -m adjudication.healthcheck [HOST:PORT] [--service NAME] [--timeout S]`:
asks a server's health-only listener (`ADJUDICATION_HEALTH_ADDRESS`, plaintext)
the standard `grpc.health.v1.Health/Check`. Exit 0 when the answer is SERVING,
1 otherwise (NOT_SERVING, an unknown service, no answer in time), with one line
on stderr saying which; 2 for a bad command line. It is the container image's
health check: the image carries no grpc_health_probe binary, and the main
port's TLS and credentials are not the probe's to hold."""

import argparse
import sys
from collections.abc import Sequence

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

DEFAULT_ADDRESS = "127.0.0.1:8081"
DEFAULT_TIMEOUT_SECONDS = 2.0


def check(
    address: str, service: str = "", timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> tuple[bool, str]:
    """Whether `service` ("" the server's overall health) at `address` is
    SERVING, and the answer or why there is none."""
    # A probe goes straight to the address: an HTTP proxy of the environment
    # (http_proxy, set for the image's package installs) must not carry it.
    with grpc.insecure_channel(
        address, options=[("grpc.enable_http_proxy", 0)]
    ) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            response = stub.Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout
            )
        except grpc.RpcError as error:
            if not isinstance(error, grpc.Call):
                raise
            code = error.code()
            if code == grpc.StatusCode.NOT_FOUND:
                return False, f"unknown service {service!r} (NOT_FOUND)"
            if code == grpc.StatusCode.DEADLINE_EXCEEDED:
                return False, f"no answer within {timeout:g} s (DEADLINE_EXCEEDED)"
            return False, f"{code.name}: {error.details()}"
    serving = response.status == health_pb2.HealthCheckResponse.SERVING
    name: str = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    return serving, name


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r}: expected HOST:PORT")
    return text


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected seconds above 0")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m adjudication.healthcheck",
        description="exit 0 if the server's health-only listener answers SERVING",
    )
    parser.add_argument(
        "address",
        nargs="?",
        type=_address,
        default=DEFAULT_ADDRESS,
        help=f"the plaintext health listener (default {DEFAULT_ADDRESS})",
    )
    parser.add_argument(
        "--service",
        default="",
        help="a service's health, e.g. adjudication.v1.ClaimsService "
        "(default: the server's overall health)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        help=f"seconds to wait for the answer (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    args = parser.parse_args(argv)
    serving, said = check(args.address, args.service, args.timeout)
    which = f" {args.service}" if args.service else ""
    print(f"healthcheck {args.address}{which}: {said}", file=sys.stderr)
    return 0 if serving else 1


if __name__ == "__main__":
    sys.exit(main())

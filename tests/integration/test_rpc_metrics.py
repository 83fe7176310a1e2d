"""The RPC metrics interceptor over a real channel, on streams that end only
when their client leaves or their deadline passes, and on calls that fail
without a status of their own."""

import time
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from prometheus_client import CollectorRegistry

from adjudication.api.rpc_metrics import RpcMetrics, RpcMetricsInterceptor

SERVICE = "test.Forever"


def _forever(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    while True:
        yield b"tick"
        time.sleep(0.01)


def _fails(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise RuntimeError("a fault of the service")


def _refuses(request: bytes, context: grpc.ServicerContext) -> bytes:
    context.abort(grpc.StatusCode.FAILED_PRECONDITION, "not now")
    raise AssertionError("abort raises")


@pytest.fixture
def served() -> Iterator[tuple[grpc.Channel, CollectorRegistry]]:
    registry = CollectorRegistry()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4),
        interceptors=[RpcMetricsInterceptor(RpcMetrics(registry))],
    )
    handlers: dict[str, Any] = {
        "Stream": grpc.unary_stream_rpc_method_handler(_forever),
        "Fails": grpc.unary_unary_rpc_method_handler(_fails),
        "Refuses": grpc.unary_unary_rpc_method_handler(_refuses),
    }
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler(SERVICE, handlers),)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield channel, registry
    channel.close()
    server.stop(None)


def counted(registry: CollectorRegistry, method: str, code: str) -> float | None:
    labels = {"grpc_service": SERVICE, "grpc_method": method, "grpc_code": code}
    return registry.get_sample_value("adjudication_rpcs_total", labels)


def eventually(registry: CollectorRegistry, method: str, code: str) -> None:
    deadline = time.monotonic() + 5
    while counted(registry, method, code) != 1:
        assert time.monotonic() < deadline, f"{method} not counted {code}"
        time.sleep(0.05)


def test_a_stream_its_client_cancels_is_counted_once_cancelled(
    served: tuple[grpc.Channel, CollectorRegistry],
) -> None:
    channel, registry = served
    stream = channel.unary_stream(f"/{SERVICE}/Stream")(b"", timeout=30)
    assert next(stream) == b"tick"
    stream.cancel()
    eventually(registry, "Stream", "CANCELLED")
    time.sleep(0.2)  # and not again when its generator is closed
    assert (
        registry.get_sample_value(
            "adjudication_rpc_duration_seconds_count",
            {"grpc_service": SERVICE, "grpc_method": "Stream"},
        )
        == 1
    )


def test_a_stream_past_its_deadline_is_counted_deadline_exceeded(
    served: tuple[grpc.Channel, CollectorRegistry],
) -> None:
    channel, registry = served
    stream = channel.unary_stream(f"/{SERVICE}/Stream")(b"", timeout=0.3)
    with pytest.raises(grpc.RpcError) as ended:
        for _ in stream:
            pass
    assert ended.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    eventually(registry, "Stream", "DEADLINE_EXCEEDED")


def test_a_call_counts_the_code_it_aborted_with_or_unknown_for_a_fault(
    served: tuple[grpc.Channel, CollectorRegistry],
) -> None:
    channel, registry = served
    for method, code in (
        ("Refuses", grpc.StatusCode.FAILED_PRECONDITION),
        ("Fails", grpc.StatusCode.UNKNOWN),
    ):
        with pytest.raises(grpc.RpcError) as refused:
            channel.unary_unary(f"/{SERVICE}/{method}")(b"", timeout=5)
        assert refused.value.code() == code
        assert counted(registry, method, code.name) == 1
    # gRPC's own refusal of an unknown method is not counted (its name is
    # the client's to invent)
    with pytest.raises(grpc.RpcError) as unknown:
        channel.unary_unary(f"/{SERVICE}/Nothing")(b"", timeout=5)
    assert unknown.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert counted(registry, "Nothing", "UNIMPLEMENTED") is None

"""RPCs counted by service, method and status code, and timed: a server
interceptor in front of every other (so a call the access interceptor refuses
is counted with its code too). A stream is counted when it ends: its last
response sent, its error, or its client gone (CANCELLED) or out of time
(DEADLINE_EXCEEDED).

Calls gRPC refuses before any interceptor sees them (RESOURCE_EXHAUSTED over
the concurrency bound, UNIMPLEMENTED for an unknown method) are not counted:
an unknown method's name would be a label any client could invent."""

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import grpc
from prometheus_client import CollectorRegistry, Counter, Histogram

from adjudication.api.handlers import Handler, rewrapped

# Seconds: the default buckets, and the long calls up to the ceiling on any
# call's deadline (a minute) and streams beyond it.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)


class RpcMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.calls = Counter(
            "adjudication_rpcs",
            "RPCs ended, by service, method and status code",
            ["grpc_service", "grpc_method", "grpc_code"],
            registry=registry,
        )
        self.seconds = Histogram(
            "adjudication_rpc_duration_seconds",
            "Seconds from an RPC's start to its end (a stream's last response)",
            ["grpc_service", "grpc_method"],
            buckets=BUCKETS,
            registry=registry,
        )

    def ended(
        self, service: str, method: str, code: grpc.StatusCode, started: float
    ) -> None:
        self.calls.labels(service, method, code.name).inc()
        self.seconds.labels(service, method).observe(time.perf_counter() - started)


class RpcMetricsInterceptor(grpc.ServerInterceptor):
    def __init__(self, metrics: RpcMetrics) -> None:
        self.metrics = metrics

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], "Handler | None"],
        details: grpc.HandlerCallDetails,
    ) -> "Handler | None":
        handler = continuation(details)
        if handler is None:
            return None
        service, _, method = details.method.lstrip("/").partition("/")
        return _measured(handler, partial(self.metrics.ended, service, method))


Ended = Callable[[grpc.StatusCode, float], None]


def _code_of(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    """The code the call ends with: the one it aborted or set, else OK, or
    UNKNOWN (gRPC's own) for an error that set none."""
    code = _set_code(context)
    if code is not None:
        return code
    return grpc.StatusCode.UNKNOWN if failed else grpc.StatusCode.OK


def _set_code(context: grpc.ServicerContext) -> grpc.StatusCode | None:
    """The code the call aborted with or set, if any (the stubs lack it)."""
    code: grpc.StatusCode | None = context.code()  # type: ignore[attr-defined]
    return code


def _measured(handler: Handler, ended: Ended) -> Handler:
    def unary(behavior: Any) -> Any:
        def serve(request: Any, context: grpc.ServicerContext) -> Any:
            started = time.perf_counter()
            failed = True
            try:
                response = behavior(request, context)
                failed = False
                return response
            finally:
                ended(_code_of(context, failed), started)

        return serve

    def streamed(behavior: Any) -> Any:
        def serve(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started = time.perf_counter()
            try:
                responses = behavior(request, context)
            except BaseException:
                ended(_code_of(context, True), started)
                raise
            return _stream(responses, context, ended, started)

        return serve

    return rewrapped(handler, unary, streamed)


def _stream(
    responses: Iterator[Any],
    context: grpc.ServicerContext,
    ended: Ended,
    started: float,
) -> Iterator[Any]:
    """The responses, the stream counted once when they end or, when gRPC
    stops asking for them (the client cancelled, the deadline passed), when
    the call terminates."""
    once = threading.Lock()
    counted = False

    def count(code: grpc.StatusCode) -> None:
        nonlocal counted
        with once:
            if counted:
                return
            counted = True
        ended(code, started)

    def terminated() -> None:
        left = context.time_remaining()
        gone = (
            grpc.StatusCode.DEADLINE_EXCEEDED
            if left is not None and left <= 0
            else grpc.StatusCode.CANCELLED
        )
        count(_set_code(context) or gone)

    context.add_callback(terminated)
    try:
        yield from responses  # closes them when this stream is closed
    except GeneratorExit:
        raise  # gRPC stopped asking: `terminated` counts the call
    except BaseException:
        count(_code_of(context, True))
        raise
    count(_code_of(context, False))

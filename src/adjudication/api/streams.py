"""Bounds on server-streaming calls. gRPC's synchronous server sends a stream's
messages from one thread of its pool, and that thread waits while the client
does not read: never-read streams would take every thread, and every other
call and the health check would queue behind them. So streams are few (in all
and per principal, fewer in all than the server's threads) and a stream whose
client has read nothing for `stall_seconds` is cancelled, freeing its thread.
"""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import grpc
import structlog

log = structlog.get_logger("adjudication.streams")

Response = TypeVar("Response")

# Defaults of the server's settings: fewer streams than its 16 threads.
MAX_STREAMS = 8
MAX_STREAMS_PER_PRINCIPAL = 4
STALL_SECONDS = 15.0


class TooManyStreams(Exception):
    code = "TOO_MANY_STREAMS"

    def __init__(self, message: str, scope: str, limit: int) -> None:
        super().__init__(message)
        self.scope = scope
        self.limit = limit


@dataclass
class _Sending:
    since: float
    context: grpc.ServicerContext
    principal: str


class StreamGate:
    def __init__(
        self,
        total: int = MAX_STREAMS,
        per_principal: int = MAX_STREAMS_PER_PRINCIPAL,
        stall_seconds: float = STALL_SECONDS,
    ) -> None:
        self.total = total
        self.per_principal = per_principal
        self.stall_seconds = stall_seconds
        self._lock = threading.Lock()
        self._open: Counter[str] = Counter()
        # A message handed to gRPC whose client has not taken it yet, by stream.
        self._sending: dict[object, _Sending] = {}
        self._watchdog: threading.Thread | None = None

    def stream(
        self,
        principal: str,
        context: grpc.ServicerContext,
        responses: Iterator[Response],
    ) -> Iterator[Response]:
        """The responses, once the principal may open one more stream
        (TooManyStreams otherwise), each watched until the client took it."""
        with self._admitted(principal):
            key = object()
            for response in responses:
                with self._lock:
                    self._sending[key] = _Sending(time.monotonic(), context, principal)
                try:
                    # gRPC resumes this generator once the client took it.
                    yield response
                finally:
                    with self._lock:
                        self._sending.pop(key, None)

    @contextmanager
    def _admitted(self, principal: str) -> Iterator[None]:
        with self._lock:
            if sum(self._open.values()) >= self.total:
                raise TooManyStreams(
                    f"the server has {self.total} event streams open, its limit; "
                    "retry later",
                    "server",
                    self.total,
                )
            if self._open[principal] >= self.per_principal:
                raise TooManyStreams(
                    f"{principal} has {self.per_principal} event streams open, "
                    "the limit per caller; read or close one first",
                    "caller",
                    self.per_principal,
                )
            self._open[principal] += 1
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._cancel_stalled, name="stream-watchdog", daemon=True
                )
                self._watchdog.start()
        try:
            yield
        finally:
            with self._lock:
                self._open[principal] -= 1
                if not self._open[principal]:
                    del self._open[principal]

    def _cancel_stalled(self) -> None:
        every = min(self.stall_seconds / 4, 1.0)
        while True:
            time.sleep(every)
            now = time.monotonic()
            with self._lock:
                stalled = [
                    (key, s)
                    for key, s in self._sending.items()
                    if now - s.since > self.stall_seconds
                ]
                for key, _ in stalled:
                    del self._sending[key]
            for _, sending in stalled:
                log.warning(
                    "stream_stalled",
                    actor=sending.principal,
                    seconds=round(now - sending.since, 1),
                )
                try:
                    # Ends the send the thread waits on: it finishes the call.
                    sending.context.cancel()
                except Exception:
                    log.exception("stream_not_cancelled", actor=sending.principal)

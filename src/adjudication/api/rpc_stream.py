"""What every server-streaming RPC gets, as `rpc.rpc` gives unary ones: the
client's deadline honoured, errors mapped to the same rich statuses (also after
some messages were sent), and one structured log line per call with the number
of messages sent.

The call's deadline is set around each step of the handler, never across a
`yield`: gRPC resumes the generator message by message and may finalise it
elsewhere when the client goes away (logged as CANCELLED).
"""

import functools
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import grpc
import structlog
from google.rpc import status_pb2
from grpc_status import rpc_status

from adjudication.adapters import call_deadline
from adjudication.api import errors
from adjudication.api.rpc import (
    _client_deadline,
    _code,
    actor_of,
    failure_status,
    full_method,
    within_limits,
)

log = structlog.get_logger("adjudication.rpc")

Request = TypeVar("Request")
Response = TypeVar("Response")
StreamHandler = Callable[[Any, Request, grpc.ServicerContext], Iterator[Response]]


def rpc_stream(
    handler: StreamHandler[Request, Response],
) -> StreamHandler[Request, Response]:
    method = handler.__name__

    @functools.wraps(handler)
    def serve(
        self: Any, request: Request, context: grpc.ServicerContext
    ) -> Iterator[Response]:
        started = time.perf_counter()
        name = full_method(self, method)
        subject = getattr(request, "name", "")
        status: status_pb2.Status | None = None
        cancelled = False
        sent = 0
        try:
            responses = handler(self, within_limits(request), context)
            while True:
                with call_deadline.deadline_after(_client_deadline(context)):
                    call_deadline.check()
                    response = next(responses, None)
                if response is None:
                    break
                yield response
                sent += 1
        except GeneratorExit:
            cancelled = True
            raise
        except Exception as e:
            status = failure_status(e, name, subject, context)
        finally:
            if cancelled:
                code = grpc.StatusCode.CANCELLED
            else:
                code = grpc.StatusCode.OK if status is None else _code(status.code)
            log.info(
                "rpc",
                method=name,
                claim=subject or None,
                code=code.name,
                reason=errors.reason_of(status),
                messages=sent,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                actor=actor_of(context),
            )
        if status is not None:
            context.abort_with_status(rpc_status.to_status(status))
            raise AssertionError("abort_with_status returns only by raising")

    return serve

"""What every RPC gets: the client's deadline honoured, errors mapped to rich
statuses, and one structured log line (method, request id, claim, status code,
duration), personal data masked."""

import functools
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import grpc
import structlog
from google.protobuf.message import Message
from google.rpc import status_pb2
from grpc_status import rpc_status

from adjudication.adapters import call_deadline
from adjudication.adapters.notary import LogTampered
from adjudication.adapters.storage import STORE_UNREACHABLE
from adjudication.api import errors, limits
from adjudication.api.access import principal_of
from adjudication.service_layer.unit_of_work import MAX_REQUEST_ID

log = structlog.get_logger("adjudication.rpc")
NO_DEADLINE = 10 * 24 * 3600.0

Request = TypeVar("Request")
Response = TypeVar("Response")
Handler = Callable[[Any, Request, grpc.ServicerContext], Response]


PACKAGE = "adjudication.v1"


def full_method(servicer: object, method: str) -> str:
    """The method as the contract names it, `adjudication.v1.ClaimsService/
    GetClaim`: the service is the generated servicer the class implements."""
    for base in type(servicer).__mro__:
        if base.__name__.endswith("ServiceServicer"):
            return f"{PACKAGE}.{base.__name__.removesuffix('Servicer')}/{method}"
    return method


def actor_of(context: grpc.ServicerContext) -> str:
    """Who acts: the principal the access interceptor authenticated."""
    return principal_of(context).name


def failure_status(
    error: Exception, method: str, subject: str, context: grpc.ServicerContext
) -> status_pb2.Status:
    """The status for a call that raised (called in its except block): the
    request's fault, the store's, or a fault of the service, logged with an
    incident id and never shown to the client."""
    if isinstance(error, LogTampered):
        # Someone changed the stored log outside the service: for the
        # operators and auditors at once, not only for the caller.
        log.error(
            "log_tampered", method=method, claim=subject, positions=error.positions
        )
    if isinstance(error, errors.REQUEST_ERRORS):
        return errors.status_of(error, subject)
    if isinstance(error, STORE_UNREACHABLE):
        left = _client_deadline(context)
        if left is not None and left <= 0:
            return errors.status_of(call_deadline.DeadlineExceeded(str(error)))
        log.warning("store_unavailable", method=method, error=str(error))
        return errors.unavailable()
    incident = uuid.uuid4().hex
    log.exception("internal_error", method=method, incident=incident)
    return errors.internal(incident)


def rpc(handler: Handler[Request, Response]) -> Handler[Request, Response]:
    method = handler.__name__

    @functools.wraps(handler)
    def serve(self: Any, request: Request, context: grpc.ServicerContext) -> Response:
        started = time.perf_counter()
        name = full_method(self, method)
        subject = getattr(request, "name", "")
        status = None
        try:
            with call_deadline.deadline_after(_client_deadline(context)):
                call_deadline.check()
                response = handler(self, within_limits(request), context)
            claim = getattr(response, "claim", None)
            subject = subject or (claim.name if claim is not None else "")
            return response
        except Exception as e:
            status = failure_status(e, name, subject, context)
        finally:
            code = grpc.StatusCode.OK if status is None else _code(status.code)
            log.info(
                "rpc",
                method=name,
                # As long as a valid one at most: the request may be refused
                # for its length.
                request_id=getattr(request, "request_id", "")[:MAX_REQUEST_ID] or None,
                claim=subject[: limits.ID.chars] or None,
                code=code.name,
                reason=errors.reason_of(status),
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                actor=actor_of(context),
            )
        context.abort_with_status(rpc_status.to_status(status))
        raise AssertionError("abort_with_status returns only by raising")

    return serve


def within_limits(request: Any) -> Any:
    """The request, checked against the input limits; a streamed request's
    messages each as they are read."""
    if isinstance(request, Message | limits.Undecodable):
        limits.check(request)
        return request
    return _checked_each(request)


def _checked_each(requests: Iterator[Any]) -> Iterator[Any]:
    for request in requests:
        limits.check(request)
        yield request


def _client_deadline(context: grpc.ServicerContext) -> float | None:
    """Seconds the client still waits; gRPC reports a huge number for none."""
    left = context.time_remaining()
    return left if left is not None and left < NO_DEADLINE else None


def _code(value: int) -> grpc.StatusCode:
    return next(c for c in grpc.StatusCode if c.value[0] == value)

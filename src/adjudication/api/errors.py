"""Errors as google.rpc.Status (AIP-193): a gRPC code, a message for people, one
ErrorInfo whose reason is a stable code (its metadata carries the error's
details, e.g. `accident_ids`), and BadRequest or PreconditionFailure details a
client can act on. Never a stack trace."""

import re
from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

from adjudication.adapters.call_deadline import DeadlineExceeded
from adjudication.adapters.notary import LogTampered
from adjudication.api.streams import TooManyStreams
from adjudication.domain.errors import (
    ConcurrencyConflict,
    DomainError,
    InvalidCommand,
    NotFound,
    RequestIdReused,
    StateForbids,
)

ERROR_DOMAIN = "adjudication.v1"
# The domain names a bad field by the command's or the fact's own field; the
# contract names these (the dates, mostly) otherwise.
PROTO_FIELDS = {
    "reported_at": "report_time",
    "received_on": "received_date",
    "paid_on": "payment_date",
    "recovered_on": "recovery_date",
    "decided_on": "decision_date",
    "occurred_on": "accident_date",
    "issued_on": "issue_date",
    "admitted_on": "admission_date",
    "discharged_on": "discharge_date",
    "appraised_on": "appraisal_date",
    "diagnosed_on": "diagnosis_date",
    "died_on": "death_date",
}
_NAME = re.compile(r"[a-z_]+")


def proto_field(path: str) -> str:
    """`documents[0].death.died_on` -> `documents[0].death.death_date`."""
    return _NAME.sub(lambda name: PROTO_FIELDS.get(name[0], name[0]), path)


def _pack(message: Any) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def _status(
    code: grpc.StatusCode,
    message: str,
    reason: str,
    *details: Any,
    metadata: dict[str, str] | None = None,
) -> status_pb2.Status:
    info = error_details_pb2.ErrorInfo(
        reason=reason, domain=ERROR_DOMAIN, metadata=metadata or {}
    )
    return status_pb2.Status(
        code=getattr(code_pb2, code.name),
        message=_shortened(message),
        details=[_pack(info), *(_pack(d) for d in details)],
    )


# An error names at most this many bad fields, and its texts are at most this
# long: a status travels in the trailers (its message twice, once in base64),
# which gRPC clients may refuse past 8 KB and do past 16 KB; the client would
# see RESOURCE_EXHAUSTED, and none of the details.
MAX_VIOLATIONS = 10
MAX_MESSAGE = 500
MAX_DESCRIPTION = 200


def _shortened(text: str, most: int = MAX_MESSAGE) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def status_of(error: Exception, subject: str = "") -> status_pb2.Status:
    """The status for an error a request caused (not a fault of the service)."""
    if isinstance(error, InvalidCommand):
        violations = [
            error_details_pb2.BadRequest.FieldViolation(
                field=proto_field(v.field),
                description=_shortened(v.description, MAX_DESCRIPTION),
                reason=v.reason or "INVALID_ARGUMENT",
            )
            for v in error.violations[:MAX_VIOLATIONS]
        ]
        return _status(
            grpc.StatusCode.INVALID_ARGUMENT,
            error.message,
            error.code,
            error_details_pb2.BadRequest(field_violations=violations),
            metadata=error.details,
        )
    if isinstance(error, StateForbids):
        failure = error_details_pb2.PreconditionFailure(
            violations=[
                error_details_pb2.PreconditionFailure.Violation(
                    type=error.code,
                    subject=subject,
                    description=_shortened(error.message),
                )
            ]
        )
        return _status(
            grpc.StatusCode.FAILED_PRECONDITION,
            error.message,
            error.code,
            failure,
            metadata=error.details,
        )
    if isinstance(error, NotFound):
        return _status(grpc.StatusCode.NOT_FOUND, error.message, error.code)
    if isinstance(error, RequestIdReused):
        return _status(grpc.StatusCode.ALREADY_EXISTS, error.message, error.code)
    if isinstance(error, ConcurrencyConflict):
        return _status(grpc.StatusCode.ABORTED, error.message, error.code)
    if isinstance(error, DeadlineExceeded):
        return _status(
            grpc.StatusCode.DEADLINE_EXCEEDED, str(error), DeadlineExceeded.code
        )
    if isinstance(error, DomainError):
        return _status(grpc.StatusCode.FAILED_PRECONDITION, error.message, error.code)
    if isinstance(error, TooManyStreams):
        return _status(
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            str(error),
            error.code,
            metadata={"scope": error.scope, "limit": str(error.limit)},
        )
    if isinstance(error, LogTampered):
        return _status(
            grpc.StatusCode.DATA_LOSS,
            f"{error}; nothing was recorded",
            error.code,
            metadata={"positions": ",".join(map(str, error.positions))},
        )
    raise TypeError(f"not a request error: {error!r}")


def unavailable() -> status_pb2.Status:
    return _status(
        grpc.StatusCode.UNAVAILABLE,
        "the claims store is unavailable; retry later",
        "STORE_UNAVAILABLE",
    )


def internal(incident: str) -> status_pb2.Status:
    return _status(
        grpc.StatusCode.INTERNAL,
        f"internal error; incident {incident} is logged",
        "INTERNAL",
        metadata={"incident": incident},
    )


REQUEST_ERRORS = (DomainError, DeadlineExceeded, LogTampered, TooManyStreams)


def credential_required() -> status_pb2.Status:
    return _status(
        grpc.StatusCode.UNAUTHENTICATED,
        "no credential: send `authorization: Bearer <token>` or a client certificate",
        "CREDENTIAL_REQUIRED",
    )


def credential_not_recognised(kind: str) -> status_pb2.Status:
    return _status(
        grpc.StatusCode.UNAUTHENTICATED,
        f"the {kind} is not a credential of this service",
        "CREDENTIAL_NOT_RECOGNISED",
        metadata={"credential": kind},
    )


def credentials_unavailable() -> status_pb2.Status:
    return _status(
        grpc.StatusCode.UNAVAILABLE,
        "credentials cannot be checked now; retry later",
        "CREDENTIALS_UNAVAILABLE",
    )


def role_required(method: str, roles: Iterable[str]) -> status_pb2.Status:
    needed = ",".join(sorted(roles))
    return _status(
        grpc.StatusCode.PERMISSION_DENIED,
        f"{method} needs one of the roles {needed or '(none: no policy)'}",
        "ROLE_REQUIRED",
        metadata={"roles": needed, "method": method},
    )


def reason_of(status: status_pb2.Status | None) -> str | None:
    """The ErrorInfo reason of a status."""
    if status is None:
        return None
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return str(info.reason)
    return None

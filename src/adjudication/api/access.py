"""Who calls, and whether they may: one server interceptor in front of every
RPC. It authenticates the caller (a bearer token in the `authorization`
metadata, or a client certificate whose subject is in the credentials),
refuses by the policy table (`adjudication.auth.roles.POLICY`), logs every
refusal with who, what and from where, masks the personal data of responses
for roles that may not see it, and hands the principal to the servicers: the
actor of every event is the principal, never what a caller says it is."""

from collections.abc import Callable, Iterator
from typing import Any

import grpc
import structlog
from google.protobuf.message import DecodeError, Message
from google.rpc import code_pb2
from grpc_status import rpc_status

from adjudication.api import errors, limits, personal_data
from adjudication.api.handlers import Handler, rewrapped
from adjudication.auth.credentials import Credentials, CredentialsError
from adjudication.auth.roles import LOCAL, OPEN_SERVICES, POLICY, Principal, Rule

log = structlog.get_logger("adjudication.access")
# Generic in the stubs only.


class _Refused(Exception):
    def __init__(self, status: Any, principal: Principal | None = None) -> None:
        self.status = status
        self.principal = principal


class AuthenticatedContext:
    """The call's context, with the principal the interceptor found."""

    def __init__(self, context: grpc.ServicerContext, principal: Principal) -> None:
        self._context = context
        self.principal = principal

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def principal_of(context: grpc.ServicerContext) -> Principal:
    principal = getattr(context, "principal", None)
    if not isinstance(principal, Principal):
        # Fails closed: a servicer reached without the interceptor acts for no one.
        raise RuntimeError("the call was not authenticated by AccessInterceptor")
    return principal


class AccessInterceptor(grpc.ServerInterceptor):
    def __init__(self, credentials: Credentials | None) -> None:
        """`credentials`: None where every caller is the local user (a
        loopback address without credentials, see `server.check_exposure`)."""
        self.credentials = credentials

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], "Handler | None"],
        details: grpc.HandlerCallDetails,
    ) -> "Handler | None":
        handler = continuation(details)
        method = details.method
        if handler is None or method.split("/")[1] in OPEN_SERVICES:
            return handler
        # A method without a rule is refused to every role.
        rule = POLICY.get(method, Rule(frozenset()))
        return _guarded(
            handler,
            lambda request, context: self._admit(method, rule, request, context),
        )

    def _admit(
        self, method: str, rule: Rule, request: Any, context: grpc.ServicerContext
    ) -> AuthenticatedContext:
        """The context to serve the call with, or the call aborted."""
        principal = None
        try:
            try:
                principal = self._authenticate(context)
            except (OSError, CredentialsError) as e:
                # Fails closed, and says why, until the file can be read again.
                log.error("credentials_unreadable", error=str(e))
                raise _Refused(errors.credentials_unavailable()) from None
            needed = (
                rule.roles_for(request) if isinstance(request, Message) else rule.roles
            )
            if not principal.roles & needed:
                raise _Refused(errors.role_required(method, needed), principal)
        except _Refused as refused:
            status = refused.status
            log.warning(
                "denied",
                method=method,
                principal=principal.name if principal else None,
                roles=sorted(principal.roles) if principal else [],
                peer=context.peer(),
                code=code_pb2.Code.Name(status.code),
                reason=errors.reason_of(status),
            )
            context.abort_with_status(rpc_status.to_status(status))
            raise AssertionError("abort_with_status returns only by raising") from None
        return AuthenticatedContext(context, principal)

    def _authenticate(self, context: grpc.ServicerContext) -> Principal:
        if self.credentials is None:
            return LOCAL
        tokens = [
            value
            for key, value in context.invocation_metadata()
            if key == "authorization" and isinstance(value, str)
        ]
        if tokens:
            scheme, _, token = tokens[0].partition(" ")
            principal = (
                self.credentials.by_token(token.strip())
                if scheme.lower() == "bearer" and len(tokens) == 1
                else None
            )
            if principal is None:
                raise _Refused(errors.credential_not_recognised("token"))
            return principal
        subject = _certificate_subject(context)
        if subject is None:
            raise _Refused(errors.credential_required())
        principal = self.credentials.by_subject(subject)
        if principal is None:
            raise _Refused(errors.credential_not_recognised("certificate"))
        return principal


def _certificate_subject(context: grpc.ServicerContext) -> str | None:
    """The verified client certificate's subject, in RFC 2253 order
    (`O=...,CN=...`), if any."""
    # Each property is a list of bytes values (the stubs say otherwise).
    values: Any = context.auth_context().get("x509_subject")
    return bytes(values[0]).decode() if values else None


Admit = Callable[[Any, grpc.ServicerContext], AuthenticatedContext]


def _guarded(handler: Handler, admit: Admit) -> Handler:
    """The same handler, each call admitted first and its responses masked for
    a principal that may not see personal data."""

    def unary(behavior: Any) -> Any:
        def serve(request: Any, context: grpc.ServicerContext) -> Any:
            admitted = admit(request, context)
            response = behavior(request, admitted)
            if admitted.principal.sees_personal_data:
                return response
            return personal_data.mask(response)

        return serve

    def streamed(behavior: Any) -> Any:
        def serve(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            admitted = admit(request, context)
            responses = behavior(request, admitted)
            if admitted.principal.sees_personal_data:
                return responses  # type: ignore[no-any-return]
            return _masked(responses)

        return serve

    return rewrapped(handler, unary, streamed, _lenient(handler.request_deserializer))


def _lenient(deserialize: Any) -> Any:
    """The request's deserializer, but bytes that are no such message become
    an `Undecodable` the servicer refuses (gRPC itself would answer INTERNAL)."""
    if deserialize is None:
        return None

    def read(data: bytes) -> Any:
        try:
            return deserialize(data)
        except DecodeError:
            name = str(getattr(deserialize, "__qualname__", "request"))
            return limits.Undecodable(name.removesuffix(".FromString"))

    return read


def _masked(responses: Iterator[Message]) -> Iterator[Message]:
    try:
        for response in responses:
            yield personal_data.mask(response)
    finally:
        close = getattr(responses, "close", None)
        if close is not None:
            close()

"""The gRPC server: health (overall and per service, NOT_SERVING while the
store cannot be reached), reflection, a bound on concurrent RPCs and on every
call's deadline, authentication and roles on every RPC (`access`), TLS, an
address of its own, and a graceful shutdown on SIGTERM or SIGINT: NOT_SERVING
first, then in-flight calls finish within the grace period, then stop.

Beside it, on addresses of their own: the Prometheus metrics
(`adjudication.metrics`), and a plaintext listener of the health checks alone,
for probes that cannot speak TLS (kubelet's)."""

import faulthandler
import ipaddress
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass
from types import FrameType

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2

from adjudication import logs, metrics
from adjudication.adapters import call_deadline
from adjudication.adapters.storage import STORE_UNREACHABLE
from adjudication.api.access import AccessInterceptor
from adjudication.api.audit_service import AuditService
from adjudication.api.claims_service import ClaimsService
from adjudication.api.enrollment_service import EnrollmentService
from adjudication.api.read_models import WAIT_CEILING_SECONDS, ReadYourWrites
from adjudication.api.reconciliation_service import ReconciliationService
from adjudication.api.rpc_metrics import RpcMetrics, RpcMetricsInterceptor
from adjudication.api.streams import (
    MAX_STREAMS,
    MAX_STREAMS_PER_PRINCIPAL,
    STALL_SECONDS,
    StreamGate,
)
from adjudication.auth.credentials import Credentials
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    claims_pb2,
    claims_pb2_grpc,
    enrollment_pb2,
    enrollment_pb2_grpc,
    reconciliation_pb2,
    reconciliation_pb2_grpc,
)
from projections import runner as projections
from projections.registry import ReadModels

log = structlog.get_logger("adjudication.server")

# Time a shutdown may take beyond the drain delay and the grace period: for the
# projection workers to stop and the stores to close.
SHUTDOWN_OVERRUN_SECONDS = 10.0
# How often the store is asked whether it answers (health follows it), and the
# longest one asking may take.
PROBE_SECONDS = 1.0
# The longest the projection watchdog pauses after failing to check on them.
MAX_WATCH_DELAY = 4.0

SERVICES = (
    claims_pb2.DESCRIPTOR.services_by_name["ClaimsService"].full_name,
    enrollment_pb2.DESCRIPTOR.services_by_name["EnrollmentService"].full_name,
    audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name,
    reconciliation_pb2.DESCRIPTOR.services_by_name["ReconciliationService"].full_name,
)


@dataclass(frozen=True)
class Tls:
    """PEM: the server's certificate chain and key; `client_ca`: the
    authority whose client certificates the server requires."""

    certificate_chain: bytes
    private_key: bytes
    client_ca: bytes | None = None


@dataclass(frozen=True)
class ServerSettings:
    address: str = "127.0.0.1:50051"
    # None: no credentials, every caller is the local user (loopback only).
    credentials: Credentials | None = None
    tls: Tls | None = None
    max_workers: int = 16
    # More RPCs than this at once are answered RESOURCE_EXHAUSTED, not queued.
    max_concurrent_rpcs: int = 64
    grace_seconds: float = 10.0
    # NOT_SERVING this long before refusing calls, so load balancers notice.
    drain_delay_seconds: float = 0.0
    # The deadline of a call that has none, and the latest of any call.
    max_call_seconds: float = call_deadline.DEFAULT_CEILING_SECONDS
    # Event streams open at once, in all and per principal, and the seconds a
    # stream may wait for its client to read (see `streams`).
    max_streams: int = MAX_STREAMS
    max_streams_per_client: int = MAX_STREAMS_PER_PRINCIPAL
    stream_stall_seconds: float = STALL_SECONDS
    # The longest a read with `min_position` waits for the read models.
    read_wait_seconds: float = WAIT_CEILING_SECONDS
    # HOST:PORT of the Prometheus endpoint (HTTP), None: none.
    metrics_address: str | None = None
    # HOST:PORT of a plaintext gRPC listener of grpc.health.v1's Check alone,
    # for probes that cannot speak TLS; None: none.
    health_address: str | None = None

    def __post_init__(self) -> None:
        for address in (self.metrics_address, self.health_address):
            if address is not None:
                metrics.host_and_port(address)  # ValueError: not HOST:PORT
        if not 0 < self.max_streams < self.max_workers:
            # Streams beyond the threads would leave none for other calls.
            raise ValueError(
                f"max streams {self.max_streams}: give 1 to {self.max_workers - 1}"
                f", fewer than the server's {self.max_workers} threads"
            )


class ExposureRefused(ValueError):
    """A server that anyone on the network could call without a credential,
    or whose tokens would cross the network in clear."""


class AddressUnavailable(OSError):
    """The address is another server's (or not this machine's)."""


def _why_not_bound(address: str) -> str:
    """gRPC says only that it could not bind: the system's reason, found by
    binding the address once more."""
    host, _, port = address.rpartition(":")
    try:
        found = socket.getaddrinfo(
            host.strip("[]") or None, int(port), type=socket.SOCK_STREAM
        )
        family, kind, protocol, _, bound_to = found[0]
        with socket.socket(family, kind, protocol) as probe:
            probe.bind(bound_to)
    except (OSError, ValueError) as error:
        return getattr(error, "strerror", None) or str(error)
    return "gRPC cannot bind it"


def is_loopback(address: str) -> bool:
    host = address.rpartition(":")[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_exposure(settings: ServerSettings) -> list[str]:
    """What of TLS and credentials is missing; refuses a non-loopback address
    that misses either. The health and metrics addresses may be any: they
    carry no personal data and take no command (the health listener serves
    nothing else, whatever the main address requires)."""
    missing = [
        what
        for what, absent in (
            ("TLS", settings.tls is None),
            ("credentials", settings.credentials is None),
        )
        if absent
    ]
    if missing and not is_loopback(settings.address):
        raise ExposureRefused(
            f"refusing to serve {settings.address} without "
            + " and ".join(missing)
            + ": give --tls-cert and --tls-key, and create tokens with "
            "`adjudication token create` (or serve on a loopback address)"
        )
    return missing


def check_exposure(settings: ServerSettings) -> None:
    """Refuses a non-loopback address without TLS and credentials; on a
    loopback address says loudly, in one line, what is missing."""
    missing = refuse_exposure(settings)
    if missing:
        log.warning(
            "UNPROTECTED: serving without "
            + " and ".join(missing)
            + (
                ", every caller acts as 'local' with every role"
                if settings.credentials is None
                else ""
            )
            + f"; only for development, on the loopback address {settings.address}",
            address=settings.address,
            missing=missing,
        )


def _credentials(tls: Tls) -> grpc.ServerCredentials:
    return grpc.ssl_server_credentials(
        [(tls.private_key, tls.certificate_chain)],
        root_certificates=tls.client_ca,
        require_client_auth=tls.client_ca is not None,
    )


class Server:
    def __init__(
        self,
        app: ClaimsApplication,
        enrolment: EnrolmentApplication,
        settings: ServerSettings,
        views: ReadModels | None = None,
        workers: projections.Workers | None = None,
    ) -> None:
        """`views`: the read models the services read (without them GetClaim
        reads the event store, and the listings fail); `workers`: projection
        workers running in this process (the embedded default), watched and
        stopped by the server."""
        self.app = app
        self.enrolment = enrolment
        self.settings = settings
        self.workers = workers
        self.health = health.HealthServicer(experimental_non_blocking=True)
        self._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)
        check_exposure(settings)
        call_deadline.set_ceiling(settings.max_call_seconds)
        self.registry = metrics.new_registry() if settings.metrics_address else None
        counting: list[grpc.ServerInterceptor] = []
        roster_metrics = None
        if self.registry is not None:
            # First: the calls the access interceptor refuses are counted too.
            counting.append(RpcMetricsInterceptor(RpcMetrics(self.registry)))
            roster_metrics = metrics.RosterMetrics(self.registry)
            self.registry.register(
                metrics.ReadModelsCollector(
                    app.recorder.max_notification_id,
                    views.by_name() if views else {},
                    views.claim_summary if views else None,
                    views.payment_ledger if views else None,
                )
            )
        self.grpc = grpc.server(
            futures.ThreadPoolExecutor(max_workers=settings.max_workers),
            interceptors=[*counting, AccessInterceptor(settings.credentials)],
            maximum_concurrent_rpcs=settings.max_concurrent_rpcs,
            # gRPC would otherwise share a port another server listens on,
            # each answering some of the calls from its own store.
            options=[("grpc.so_reuseport", 0)],
        )
        fresh = ReadYourWrites(
            app.recorder.max_notification_id, settings.read_wait_seconds
        )
        streams = StreamGate(
            settings.max_streams,
            settings.max_streams_per_client,
            settings.stream_stall_seconds,
        )
        add_claims_service = claims_pb2_grpc.add_ClaimsServiceServicer_to_server
        add_claims_service(  # type: ignore[no-untyped-call]
            ClaimsService(
                app,
                views.claim_summary if views else None,
                views.claim_records if views else None,
                fresh,
            ),
            self.grpc,
        )
        add_enrollment = enrollment_pb2_grpc.add_EnrollmentServiceServicer_to_server
        add_enrollment(  # type: ignore[no-untyped-call]
            EnrollmentService(enrolment, metrics=roster_metrics), self.grpc
        )
        add_audit_service = audit_pb2_grpc.add_AuditServiceServicer_to_server
        add_audit_service(  # type: ignore[no-untyped-call]
            AuditService(
                app,
                views.claim_summary if views else None,
                enrolment_notary=enrolment.notary,
                streams=streams,
                fresh=fresh,
            ),
            self.grpc,
        )
        if views is not None:
            add_reconciliation = (
                reconciliation_pb2_grpc.add_ReconciliationServiceServicer_to_server
            )
            add_reconciliation(  # type: ignore[no-untyped-call]
                ReconciliationService(
                    views.payment_ledger, views.claim_summary, enrolment, fresh
                ),
                self.grpc,
            )
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc)
        serve_reflection(
            (*SERVICES, health.SERVICE_NAME, reflection.SERVICE_NAME), self.grpc
        )
        self.port = _bind(
            settings.address,
            lambda: (
                self.grpc.add_secure_port(settings.address, _credentials(settings.tls))
                if settings.tls
                else self.grpc.add_insecure_port(settings.address)
            ),
        )
        self.health_grpc: grpc.Server | None = None
        self.health_port: int | None = None
        self.metrics_endpoint: metrics.MetricsEndpoint | None = None
        try:
            if settings.health_address is not None:
                self.health_grpc, self.health_port = health_listener(
                    settings.health_address, self.health
                )
            if self.registry is not None and settings.metrics_address is not None:
                try:
                    self.metrics_endpoint = metrics.MetricsEndpoint(
                        settings.metrics_address, self.registry
                    )
                except metrics.EndpointUnavailable as error:
                    raise AddressUnavailable(str(error)) from None
        except BaseException:
            # Nothing started: the ports bound are let go.
            for server in (self.grpc, self.health_grpc):
                if server is not None:
                    server.stop(None)
            raise
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    @property
    def metrics_port(self) -> int | None:
        return self.metrics_endpoint.port if self.metrics_endpoint is not None else None

    def _set_health(
        self, status: "health_pb2.HealthCheckResponse.ServingStatus"
    ) -> None:
        for service in ("", *SERVICES):
            self.health.set(service, status)

    def _watch_projections(self) -> None:
        """Start again a worker that failed (its view would fall behind) or
        whose view a rebuild swapped in under it. Checking on them may fail
        while the store is down: the watch goes on, waiting longer each time."""
        delay = 1.0
        while self.workers is not None and not self._stopping.wait(delay):
            try:
                self.workers.check()
                delay = 1.0
            except Exception as error:
                log.warning("projections_unchecked", **logs.error_fields(error))
                delay = min(delay * 2, MAX_WATCH_DELAY)

    def _store_answers(self) -> bool:
        try:
            with call_deadline.deadline_after(PROBE_SECONDS):
                self.app.recorder.max_notification_id()
                self.enrolment.recorder.max_notification_id()
        except (*STORE_UNREACHABLE, call_deadline.DeadlineExceeded):
            return False
        return True

    def _probe_store(self) -> None:
        """SERVING while the store answers, NOT_SERVING while it does not; the
        projection workers start again as soon as it is back."""
        answered = True
        while not self._stopping.wait(PROBE_SECONDS):
            try:
                answers = self._store_answers()
            except Exception as error:
                log.warning("store_probe_failed", **logs.error_fields(error))
                continue
            if answers == answered:
                continue
            answered = answers
            if answers:
                log.info("store_reachable")
                if self.workers is not None:
                    self.workers.start_due_now()
                self._set_health(health_pb2.HealthCheckResponse.SERVING)
            else:
                log.warning("store_unreachable")
                self._set_health(health_pb2.HealthCheckResponse.NOT_SERVING)

    def start(self) -> None:
        threading.Thread(target=self._watch_projections, daemon=True).start()
        if self.health_grpc is not None:
            self.health_grpc.start()
        self.grpc.start()
        # Ready once the store answers.
        self.app.recorder.max_notification_id()
        self.enrolment.recorder.max_notification_id()
        self._set_health(health_pb2.HealthCheckResponse.SERVING)
        threading.Thread(target=self._probe_store, daemon=True).start()
        log.info(
            "serving",
            address=self.settings.address,
            port=self.port,
            tls=self.settings.tls is not None,
            client_certificates=bool(self.settings.tls and self.settings.tls.client_ca),
            health_port=self.health_port,
            metrics_port=self.metrics_port,
        )

    def stop(self) -> None:
        """Drain: NOT_SERVING, refuse new calls, let in-flight calls finish."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        # A shutdown that hangs is ended, with every thread's stack in the log,
        # rather than left for the orchestrator's SIGKILL to end silently.
        faulthandler.dump_traceback_later(
            self.settings.drain_delay_seconds
            + self.settings.grace_seconds
            + SHUTDOWN_OVERRUN_SECONDS,
            exit=True,
        )
        try:
            self._drain()
        finally:
            faulthandler.cancel_dump_traceback_later()
            log.info("stopped")
            self._stopped.set()

    def _drain(self) -> None:
        self.health.enter_graceful_shutdown()
        log.info(
            "draining",
            delay_seconds=self.settings.drain_delay_seconds,
            grace_seconds=self.settings.grace_seconds,
        )
        time.sleep(self.settings.drain_delay_seconds)
        stopped = self.grpc.stop(self.settings.grace_seconds)
        log.info("refusing_new_calls")
        stopped.wait()
        if self.workers is not None:
            self.workers.stop()
        # After the calls: the probes see NOT_SERVING until the end, and the
        # last scrape the calls' last counts.
        if self.health_grpc is not None:
            self.health_grpc.stop(None)
        if self.metrics_endpoint is not None:
            self.metrics_endpoint.stop()
        for app in (self.app, self.enrolment):
            try:
                app.close()
            except Exception:
                log.exception("store_closed_with_an_error", application=app.name)

    def serve_until_signalled(self) -> None:
        def on_signal(signum: int, _: FrameType | None) -> None:
            log.info("signal", signal=signal.Signals(signum).name)
            threading.Thread(target=self.stop, daemon=True).start()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        self.start()
        # Python runs a signal's handler in the main thread, when it next runs
        # Python code: a signal the kernel gave another thread (gRPC's, the
        # workers') leaves a wait without a timeout blocked for good, and the
        # server ignored SIGTERM (the lifecycle test's flake).
        while not self._stopped.wait(SIGNAL_POLL_SECONDS):
            pass


REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"
SIGNAL_POLL_SECONDS = 0.2
# The health listener's threads, and the checks it takes at once (more are
# refused): a check takes no time.
HEALTH_WORKERS = 2
HEALTH_CONCURRENT_RPCS = 16


def health_listener(
    address: str, servicer: health.HealthServicer
) -> tuple[grpc.Server, int]:
    """A plaintext server of the health checks alone, answered by `servicer`
    (a server's: NOT_SERVING while it drains there too). Only Check: a Watch
    holds a thread for as long as its caller likes, and anyone who can reach
    this port may call it."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=HEALTH_WORKERS),
        maximum_concurrent_rpcs=HEALTH_CONCURRENT_RPCS,
        options=[("grpc.so_reuseport", 0)],
    )
    check = grpc.unary_unary_rpc_method_handler(
        servicer.Check,
        request_deserializer=health_pb2.HealthCheckRequest.FromString,
        response_serializer=health_pb2.HealthCheckResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler(health.SERVICE_NAME, {"Check": check}),)
    )
    return server, _bind(address, lambda: server.add_insecure_port(address))


def _bind(address: str, add_port: Callable[[], int]) -> int:
    """The port `add_port` bound `address` to; AddressUnavailable, with the
    system's reason, if it could not."""
    try:
        port = add_port()
    except RuntimeError:
        port = 0
    if port == 0:
        raise AddressUnavailable(
            f"cannot listen on {address}: " + _why_not_bound(address)
        )
    return port


def serve_reflection(services: Sequence[str], server: grpc.Server) -> None:
    """Server reflection, v1alpha (grpcio-reflection's) and v1, which newer
    clients ask for (grpcurl): the two protocols' messages are the same on the
    wire, so v1 is served by the same servicer under its own name."""
    names = (*services, REFLECTION_V1)
    reflection.enable_server_reflection(names, server)
    servicer = reflection.ReflectionServicer(names)
    info = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                REFLECTION_V1, {"ServerReflectionInfo": info}
            ),
        )
    )

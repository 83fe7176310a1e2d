"""Prometheus metrics, on an HTTP port of their own: the server's
(`ServerSettings.metrics_address`) and the projection workers'
(`serve_metrics`, for `adjudication project`).

What the read models hold is read from them at each scrape: claims by status,
amounts assessed and paid by benefit, how many events each view is behind the
log. Every replica and worker then reports the same figures, right after a
restart too. What only one process sees is counted by it: its RPCs
(`api.rpc_metrics`) and the roster rows and police answers it recorded
(`RosterMetrics`), which Prometheus adds up across replicas.

Each endpoint has a registry of its own, not prometheus_client's global one:
a process that runs several servers (the tests) keeps each one's counts apart.
"""

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

import structlog
from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from adjudication import logs
from adjudication.adapters import call_deadline
from adjudication.adapters.storage import CLAIMS_LOG
from adjudication.domain.enrolment import RosterSubmission
from adjudication.domain.registration_answers import CheckSummary
from projections.claim_summary import ClaimSummaryView
from projections.payment_ledger import PaymentLedgerView
from projections.views import FollowsTheLog

log = structlog.get_logger("adjudication.metrics")

# The longest one scrape reads the store for (Prometheus gives up after 10 s
# by default): a store that does not answer leaves its figures out instead.
SCRAPE_SECONDS = 5.0

__all__ = [
    "SCRAPE_SECONDS",
    "EndpointUnavailable",
    "MetricsEndpoint",
    "ReadModelsCollector",
    "RosterMetrics",
    "host_and_port",
    "new_registry",
    "serve_metrics",
]


class EndpointUnavailable(OSError):
    """The metrics address cannot be listened on."""


def host_and_port(address: str) -> tuple[str, int]:
    """HOST:PORT (`[::1]:9464` for IPv6; port 0: any free port)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"address {address!r}: give HOST:PORT, e.g. 0.0.0.0:9464")
    return host.strip("[]"), int(port)


def yuan(fen: int) -> float:
    """Money is integer fen everywhere else; a Prometheus sample is a float64,
    so the metrics, and only they, carry it as yuan (exact to the fen for any
    sum below 2^53 fen, which no scheme year comes near)."""
    return fen / 100


def new_registry() -> CollectorRegistry:
    """A registry of the endpoint's own, with the process's CPU, memory, open
    files, garbage collections and Python version."""
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    return registry


class ReadModelsCollector(Collector):
    """The read models' figures, read at each scrape. A figure that cannot be
    read (the store is down, a view is being rebuilt) is left out of that
    scrape, and the others are still served."""

    def __init__(
        self,
        log_end: Callable[[], int | None],
        views: Mapping[str, FollowsTheLog],
        summary: ClaimSummaryView | None,
        ledger: PaymentLedgerView | None,
    ) -> None:
        """`log_end`: the position of the claims' log's last event; `views`:
        every view by its name, for its lag behind the log."""
        self.log_end = log_end
        self.views = dict(views)
        self.summary = summary
        self.ledger = ledger

    def describe(self) -> Iterable[Metric]:
        return [
            _claims(),
            _lag(),
            _money("assessed", "Assessed"),
            _money("paid", "Paid"),
        ]

    def collect(self) -> Iterable[Metric]:
        # One deadline for the whole scrape: PostgreSQL statements are bounded
        # by it, and it ends the waits of a store that does not answer.
        with call_deadline.deadline_after(SCRAPE_SECONDS):
            return [*self._lag(), *self._claims(), *self._paid()]

    def _claims(self) -> Iterator[Metric]:
        if self.summary is None:
            return
        summary = self.summary
        yield from _read("claims", lambda: _claims(summary.claims_by_status()))
        yield from _read(
            "assessed",
            lambda: _money("assessed", "Assessed", summary.assessed_by_benefit()),
        )

    def _paid(self) -> Iterator[Metric]:
        if self.ledger is not None:
            ledger = self.ledger
            yield from _read(
                "paid", lambda: _money("paid", "Paid", ledger.paid_fen_by_benefit())
            )

    def _lag(self) -> Iterator[Metric]:
        for end in _read("log end", self.log_end):
            family = _lag()
            for name, view in self.views.items():
                for position in _read(name, partial(view.max_tracking_id, CLAIMS_LOG)):
                    family.add_metric([name], max((end or 0) - (position or 0), 0))
            yield family


def _read(what: str, read: Callable[[], Any]) -> Iterator[Any]:
    """What `read` returns, or nothing (logged) when it fails."""
    try:
        found = read()
    except Exception as error:
        log.warning("metric_unread", metric=what, **logs.error_fields(error))
        return
    yield found


def _claims(rows: Iterable[tuple[str, str, int]] = ()) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "adjudication_claims",
        "Claims by scheme year and status, as the claim summary read model holds them",
        labels=["scheme", "status"],
    )
    for scheme, status, claims in rows:
        family.add_metric([scheme, status], claims)
    return family


def _lag() -> GaugeMetricFamily:
    return GaugeMetricFamily(
        "adjudication_projection_lag_events",
        "Events of the claims' log the read model has not processed yet",
        labels=["view"],
    )


def _money(
    name: str, verb: str, rows: Iterable[tuple[str, str, int]] = ()
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        f"adjudication_{name}_yuan",
        f"{verb} by scheme year and benefit, in yuan (the read models' fen / 100)",
        labels=["scheme", "benefit"],
    )
    for scheme, benefit, fen in rows:
        family.add_metric([scheme, benefit], yuan(fen))
    return family


class RosterMetrics:
    """Roster rows and police answers by outcome, counted by the process that
    recorded them (through EnrollmentService): a submission when it completes,
    so each file once, whichever replica completed it."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.rows = Counter(
            "adjudication_roster_rows",
            "Rows of the rosters imported, by outcome (imported, unchanged, "
            "refused) and, for a refused row, its reason code",
            ["outcome", "reason"],
            registry=registry,
        )
        self.answers = Counter(
            "adjudication_registration_answers",
            "The police's registration answers, by outcome (applied, "
            "unchanged, not_enrolled, refused)",
            ["outcome"],
            registry=registry,
        )

    def imported(self, submission: RosterSubmission) -> None:
        self.rows.labels("imported", "").inc(submission.accepted)
        self.rows.labels("unchanged", "").inc(submission.unchanged)
        for reason, rows in submission.rejected_by_reason.items():
            self.rows.labels("refused", reason).inc(rows)

    def confirmed(self, summary: CheckSummary) -> None:
        for outcome, answers in (
            ("applied", summary.applied),
            ("unchanged", summary.unchanged),
            ("not_enrolled", len(summary.not_enrolled)),
            ("refused", len(summary.refused)),
        ):
            self.answers.labels(outcome).inc(answers)


class MetricsEndpoint:
    """prometheus_client's HTTP server of `registry` on `address`, from now
    until `stop`; `port`: the port it listens on."""

    def __init__(
        self,
        address: str,
        registry: CollectorRegistry,
        on_stop: Iterable[Callable[[], None]] = (),
    ) -> None:
        host, port = host_and_port(address)
        try:
            self._http, self._thread = start_http_server(port, host, registry)
        except OSError as error:
            raise EndpointUnavailable(
                f"cannot serve metrics on {address}: {error.strerror or error}"
            ) from None
        self.port: int = self._http.server_port
        self._on_stop = list(on_stop)
        self._stopped = threading.Event()
        log.info("metrics_serving", address=address, port=self.port)

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join()
        for close in self._on_stop:
            close()


# The views `serve_metrics` opens by their own names, for their figures.
_OPENED = ("claim_summary", "payment_ledger")


def serve_metrics(
    address: str, env: Mapping[str, str] | None = None
) -> MetricsEndpoint:
    """The metrics of a process without a server (`adjudication project`):
    every view's lag, claims by status and the amounts, read from the
    configured store (`env` over the environment) at each scrape."""
    from projections.log import ClaimsLog
    from projections.registry import VIEWS, open_view, projection_env
    from projections.views import PostgresView, SQLiteView

    summary = open_view("claim_summary", env)
    ledger = open_view("payment_ledger", env)
    views: dict[str, SQLiteView | PostgresView] = {
        name: open_view(name, env) for name in VIEWS if name not in _OPENED
    }
    views.update(claim_summary=summary, payment_ledger=ledger)
    claims_log = ClaimsLog(env={**projection_env(env), "CREATE_TABLE": "n"})
    registry = new_registry()
    registry.register(
        ReadModelsCollector(
            claims_log.recorder.max_notification_id, views, summary, ledger
        )
    )

    def close() -> None:
        claims_log.close()
        for view in views.values():
            view.datastore.close()

    try:
        return MetricsEndpoint(address, registry, on_stop=[close])
    except BaseException:
        close()
        raise

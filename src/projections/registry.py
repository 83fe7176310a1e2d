"""The read models by name: each one's projection and view classes, their
settings on the configured store, and their views opened for reading.

On SQLite each view lives in its own file beside the event store (the library's
SQLite tracking table has one name per file) and follows the log by polling; on
PostgreSQL its tables carry the view's name and it follows LISTEN/NOTIFY.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from adjudication.adapters.keys import Sealer
from adjudication.adapters.storage import (
    POSTGRES_CONNECT_TIMEOUT,
    beside,
    configure_keys,
    sqlite_files,
)
from projections.benefit_usage import (
    BenefitUsage,
    BenefitUsageView,
    PostgresBenefitUsage,
    SQLiteBenefitUsage,
)
from projections.claim_records import (
    ClaimRecords,
    ClaimRecordsView,
    PostgresClaimRecords,
    SQLiteClaimRecords,
)
from projections.claim_summary import (
    ClaimSummary,
    ClaimSummaryView,
    PostgresClaimSummary,
    SQLiteClaimSummary,
)
from projections.payment_ledger import (
    PaymentLedger,
    PaymentLedgerView,
    PostgresPaymentLedger,
    SQLitePaymentLedger,
)
from projections.subscription import (
    NudgedPostgresApplicationRecorder,
    PollingSQLiteApplicationRecorder,
)
from projections.views import FollowsTheLog, PostgresView, SQLiteView


@dataclass(frozen=True)
class ViewKind:
    # Any: each projection is generic in its own view classes.
    projection: type[Projection[Any]]
    sqlite: type[SQLiteView]
    postgres: type[PostgresView]


VIEWS: dict[str, ViewKind] = {
    PaymentLedger.name: ViewKind(
        PaymentLedger, SQLitePaymentLedger, PostgresPaymentLedger
    ),
    ClaimSummary.name: ViewKind(ClaimSummary, SQLiteClaimSummary, PostgresClaimSummary),
    BenefitUsage.name: ViewKind(BenefitUsage, SQLiteBenefitUsage, PostgresBenefitUsage),
    ClaimRecords.name: ViewKind(ClaimRecords, SQLiteClaimRecords, PostgresClaimRecords),
}


def is_sqlite(env: Mapping[str, str]) -> bool:
    return (
        env.get("PERSISTENCE_MODULE", "eventsourcing.sqlite") == "eventsourcing.sqlite"
    )


def projection_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings of the log and of every view, from the service's settings."""
    settings = {**os.environ, **(env or {})}
    settings.setdefault("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    # The views, their workers, their readers of the log and the notaries of a
    # process share one pool (`share_pool`): one connection kept while idle, up
    # to 24 at once for the workers and the gRPC threads reading the views.
    settings.setdefault("POSTGRES_POOL_SIZE", "1")
    settings.setdefault("POSTGRES_MAX_OVERFLOW", "23")
    settings.setdefault("POSTGRES_CONNECT_TIMEOUT", POSTGRES_CONNECT_TIMEOUT)
    if not is_sqlite(settings):
        settings.setdefault(
            "APPLICATION_RECORDER_TOPIC", get_topic(NudgedPostgresApplicationRecorder)
        )
    else:
        events = sqlite_files(settings)[0]
        settings["SQLITE_DBNAME"] = events
        settings["APPLICATION_RECORDER_TOPIC"] = get_topic(
            PollingSQLiteApplicationRecorder
        )
        for name in VIEWS:
            settings.setdefault(f"{name.upper()}_SQLITE_DBNAME", beside(events, name))
    configure_keys(settings)
    return settings


def view_class(name: str, env: Mapping[str, str]) -> type[SQLiteView | PostgresView]:
    """The view's class on the store, with the keys of its personal data."""
    kind = VIEWS[name]
    base = kind.sqlite if is_sqlite(env) else kind.postgres
    return type(base.__name__, (base,), {"sealer": Sealer(env)})


def projection_class(
    name: str, settings: Mapping[str, str], as_name: str
) -> type[Projection[Any]]:
    """The view's projection, named for its tables, knowing where the log is."""
    base = VIEWS[name].projection
    return type(base.__name__, (base,), {"name": as_name, "log_env": dict(settings)})


@overload
def open_view(
    name: Literal["payment_ledger"], env: Mapping[str, str] | None = None
) -> SQLitePaymentLedger | PostgresPaymentLedger: ...
@overload
def open_view(
    name: Literal["claim_summary"], env: Mapping[str, str] | None = None
) -> SQLiteClaimSummary | PostgresClaimSummary: ...
@overload
def open_view(
    name: Literal["benefit_usage"], env: Mapping[str, str] | None = None
) -> SQLiteBenefitUsage | PostgresBenefitUsage: ...
@overload
def open_view(
    name: Literal["claim_records_v3"], env: Mapping[str, str] | None = None
) -> SQLiteClaimRecords | PostgresClaimRecords: ...
@overload
def open_view(
    name: str, env: Mapping[str, str] | None = None
) -> SQLiteView | PostgresView: ...
def open_view(
    name: str, env: Mapping[str, str] | None = None
) -> SQLiteView | PostgresView:
    """A view's tables for reading (created when missing)."""
    settings = projection_env(env)
    factory: InfrastructureFactory[SQLiteView | PostgresView]
    factory = InfrastructureFactory.construct(
        ProjectionRunner._construct_env(name=name, env=settings)
    )
    return factory.tracking_recorder(view_class(name, settings))


@dataclass(frozen=True)
class ReadModels:
    """The views the API reads, as their readers see them."""

    claim_summary: ClaimSummaryView
    payment_ledger: PaymentLedgerView
    benefit_usage: BenefitUsageView
    claim_records: ClaimRecordsView

    def by_name(self) -> dict[str, FollowsTheLog]:
        """Each view by its name in `VIEWS`."""
        return {
            ClaimSummary.name: self.claim_summary,
            PaymentLedger.name: self.payment_ledger,
            BenefitUsage.name: self.benefit_usage,
            ClaimRecords.name: self.claim_records,
        }


def open_read_models(env: Mapping[str, str] | None = None) -> ReadModels:
    return ReadModels(
        claim_summary=open_view("claim_summary", env),
        payment_ledger=open_view("payment_ledger", env),
        benefit_usage=open_view("benefit_usage", env),
        claim_records=open_view("claim_records_v3", env),
    )

"""Running the read models: on the configured store, in the server's process or
as separate workers (`adjudication project`), and rebuilding one from zero
(`adjudication rebuild`).

On SQLite each view lives in its own file beside the event store (the library's
SQLite tracking table has one name per file) and follows the log by polling; on
PostgreSQL its tables carry the view's name and it follows LISTEN/NOTIFY.
"""

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from adjudication.storage import DEFAULT_SQLITE_FILE
from projections.benefit_usage import (
    BenefitUsage,
    PostgresBenefitUsage,
    SQLiteBenefitUsage,
)
from projections.claim_records import (
    ClaimRecords,
    PostgresClaimRecords,
    SQLiteClaimRecords,
)
from projections.claim_summary import (
    ClaimSummary,
    PostgresClaimSummary,
    SQLiteClaimSummary,
)
from projections.log import ClaimsLog
from projections.payment_ledger import (
    PaymentLedger,
    PostgresPaymentLedger,
    SQLitePaymentLedger,
)
from projections.subscription import (
    NudgedPostgresApplicationRecorder,
    PollingSQLiteApplicationRecorder,
)
from projections.views import pointer_of


@dataclass(frozen=True)
class ViewKind:
    projection: type[Projection[Any]]
    sqlite: type[Any]
    postgres: type[Any]


VIEWS: dict[str, ViewKind] = {
    PaymentLedger.name: ViewKind(
        PaymentLedger, SQLitePaymentLedger, PostgresPaymentLedger
    ),
    ClaimSummary.name: ViewKind(ClaimSummary, SQLiteClaimSummary, PostgresClaimSummary),
    BenefitUsage.name: ViewKind(BenefitUsage, SQLiteBenefitUsage, PostgresBenefitUsage),
    ClaimRecords.name: ViewKind(ClaimRecords, SQLiteClaimRecords, PostgresClaimRecords),
}


def _is_sqlite(env: Mapping[str, str]) -> bool:
    return (
        env.get("PERSISTENCE_MODULE", "eventsourcing.sqlite") == "eventsourcing.sqlite"
    )


def view_file(events_file: str, name: str) -> str:
    path = Path(events_file)
    return str(path.with_name(f"{path.stem}.{name}{path.suffix}"))


def projection_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings of the log and of every view, from the service's settings."""
    settings = {**os.environ, **(env or {})}
    settings.setdefault("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    # A view and its worker write one event at a time: small pools keep a
    # replica's PostgreSQL connections for the gRPC calls.
    settings.setdefault("POSTGRES_POOL_SIZE", "1")
    settings.setdefault("POSTGRES_MAX_OVERFLOW", "4")
    if not _is_sqlite(settings):
        settings.setdefault(
            "APPLICATION_RECORDER_TOPIC", get_topic(NudgedPostgresApplicationRecorder)
        )
    else:
        events = settings.get("SQLITE_DBNAME") or DEFAULT_SQLITE_FILE
        settings["SQLITE_DBNAME"] = events
        settings["APPLICATION_RECORDER_TOPIC"] = get_topic(
            PollingSQLiteApplicationRecorder
        )
        for name in VIEWS:
            settings.setdefault(
                f"{name.upper()}_SQLITE_DBNAME", view_file(events, name)
            )
    return settings


def view_class(name: str, env: Mapping[str, str]) -> type[Any]:
    kind = VIEWS[name]
    return kind.sqlite if _is_sqlite(env) else kind.postgres


def open_view(name: str, env: Mapping[str, str] | None = None) -> Any:
    """A view's tables for reading (created when missing)."""
    settings = projection_env(env)
    factory = InfrastructureFactory.construct(
        ProjectionRunner._construct_env(name=name, env=settings)
    )
    return factory.tracking_recorder(view_class(name, settings))


def start(
    name: str, env: Mapping[str, str] | None = None
) -> ProjectionRunner[Any, Any]:
    """A runner that follows the log into the view from where it stopped."""
    settings = projection_env(env)
    return ProjectionRunner(
        application_class=ClaimsLog,
        projection_class=_projection(name, settings, name),
        view_class=view_class(name, settings),
        env=settings,
    )


def stop(runners: Sequence[ProjectionRunner[Any, Any]]) -> list[BaseException]:
    """Stop workers without waiting on their stores: ask them all to stop, close
    the PostgreSQL pools their threads may be waiting for (a thread waiting for
    a connection then fails at once instead of after the pool's timeout; a
    connection in use is closed when given back), then wait for their threads.
    Returns the workers' errors."""
    for runner in runners:
        runner.stop()
    for runner in runners:
        reader = getattr(runner.projection, "log", None)
        for datastore in (
            runner.app.factory.datastore,
            runner.view.datastore,
            reader.factory.datastore if reader is not None else None,
        ):
            # SQLite connections are not waited for, and closing one that
            # another thread is using may crash the process.
            if isinstance(datastore, PostgresDatastore):
                datastore.close()
    errors: list[BaseException] = []
    for runner in runners:
        try:  # waits for its threads, closes its application
            runner.__exit__(None, None, None)
        except Exception as error:
            errors.append(error)
        runner.view.datastore.close()
        reader = getattr(runner.projection, "log", None)
        if reader is not None:
            reader.close()
    return errors


def rebuild(
    name: str,
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> str:
    """Replay the view from zero into fresh tables, then swap them in at once.
    Readers see the old tables until the swap. Returns the new content hash."""
    settings = projection_env(env)
    fresh = dict(settings)
    building_name = f"{name}_rebuild"
    if _is_sqlite(settings):
        current = settings[f"{name.upper()}_SQLITE_DBNAME"]
        pointer = pointer_of(current)
        building = str(pointer.with_name(f"{pointer.stem}.g{time.time_ns()}.sqlite3"))
        fresh[f"{building_name.upper()}_SQLITE_DBNAME"] = building
    runner = ProjectionRunner(
        application_class=ClaimsLog,
        projection_class=_projection(name, settings, building_name),
        view_class=view_class(name, settings),
        env=fresh,
    )
    with runner:
        total = runner.app.recorder.max_notification_id() or 0
        done = 0
        while done < total:
            runner.wait(min(done + 1000, total), timeout=600)
            done = min(done + 1000, total)
            progress(done, total)
        digest: str = runner.view.content_hash()
    if _is_sqlite(settings):
        runner.view.datastore.close()
        _point_to(pointer, Path(building), Path(current))
    else:
        _swap_postgres_tables(runner.view, name)
    return digest


def _point_to(pointer: Path, building: Path, previous: Path) -> None:
    """Make `building` the current generation, atomically; remove generations
    older than the previous one (which readers may still have open)."""
    written = pointer.with_suffix(".current-new")
    written.write_text(building.name + "\n", encoding="utf-8")
    os.replace(written, pointer)
    keep = {building.name, previous.name}
    for old in pointer.parent.glob(f"{pointer.stem}.*sqlite3*"):
        if not any(old.name.startswith(name) for name in keep):
            old.unlink(missing_ok=True)


def _projection(
    name: str, settings: Mapping[str, str], as_name: str
) -> type[Projection[Any]]:
    """The view's projection, named for its tables, knowing where the log is."""
    base = VIEWS[name].projection
    return type(base.__name__, (base,), {"name": as_name, "log_env": dict(settings)})


def _swap_postgres_tables(view: Any, name: str) -> None:
    """Rename the rebuilt tables over the live ones in one transaction."""
    schema = view.datastore.schema or "public"
    tables = [*view.TABLES, "tracking"]
    with view.datastore.transaction(commit=True) as curs:
        for table in tables:
            live, built = f"{name}_{table}", f"{name}_rebuild_{table}"
            curs.execute(f'DROP TABLE IF EXISTS "{schema}"."{live}"')
            curs.execute(f'ALTER TABLE "{schema}"."{built}" RENAME TO "{live}"')
            # the primary key's index keeps its name: free it for the next rebuild
            curs.execute(
                f'ALTER INDEX "{schema}"."{built}_pkey" RENAME TO "{live}_pkey"'
            )

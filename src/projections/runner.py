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

import structlog
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from adjudication.adapters.storage import DEFAULT_SQLITE_FILE
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
from projections.views import ViewMoved, current_generation, pointer_of

log = structlog.get_logger("projections")


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


class Workers:
    """The projection workers of one process. One that failed, or whose view a
    rebuild swapped in under it, is started again from its view's position,
    which the exactly-once tracking makes safe. One that keeps failing waits
    longer each time, up to `MAX_RESTART_DELAY` seconds."""

    MAX_RESTART_DELAY = 30.0

    def __init__(
        self, names: Sequence[str], env: Mapping[str, str] | None = None
    ) -> None:
        self.env = env
        self.runners: dict[str, ProjectionRunner[Any, Any] | None] = {}
        self._failures = dict.fromkeys(names, 0)
        self._restart_at = dict.fromkeys(names, 0.0)
        try:
            for name in names:
                self.runners[name] = start(name, env).__enter__()
        except BaseException:
            self.stop()
            raise

    def check(self) -> list[tuple[str, str, BaseException | None]]:
        """Stop the workers that failed or whose view was rebuilt under them,
        and start again those that are due. Returns (view, why, error) for each
        worker stopped or failing to start."""
        happened = []
        for name in self.runners:
            runner = self.runners[name]
            if runner is not None:
                why, error = self._why_stop(runner)
                if not why:
                    continue
                error = error or next(iter(stop([runner])), None)
                log.warning("projection_restarting", view=name, why=why, **_exc(error))
                self.runners[name] = None
                happened.append((name, why, error))
                if error is not None:
                    self._wait_after_failure(name)
            if time.monotonic() >= self._restart_at[name]:
                try:
                    self.runners[name] = start(name, self.env).__enter__()
                except Exception as error:
                    log.warning("projection_cannot_start", view=name, **_exc(error))
                    happened.append((name, "cannot start", error))
                    self._wait_after_failure(name)
        return happened

    def _why_stop(
        self, runner: ProjectionRunner[Any, Any]
    ) -> tuple[str, BaseException | None]:
        if runner.is_interrupted.is_set():
            try:
                runner.run_forever(timeout=0)  # re-raises the worker's error
            except ViewMoved:
                return "view rebuilt", None
            except Exception as error:
                return "failed", error
            return "stopped", None
        if runner.view.is_behind_its_worker(runner.app_name):
            return "view rebuilt", None
        return "", None

    def _wait_after_failure(self, name: str) -> None:
        self._failures[name] += 1
        delay = min(2.0 ** (self._failures[name] - 1), self.MAX_RESTART_DELAY)
        self._restart_at[name] = time.monotonic() + delay

    def stop(self) -> None:
        for error in stop([r for r in self.runners.values() if r is not None]):
            log.error("projection_stopped_with_an_error", **_exc(error))


def _exc(error: BaseException | None) -> dict[str, Any]:
    return {"exc_info": (type(error), error, error.__traceback__)} if error else {}


def stop(runners: Sequence[ProjectionRunner[Any, Any]]) -> list[BaseException]:
    """Stop workers without waiting on their stores: ask them all to stop, close
    the PostgreSQL pools their threads may be waiting for (a thread waiting for
    a connection then fails at once instead of after the pool's timeout; a
    connection in use is closed when given back), then wait for their threads.
    Returns the workers' errors."""
    for runner in runners:
        runner.stop()
    for runner in runners:
        reader = _reader(runner)
        for datastore in (
            getattr(runner.app.factory, "datastore", None),
            runner.view.datastore,
            getattr(reader.factory, "datastore", None) if reader else None,
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
        _close_reader(runner)
    return errors


def _reader(runner: ProjectionRunner[Any, Any]) -> ClaimsLog | None:
    """The projection's own reader of the log, if it reads it."""
    reader: ClaimsLog | None = getattr(runner.projection, "log", None)
    return reader


def _close_reader(runner: ProjectionRunner[Any, Any]) -> None:
    reader = _reader(runner)
    if reader is not None:
        reader.close()


@dataclass
class Rebuilt:
    """A view replayed from zero into fresh tables, not yet swapped in."""

    name: str
    view: Any
    digest: str
    live_file: str | None  # on SQLite, the generation readers use now


def build(
    name: str,
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Rebuilt:
    """Replay the view from zero into fresh tables, beside the live ones."""
    settings = projection_env(env)
    fresh = dict(settings)
    building_name = f"{name}_rebuild"
    live_file = None
    if _is_sqlite(settings):
        live_file = current_generation(settings[f"{name.upper()}_SQLITE_DBNAME"])
        pointer = pointer_of(live_file)
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
    _close_reader(runner)
    return Rebuilt(name, runner.view, digest, live_file)


def swap_in(rebuilt: Rebuilt) -> None:
    """Make the rebuilt tables the view's, at once. Readers move to them at
    their next statement; a worker that had gone further than the rebuild
    starts again from the rebuilt position (see `Workers`)."""
    if rebuilt.live_file is not None:
        building = rebuilt.view.datastore.pool.db_name
        rebuilt.view.datastore.close()
        _point_to(pointer_of(building), Path(building), Path(rebuilt.live_file))
    else:
        _swap_postgres_tables(rebuilt.view, rebuilt.name)
        rebuilt.view.datastore.close()


def rebuild(
    name: str,
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> str:
    """Replay the view from zero into fresh tables, then swap them in at once.
    Readers see the old tables until the swap. Returns the new content hash."""
    rebuilt = build(name, env, progress)
    swap_in(rebuilt)
    return rebuilt.digest


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

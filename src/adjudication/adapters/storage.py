"""Adapting the eventsourcing library's stores to the service: the base of both
applications, the log names, the embedded SQLite default, statements bounded
by the call's deadline."""

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteDatastore
from eventsourcing.utils import EnvType

from adjudication.adapters import call_deadline, transcodings

DEFAULT_SQLITE_FILE = "var/adjudication.sqlite3"
# The applications' names, which name their tables (and on SQLite, their
# events' rows in the shared table): the read models follow the claims' log.
CLAIMS_LOG = "Adjudication"
ENROLMENT_LOG = "Enrolment"


class ServiceApplication(Application[UUID]):
    """What the service's applications share: the embedded SQLite file under
    ./var/ unless configured (PostgreSQL by environment), the domain's value
    objects in events, and statements bounded by the call's deadline."""

    env: ClassVar[dict[str, str]] = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        # Connections kept open while idle (the pool grows to 12 under load): a
        # replica holds two applications plus its read models and workers, and
        # PostgreSQL's default limit is 100 connections for all of them.
        "POSTGRES_POOL_SIZE": "2",
    }

    def __init__(self, env: EnvType | None = None) -> None:
        super().__init__(env)
        bound_statements_by_call_deadline(self.factory)

    def construct_env(self, name: str, env: EnvType | None = None) -> Any:
        environment = super().construct_env(name, env)
        if environment.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":
            if not environment.get("SQLITE_DBNAME"):
                environment["SQLITE_DBNAME"] = DEFAULT_SQLITE_FILE
            db = environment["SQLITE_DBNAME"]
            if db != ":memory:" and not db.startswith("file:"):
                Path(db).parent.mkdir(parents=True, exist_ok=True)
        return environment

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)


def bound_statements_by_call_deadline(factory: InfrastructureFactory) -> None:
    """A call's statements give up when its deadline passes: PostgreSQL's
    `statement_timeout`, SQLite's `busy_timeout` (waiting for another writer).

    Both datastores check connections out in one method; wrapping it sets the
    timeout for calls that have a deadline and restores it before the
    connection goes back to the pool.
    """
    datastore = getattr(factory, "datastore", None)
    if isinstance(datastore, PostgresDatastore):
        _wrap(datastore, "SET statement_timeout = {}", "RESET statement_timeout")
    elif isinstance(datastore, SQLiteDatastore):
        seconds = datastore.pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT
        _wrap(
            datastore,
            "PRAGMA busy_timeout = {}",
            f"PRAGMA busy_timeout = {int(seconds * 1000)}",
        )


def _wrap(datastore: Any, set_timeout: str, restore: str) -> None:
    checkout: Callable[..., AbstractContextManager[Any]] = datastore.get_connection

    @contextmanager
    def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
        # Also ends the library's retries of a statement the timeout cancelled.
        call_deadline.check()
        with checkout(*args, **kwargs) as conn:
            left = call_deadline.remaining()
            if left is None:
                yield conn
                return
            conn.cursor().execute(set_timeout.format(max(int(left * 1000), 1)))
            try:
                yield conn
            finally:
                with contextlib.suppress(Exception):
                    conn.cursor().execute(restore)

    datastore.get_connection = get_connection

"""Adapting the eventsourcing library's stores to the service: the base of both
applications, the log names, the embedded SQLite default (each log in its own
file), payloads compressed and encrypted, statements bounded by the call's
deadline."""

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    InternalError,
    JSONTranscoder,
)
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteDatastore
from eventsourcing.utils import EnvType

from adjudication.adapters import call_deadline, embedded_upgrade, keys, transcodings
from adjudication.adapters.identities import PersonIds

DEFAULT_SQLITE_FILE = "var/adjudication.sqlite3"
T = TypeVar("T")
CREATE_ATTEMPTS = 5
# The applications' names, which name their tables on PostgreSQL
# (`adjudication_events`, `enrolment_events`) and prefix their settings: the
# read models follow the claims' log.
CLAIMS_LOG = "Adjudication"
ENROLMENT_LOG = "Enrolment"


def sqlite_files(env: Mapping[str, str]) -> tuple[str, str]:
    """The claims' and the enrolment's SQLite files: the library's table has
    one name, so each log has its own file, `var/adjudication.sqlite3` and
    `var/adjudication.enrolment.sqlite3` unless configured
    (`SQLITE_DBNAME`, `ENROLMENT_SQLITE_DBNAME`)."""
    env = dict(env)  # not the library's Environment, which prefixes its keys
    claims = (
        env.get(f"{CLAIMS_LOG.upper()}_SQLITE_DBNAME")
        or env.get("SQLITE_DBNAME")
        or DEFAULT_SQLITE_FILE
    )
    enrolment = env.get(f"{ENROLMENT_LOG.upper()}_SQLITE_DBNAME")
    if not enrolment and claims.startswith("file:"):
        # a URI (a database in memory shared by name): another name
        path, question, query = claims.partition("?")
        enrolment = f"{path}.{ENROLMENT_LOG.lower()}{question}{query}"
    elif not enrolment:
        # ':memory:' is a database of its own for each connection already
        enrolment = (
            claims if claims == ":memory:" else beside(claims, ENROLMENT_LOG.lower())
        )
    return claims, enrolment


def beside(sqlite_file: str, name: str) -> str:
    """`var/adjudication.<name>.sqlite3` beside `var/adjudication.sqlite3`."""
    path = Path(sqlite_file)
    return str(path.with_name(f"{path.stem}.{name}{path.suffix}"))


def _in_memory(db: str) -> bool:
    return db == ":memory:" or db.startswith("file:")


def is_sqlite(env: Mapping[str, str]) -> bool:
    return env.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite"


def configure_keys(environment: dict[str, str]) -> None:
    """The cipher and compressor of the configured store (see `keys`)."""
    module = environment.get("PERSISTENCE_MODULE")
    if is_sqlite(environment):
        keys.configure(environment, sqlite_files(environment)[0])
    elif module == "eventsourcing.popo":
        keys.configure(environment, ":memory:")
    else:
        keys.configure(environment, None)


class ServiceApplication(Application[UUID]):
    """What the service's applications share: the embedded SQLite file under
    ./var/ unless configured (PostgreSQL by environment), the domain's value
    objects in events, statements bounded by the call's deadline, and the
    keyed ids of the aggregates kept per person."""

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
        self.person_ids = PersonIds(self.env)

    def construct_recorder(self) -> ApplicationRecorder:
        return created_racing(super().construct_recorder)

    def construct_env(self, name: str, env: EnvType | None = None) -> Any:
        environment = super().construct_env(name, env)
        if is_sqlite(environment):
            claims, enrolment = sqlite_files(environment)
            environment[f"{CLAIMS_LOG.upper()}_SQLITE_DBNAME"] = claims
            environment[f"{ENROLMENT_LOG.upper()}_SQLITE_DBNAME"] = enrolment
            if not _in_memory(claims):
                # a folder it makes is its owner's only: the store's files
                # hold masked and sealed personal data, its key file the keys
                Path(claims).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            configure_keys(environment)
            if not _in_memory(claims):
                embedded_upgrade.upgrade(claims, enrolment, environment)
        else:
            configure_keys(environment)
        return environment

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)


def created_racing(create: Callable[[], T]) -> T:
    """Tables created (IF NOT EXISTS), again when another process creating
    them at the same moment made PostgreSQL refuse ("tuple concurrently
    updated", or a duplicate type): replicas starting together on a new
    database."""
    for attempt in range(CREATE_ATTEMPTS):
        try:
            return create()
        except (InternalError, IntegrityError):
            if attempt == CREATE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


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

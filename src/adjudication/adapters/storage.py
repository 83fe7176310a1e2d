"""Adapting the eventsourcing library's stores to the service: the base of both
applications, the log names, the embedded SQLite default (each log in its own
file), payloads compressed and encrypted, statements bounded by the call's
deadline, and an unreachable PostgreSQL answered in seconds."""

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import psycopg
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    ApplicationRecorder,
    DatabaseError,
    DataError,
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    InternalError,
    JSONTranscoder,
    NotSupportedError,
    OperationalError,
    PersistenceError,
    ProgrammingError,
)
from eventsourcing.postgres import ConnectionPool, PostgresDatastore
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteDatastore
from eventsourcing.utils import Environment, EnvType
from psycopg_pool import PoolTimeout

from adjudication.adapters import call_deadline, embedded_upgrade, keys, transcodings
from adjudication.adapters.identities import PersonIds

DEFAULT_SQLITE_FILE = "var/adjudication.sqlite3"
T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
CREATE_ATTEMPTS = 5
# The applications' names, which name their tables on PostgreSQL
# (`adjudication_events`, `enrolment_events`) and prefix their settings: the
# read models follow the claims' log.
CLAIMS_LOG = "Adjudication"
ENROLMENT_LOG = "Enrolment"

# Seconds a statement waits for a PostgreSQL connection, from the pool or new
# (the library's POSTGRES_CONNECT_TIMEOUT, 30 by default): an unreachable
# store is then answered UNAVAILABLE in seconds, not at the client's deadline.
POSTGRES_CONNECT_TIMEOUT = "2"
# The longest a pool tries to reconnect before it gives up until its next
# request (its default, 5 minutes of ever longer pauses, would leave a store
# that came back unused for minutes).
RECONNECT_SECONDS = 2.0
# Seconds a connection beyond a shared pool's minimum may stay unused before
# the pool closes it (psycopg_pool closes one such connection per period): a
# pool grown under load shrinks back to its minimum when idle.
POOL_IDLE_SECONDS = 5.0
# The shared pools of a process (`share_pool`), by the role of their users.
SERVICE_POOL = "service"
READ_MODELS_POOL = "read models"


class StoreUnavailable(PersistenceError):
    """PostgreSQL gave no connection in time: not retried within the call."""


# What a store that cannot be reached raises, whichever layer says so.
STORE_UNREACHABLE = (
    OperationalError,
    InterfaceError,
    StoreUnavailable,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


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
        # Up to 16 at once, the server's gRPC threads by default: the claims and
        # enrolment applications of a process share one pool (`share_pool`).
        "POSTGRES_MAX_OVERFLOW": "14",
        "POSTGRES_CONNECT_TIMEOUT": POSTGRES_CONNECT_TIMEOUT,
    }
    # Which of the process's shared pools its store uses.
    pool_role: ClassVar[str] = SERVICE_POOL

    def __init__(self, env: EnvType | None = None) -> None:
        super().__init__(env)
        bound_statements_by_call_deadline(self.factory)
        self.person_ids = PersonIds(self.env)

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        datastore = getattr(factory, "datastore", None)
        if isinstance(datastore, PostgresDatastore):
            share_pool(datastore, self.pool_role)
        return factory

    def find_person(self, cls: type[A], ids: tuple[UUID, ...]) -> A | None:
        """A person's aggregate (`PersonIds`): under its keyed id, or the
        unkeyed one a store written before keyed ids holds it under."""
        for aggregate_id in ids:
            try:
                found: Aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                continue
            if isinstance(found, cls):
                return found
        return None

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
    updated", a duplicate type, or a relation that "already exists"):
    replicas starting together on a new database."""
    for attempt in range(CREATE_ATTEMPTS):
        try:
            return create()
        except (InternalError, IntegrityError, ProgrammingError):
            if attempt == CREATE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def bound_statements_by_call_deadline(factory: InfrastructureFactory) -> None:
    """A call's statements give up when its deadline passes: PostgreSQL's
    `statement_timeout`, SQLite's `busy_timeout` (waiting for another writer).

    Both datastores check connections out in one method, which is wrapped.
    """
    datastore = getattr(factory, "datastore", None)
    if isinstance(datastore, PostgresDatastore):
        bound_postgres_waits(datastore)
    elif isinstance(datastore, SQLiteDatastore):
        _bound_sqlite_waits(datastore)


def bound_postgres_waits(datastore: PostgresDatastore) -> None:
    """Statements bounded by the call's deadline, a new connection waited for
    at most as long as one from the pool, reconnection pausing at most
    `RECONNECT_SECONDS`, and no retries of a checkout that timed out (for the
    applications' stores and the read models'). A call uses one connection of
    the pool for all its statements (`CallConnection`)."""
    pool = datastore.pool
    pool.reconnect_timeout = RECONNECT_SECONDS
    if isinstance(pool.kwargs, dict):
        # libpq's connect_timeout: whole seconds, at least 2
        pool.kwargs["connect_timeout"] = max(int(pool.timeout), 2)
    checkout: Callable[[], AbstractContextManager[Any]] = datastore.get_connection

    @contextmanager
    def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
        call_deadline.check()  # also ends the library's retries of a statement
        try:
            held = call_deadline.held(
                datastore.pool, lambda: CallConnection(checkout), CallConnection.close
            )
            if held is None:  # not in a call: no deadline
                with checkout() as conn:
                    statement_timeout(conn, None)
                    yield conn
            else:
                with _as_library_errors():
                    yield held.connection()
        except OperationalError as error:
            call_deadline.check()  # the deadline cancelled the statement
            if isinstance(error.__cause__, PoolTimeout):
                # No connection within the pool's wait: the library's retries
                # would wait as long again each time.
                raise StoreUnavailable(str(error)) from error
            raise

    datastore.get_connection = get_connection  # type: ignore[method-assign]


class CallConnection:
    """The one connection of a pool a call's statements use, its
    statement_timeout what is left of the call (`statement_timeout`).
    Checking one out for each statement, with a SET and a RESET around it,
    was half of a command's statements (issue 12's profile). A connection
    that broke is replaced at the next statement (the library retries it)."""

    def __init__(self, checkout: Callable[[], AbstractContextManager[Any]]) -> None:
        self._checkout = checkout
        self._stack = contextlib.ExitStack()
        self._conn: Any = None

    def connection(self) -> Any:
        if self._conn is None or self._conn.broken or self._conn.closed:
            self.close()
            self._conn = self._stack.enter_context(self._checkout())
        left = call_deadline.remaining()
        statement_timeout(self._conn, None if left is None else int(left * 1000))
        return self._conn

    def close(self) -> None:
        self._conn = None
        self._stack.close()


# How far a connection's statement_timeout may be from what is left of the
# call before it is set again: calls of one client have the same deadline, so
# the connections of a pool keep theirs from call to call instead of a SET and
# a RESET around every call (two of a read's three statements).
TIMEOUT_SLACK_MS = 500
_TIMEOUT = "_adjudication_statement_timeout_ms"  # 0: the server's default


def statement_timeout(conn: Any, ms: int | None) -> None:
    """The connection's statement_timeout within `TIMEOUT_SLACK_MS` of `ms`
    (None: outside a call, the server's default)."""
    current = getattr(conn, _TIMEOUT, 0)
    if ms is None:
        if current:
            conn.execute("RESET statement_timeout")
            setattr(conn, _TIMEOUT, 0)
        return
    ms = max(ms, 1)
    if not current or abs(current - ms) > TIMEOUT_SLACK_MS:
        conn.execute(f"SET statement_timeout = {ms}")
        setattr(conn, _TIMEOUT, ms)


# As the library's checkout maps psycopg's errors (most specific first).
_LIBRARY_ERRORS: tuple[tuple[type[Exception], type[PersistenceError]], ...] = (
    (psycopg.InterfaceError, InterfaceError),
    (psycopg.OperationalError, OperationalError),
    (psycopg.DataError, DataError),
    (psycopg.IntegrityError, IntegrityError),
    (psycopg.InternalError, InternalError),
    (psycopg.ProgrammingError, ProgrammingError),
    (psycopg.NotSupportedError, NotSupportedError),
    (psycopg.DatabaseError, DatabaseError),
    (psycopg.Error, PersistenceError),
)


@contextmanager
def _as_library_errors() -> Iterator[None]:
    try:
        yield
    except psycopg.Error as error:
        for raised, library in _LIBRARY_ERRORS:
            if isinstance(error, raised):
                raise library(str(error)) from error
        raise


def connection_key(pool: ConnectionPool[Any]) -> tuple[tuple[str, str], ...]:
    """What a pool's connections connect to, and as whom."""
    settings = pool.kwargs if isinstance(pool.kwargs, dict) else {}
    return tuple(sorted((k, str(v)) for k, v in settings.items() if k != "row_factory"))


class _SharedPool:
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool
        self.users: set[object] = set()


_SHARED: dict[tuple[Any, ...], _SharedPool] = {}
_SHARED_LOCK = threading.Lock()


def share_pool(datastore: PostgresDatastore, role: str) -> None:
    """The datastore uses the process's pool for `role` and the same
    connection settings instead of a pool of its own: the stores of a process
    (its applications; its read models, their workers and readers of the log)
    then keep a few connections open between them, not a few each. The pool
    is the first such datastore's, still unopened; it closes when the last of
    its datastores is closed. Connections beyond its minimum close after
    `POOL_IDLE_SECONDS` unused; they are named after the role
    (`application_name`) in pg_stat_activity."""
    own = datastore.pool
    key = (
        role,
        connection_key(own),
        datastore.schema,
        datastore.idle_in_transaction_session_timeout,
        datastore.pre_ping,
        own.min_size,
        own.max_size,
    )
    user = object()
    with _SHARED_LOCK:
        shared = _SHARED.get(key)
        if shared is None:
            if isinstance(own.kwargs, dict):
                own.kwargs["application_name"] = f"adjudication {role}"
            own.max_idle = POOL_IDLE_SECONDS
            shared = _SHARED[key] = _SharedPool(own)
        shared.users.add(user)
    datastore.pool = shared.pool

    def release() -> None:
        with _SHARED_LOCK:
            if user not in shared.users:
                return  # closed already: the library closes more than once
            shared.users.discard(user)
            last = not shared.users
            if last and _SHARED.get(key) is shared:
                del _SHARED[key]
        if last:
            shared.pool.close()

    # The library's close (also called by its __del__) closes the pool.
    datastore.close = release  # type: ignore[method-assign]


def _bound_sqlite_waits(datastore: SQLiteDatastore) -> None:
    """A statement waits for another writer at most until the call's
    deadline (`busy_timeout`), restored to the store's lock timeout after."""
    seconds = datastore.pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT
    restore = f"PRAGMA busy_timeout = {int(seconds * 1000)}"
    checkout: Callable[..., AbstractContextManager[Any]] = datastore.get_connection

    @contextmanager
    def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
        call_deadline.check()
        try:
            with checkout(*args, **kwargs) as conn:
                left = call_deadline.remaining()
                if left is None:
                    yield conn
                    return
                conn.cursor().execute(
                    f"PRAGMA busy_timeout = {max(int(left * 1000), 1)}"
                )
                try:
                    yield conn
                finally:
                    with contextlib.suppress(Exception):
                        conn.cursor().execute(restore)
        except OperationalError:
            call_deadline.check()  # the wait ended at the deadline
            raise

    datastore.get_connection = get_connection  # type: ignore[method-assign]

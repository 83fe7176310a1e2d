"""The tables of a read model, on SQLite or PostgreSQL, written in the same
transaction as the tracking record of the events that changed them: each event
changes a view exactly once, however often a worker stops and starts.

A worker applies the events it finds waiting in batches (`ViewTables.batch`):
one transaction and one tracking record, the last event's, for up to hundreds
of events, instead of a commit for each event."""

import hashlib
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import (
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
    SQLiteTransaction,
)
from psycopg.sql import SQL

from adjudication.adapters.keys import Sealer
from adjudication.adapters.storage import (
    READ_MODELS_POOL,
    bound_postgres_waits,
    share_pool,
)

Statement = tuple[str, Sequence[Any]]


class FollowsTheLog(Protocol):
    """What every view's readers call: waiting for a position of the log (the
    library's `TrackingRecorder.wait`), and the position the view has reached
    (the metrics' lag)."""

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: threading.Event | None = None,
    ) -> None: ...


@dataclass
class _Batch:
    """The events of one transaction of a worker's thread."""

    cursor: Any
    # per application followed: the view's position in this transaction
    positions: dict[str, int | None] = field(default_factory=dict)
    last: dict[str, Tracking] = field(default_factory=dict)  # the last applied
    current: Tracking | None = None  # the event being applied


class ViewMoved(Exception):
    """The view is behind where its worker left it: a rebuild was swapped in
    under the worker. Carrying on would leave out the events between the two
    positions: the worker must start again from the view's own position. (A
    second worker on the same view only ever moves it ahead: this one then
    skips what it finds applied.)"""


class ViewTables:
    """SQL written once for both stores: `{name}` is a table of the view and
    `%s` a parameter."""

    TABLES: ClassVar[dict[str, str]] = {}  # table -> column definitions
    # table -> the column (by index) of personal data kept sealed
    SEALED: ClassVar[dict[str, int]] = {}
    # The keys of personal data, given by the registry (`view_class`).
    sealer: ClassVar[Sealer]

    # Where its worker left the view, per application followed: the position
    # the worker started from (its first question), then where its last batch
    # committed.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._worker_positions: dict[str, int | None] = {}
        self._batches: dict[int, _Batch] = {}  # by thread
        super().__init__(*args, **kwargs)

    def max_tracking_id(self, application_name: str) -> int | None:
        position: int | None = super().max_tracking_id(application_name)  # type: ignore[misc]
        self._worker_positions.setdefault(application_name, position)
        return position

    def _check_not_moved(self, position: int | None, tracking: Tracking) -> None:
        """ViewMoved when the view, at `position` in the transaction about to
        apply the event, is not where the worker left it (and does not hold
        the event already, as after another worker applied it)."""
        name = tracking.application_name
        if position is not None and position >= tracking.notification_id:
            return
        if name in self._worker_positions and position != self._worker_positions[name]:
            raise ViewMoved(
                f"{name} position {position}, "
                f"this worker left it at {self._worker_positions[name]}"
            )

    def is_behind_its_worker(self, application_name: str) -> bool:
        """Whether a rebuild swapped in older tables than the worker had written,
        which it would only notice at its next event."""
        raise NotImplementedError  # by the store's view class

    def table(self, name: str) -> str:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # by the store's view class

    def apply(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        """Run the statements and record the tracking, in one transaction:
        the batch's when the thread is in one (`batch`)."""
        batch = self._current_batch()
        if batch is None:
            with self.batch():
                self.apply(statements, tracking)
            return
        batch.current = tracking
        name = tracking.application_name
        if name not in batch.positions:
            position = self._position_in(batch.cursor, name)
            self._check_not_moved(position, tracking)
            batch.positions[name] = position
        position = batch.positions[name]
        if position is not None and position >= tracking.notification_id:
            # Carry on from where the view is: it holds every event up to there.
            return
        for sql, params in statements:
            self._execute(batch.cursor, sql, params)
        batch.positions[name] = tracking.notification_id
        batch.last[name] = tracking

    @contextmanager
    def batch(self, alone: bool = True) -> Iterator[None]:
        """The events this thread applies inside, in one transaction with the
        tracking record of the last (nested: the outer batch's). A worker that
        overlapped another (a restart, a rebuild swapped in, a second replica)
        may meet events the view already has: the transaction is undone, and
        that is the exactly-once guarantee working, not an error; unless the
        batch is not `alone` (one of several views' batches undone together),
        then the error is raised."""
        if self._current_batch() is not None:
            yield
            return
        batch: _Batch | None = None
        thread = threading.get_ident()
        recorder: Any = self  # a TrackingRecorder of the store's view class
        try:
            with self._write_transaction() as cursor:
                batch = self._batches[thread] = _Batch(cursor)
                try:
                    yield
                    for tracking in batch.last.values():
                        recorder._insert_tracking(cursor, tracking)
                finally:
                    del self._batches[thread]
        except IntegrityError:
            if not alone or batch is None or batch.current is None:
                raise
            if not _already_applied(recorder, batch.current):
                raise
            current = batch.current
            self._worker_positions[current.application_name] = current.notification_id
            return
        # Where the worker leaves the view, once committed (a rebuild swapped
        # in under it is told by the view being behind this).
        self._worker_positions.update(batch.positions)

    def _current_batch(self) -> _Batch | None:
        return self._batches.get(threading.get_ident())

    def _write_transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError  # by the store's view class

    def _position_in(self, cursor: Any, application_name: str) -> int | None:
        raise NotImplementedError  # by the store's view class

    def _execute(self, cursor: Any, sql: str, params: Sequence[Any]) -> None:
        raise NotImplementedError  # by the store's view class

    def skip(self, tracking: Tracking) -> None:
        """Track an event that changes nothing in the view: a reader waiting
        for its position (read-your-writes) is not kept waiting."""
        self.apply([], tracking)

    def content_hash(self) -> str:
        """A digest of every row of the view, to compare a rebuild with the
        view built event by event."""
        digest = hashlib.sha256()
        for table in self.TABLES:
            rows = [list(r) for r in self.query(f"SELECT * FROM {{{table}}}")]
            if (sealed := self.SEALED.get(table)) is not None:
                # each sealing has its own nonce: what is sealed is compared
                for row in rows:
                    row[sealed] = self.sealer.unseal(row[sealed])
            for text in sorted(repr(tuple(str(v) for v in row)) for row in rows):
                digest.update(text.encode())
        return digest.hexdigest()

    def _sql(self, statement: str) -> str:
        return statement.format(**{t: self.table(t) for t in self.TABLES})

    def create_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.table(t)} ({columns})"
            for t, columns in self.TABLES.items()
        ]


def _already_applied(view: TrackingRecorder, tracking: Tracking) -> bool:
    return bool(
        view.has_tracking_id(tracking.application_name, tracking.notification_id)
    )


def pointer_of(db_name: str) -> Path:
    """The file naming a SQLite view's current generation: `x.view.current`
    beside `x.view.sqlite3` (generation 0) and `x.view.g<N>.sqlite3`."""
    path = Path(db_name)
    stem = re.sub(r"\.g\d+$", "", path.stem)
    return path.with_name(f"{stem}.current")


def current_generation(db_name: str) -> str:
    pointer = pointer_of(db_name)
    try:
        return str(pointer.with_name(pointer.read_text(encoding="utf-8").strip()))
    except FileNotFoundError:
        return db_name


def generation(db_name: str) -> int:
    """0 for `x.view.sqlite3`, N for `x.view.gN.sqlite3`: later files have
    larger numbers, so a rebuild's file, newer than the pointer's, is never
    mistaken for an old generation to move on from."""
    found = re.search(r"\.g(\d+)$", Path(db_name).stem)
    return int(found.group(1)) if found else 0


class _Immediate(SQLiteTransaction):
    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        return cursor


class SQLiteView(ViewTables, SQLiteTrackingRecorder):
    """A view in its own SQLite file. A rebuild writes a new generation of the
    file and then points to it: a reader or a worker on the old generation goes
    on with it until its next statement, then opens the new one. Files are
    never replaced under an open connection (their write-ahead logs would
    not follow)."""

    def table(self, name: str) -> str:
        return name

    def _follow_file(self) -> None:
        path = current_generation(self.datastore.pool.db_name)
        if generation(path) > generation(self.datastore.pool.db_name):
            previous = self.datastore
            # Not closed here: other threads (gRPC calls) may be in the middle
            # of a statement on it, and closing a SQLite connection under them
            # crashes the process. It closes itself once the last of them is
            # done with it and it is collected.
            self.datastore = SQLiteDatastore(
                path,
                lock_timeout=previous.pool.lock_timeout,
                single_row_tracking=previous.single_row_tracking,
            )

    def max_tracking_id(self, application_name: str) -> int | None:
        self._follow_file()
        return super().max_tracking_id(application_name)

    def is_behind_its_worker(self, application_name: str) -> bool:
        # A rebuild points to a new generation of the file: the worker starts
        # again from it, without this thread touching the worker's connection.
        db_name = self.datastore.pool.db_name
        return generation(current_generation(db_name)) > generation(db_name)

    def has_tracking_id(
        self, application_name: str, notification_id: int | None
    ) -> bool:
        self._follow_file()
        return bool(super().has_tracking_id(application_name, notification_id))

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self.create_statements()]

    @contextmanager
    def _write_transaction(self) -> Iterator[Any]:
        # The write lock taken at BEGIN, waiting for another worker's batch
        # (a deferred BEGIN's read could not become a write after its commit).
        self._follow_file()
        with (
            self.datastore.get_connection(commit=True) as conn,
            _Immediate(conn, commit=True) as cursor,
            cursor,
        ):
            yield cursor

    def _position_in(self, cursor: Any, application_name: str) -> int | None:
        cursor.execute(self.select_max_tracking_id_statement, (application_name,))
        position: int | None = cursor.fetchone()[0]
        return position

    def _execute(self, cursor: Any, sql: str, params: Sequence[Any]) -> None:
        cursor.execute(self._sql(sql).replace("%s", "?"), tuple(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if (batch := self._current_batch()) is not None:
            self._execute(batch.cursor, sql, params)
            return [tuple(row) for row in batch.cursor.fetchall()]
        self._follow_file()
        with self.datastore.transaction(commit=False) as c:
            self._execute(c, sql, params)
            return [tuple(row) for row in c.fetchall()]


class PostgresView(ViewTables, PostgresTrackingRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        share_pool(self.datastore, READ_MODELS_POOL)
        bound_postgres_waits(self.datastore)
        self.prefix = self.tracking_table_name.removesuffix("_tracking")
        self.sql_create_statements += [SQL(s) for s in self.create_statements()]  # type: ignore[misc]

    def table(self, name: str) -> str:
        return f'"{self.datastore.schema or "public"}"."{self.prefix}_{name}"'

    @contextmanager
    def _write_transaction(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as curs:
            # Batches of the view's workers (replicas, a restart) one at a
            # time: each then starts from where the previous one committed.
            curs.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                (self.tracking_table_name,),
            )
            yield curs

    def _position_in(self, cursor: Any, application_name: str) -> int | None:
        return self._max_tracking_id(application_name, cursor)

    def _execute(self, cursor: Any, sql: str, params: Sequence[Any]) -> None:
        cursor.execute(self._sql(sql), tuple(map(_storable, params)))

    def is_behind_its_worker(self, application_name: str) -> bool:
        # read first: a commit only moves it on
        left_at = self._worker_positions.get(application_name)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            position = self._max_tracking_id(application_name, curs)
        return left_at is not None and (position is None or position < left_at)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if (batch := self._current_batch()) is not None:
            batch.cursor.execute(self._sql(sql), tuple(params))
            return [tuple(row.values()) for row in batch.cursor.fetchall()]
        # One statement in autocommit, as the library reads: a transaction
        # rolled back would make psycopg forget the prepared statements.
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql(sql), tuple(params))
            return [tuple(row.values()) for row in curs.fetchall()]


def _storable(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL: an event recorded before the input
    limits refused NUL must not stop the view for good."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value

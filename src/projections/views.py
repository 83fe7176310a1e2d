"""The tables of a read model, on SQLite or PostgreSQL, written in the same
transaction as the tracking record of the event that changed them: each event
changes a view exactly once, however often a worker stops and starts."""

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL

Statement = tuple[str, Sequence[Any]]


class ViewTables:
    """SQL written once for both stores: `{name}` is a table of the view and
    `%s` a parameter."""

    TABLES: ClassVar[dict[str, str]] = {}  # table -> column definitions

    def table(self, name: str) -> str:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # by the store's view class

    def content_hash(self) -> str:
        """A digest of every row of the view, to compare a rebuild with the
        view built event by event."""
        digest = hashlib.sha256()
        for table in self.TABLES:
            rows = self.query(f"SELECT * FROM {{{table}}}")
            for row in sorted(repr(tuple(str(v) for v in row)) for row in rows):
                digest.update(row.encode())
        return digest.hexdigest()

    def _sql(self, statement: str) -> str:
        return statement.format(**{t: self.table(t) for t in self.TABLES})

    def create_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.table(t)} ({columns})"
            for t, columns in self.TABLES.items()
        ]


def _already_applied(view: Any, tracking: Tracking) -> bool:
    """A worker that overlapped another (a restart, a rebuild swapped in) may
    meet an event the view already has: the transaction is undone, and that is
    the exactly-once guarantee working, not an error."""
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
        if path != self.datastore.pool.db_name:
            previous = self.datastore
            self.datastore = SQLiteDatastore(
                path,
                lock_timeout=previous.pool.lock_timeout,
                single_row_tracking=previous.single_row_tracking,
            )
            previous.close()

    def max_tracking_id(self, application_name: str) -> int | None:
        self._follow_file()
        return super().max_tracking_id(application_name)

    def has_tracking_id(
        self, application_name: str, notification_id: int | None
    ) -> bool:
        self._follow_file()
        return bool(super().has_tracking_id(application_name, notification_id))

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self.create_statements()]

    def apply(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        self._follow_file()
        try:
            with self.datastore.transaction(commit=True) as c:
                for sql, params in statements:
                    c.execute(self._sql(sql).replace("%s", "?"), tuple(params))
                self._insert_tracking(c, tracking)
        except IntegrityError:
            if not _already_applied(self, tracking):
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._follow_file()
        with self.datastore.transaction(commit=False) as c:
            c.execute(self._sql(sql).replace("%s", "?"), tuple(params))
            return [tuple(row) for row in c.fetchall()]


class PostgresView(ViewTables, PostgresTrackingRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefix = self.tracking_table_name.removesuffix("_tracking")
        self.sql_create_statements += [SQL(s) for s in self.create_statements()]  # type: ignore[misc]

    def table(self, name: str) -> str:
        return f'"{self.datastore.schema or "public"}"."{self.prefix}_{name}"'

    def apply(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        try:
            with self.datastore.transaction(commit=True) as curs:
                for sql, params in statements:
                    curs.execute(self._sql(sql), tuple(params))
                self._insert_tracking(curs, tracking)
        except IntegrityError:
            if not _already_applied(self, tracking):
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(sql), tuple(params))
            return [tuple(row.values()) for row in curs.fetchall()]

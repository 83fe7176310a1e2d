"""Adapting the eventsourcing library's stores to the service."""

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteDatastore

from adjudication import call_deadline


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

"""Adapting the eventsourcing library's stores to the service."""

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore

from adjudication import call_deadline


def bound_statements_by_call_deadline(factory: InfrastructureFactory) -> None:
    """On PostgreSQL, a call's statements time out when its deadline passes.

    The library's datastore checks connections out of its pool in one method;
    wrapping it sets `statement_timeout` for calls that have a deadline and
    resets it before the connection goes back to the pool.
    """
    datastore = getattr(factory, "datastore", None)
    if not isinstance(datastore, PostgresDatastore):
        return
    checkout = datastore.get_connection

    @contextmanager
    def get_connection() -> Iterator[Any]:
        with checkout() as conn:
            left = call_deadline.remaining()
            if left is None:
                yield conn
                return
            milliseconds = max(int(left * 1000), 1)
            conn.execute(f"SET statement_timeout = {milliseconds}")
            try:
                yield conn
            finally:
                with contextlib.suppress(Exception):
                    conn.execute("RESET statement_timeout")

    datastore.get_connection = get_connection  # type: ignore[method-assign]

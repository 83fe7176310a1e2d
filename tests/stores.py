"""Real stores for integration and end-to-end tests: a SQLite file per test,
and a PostgreSQL database per test run with a fresh schema per test; both
dropped afterwards.

PostgreSQL is found through PGHOST/PGPORT/PGUSER/PGPASSWORD (default
127.0.0.1:5432, user postgres). When it cannot be reached the tests fail: they
are never skipped.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from adjudication.adapters import keys

PG = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": os.environ.get("PGPORT", "5432"),
    "user": os.environ.get("PGUSER", "postgres"),
    "password": os.environ.get("PGPASSWORD", ""),
}


def _admin() -> psycopg.Connection:
    return psycopg.connect(dbname="postgres", autocommit=True, **PG)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    name = f"adjudication_test_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def store_env(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "adjudication.sqlite3"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
        return
    database = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname=database, autocommit=True, **PG) as conn:  # type: ignore[arg-type]
        conn.execute(f"CREATE SCHEMA {schema}")
    yield postgres_env(database, schema)
    with psycopg.connect(dbname=database, autocommit=True, **PG) as conn:  # type: ignore[arg-type]
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def postgres_env(database: str, schema: str) -> dict[str, str]:
    """The service's settings for a schema of the test run's database."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": database,
        "POSTGRES_HOST": PG["host"],
        "POSTGRES_PORT": PG["port"],
        "POSTGRES_USER": PG["user"],
        "POSTGRES_PASSWORD": PG["password"],
        "POSTGRES_SCHEMA": schema,
        # a store that is not embedded has its keys configured
        keys.CIPHER_KEY: keys.new_key(),
        keys.HMAC_KEY: keys.new_key(),
    }

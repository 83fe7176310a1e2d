"""The reliability tests run the real server (tests/e2e/conftest.py) on SQLite
and PostgreSQL wherever a store is involved."""

from tests.e2e.conftest import server
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "server", "store_env"]

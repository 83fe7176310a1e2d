"""The reliability tests run the real server (tests/e2e/conftest.py), or the
applications (tests/integration/conftest.py), on the real stores
(tests/stores.py)."""

from tests.e2e.conftest import server
from tests.integration.conftest import make_app
from tests.stores import postgres_database, store_env

__all__ = ["make_app", "postgres_database", "server", "store_env"]

"""Applications on the real stores of tests/stores.py."""

from collections.abc import Callable, Iterator

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import Clock
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "store_env"]

AppFactory = Callable[[], ClaimsApplication]


@pytest.fixture
def make_app(
    store_env: dict[str, str], roster: InMemoryRoster, clock: Clock
) -> Iterator[AppFactory]:
    """Applications on one store, like replicas sharing a database."""
    apps: list[ClaimsApplication] = []

    def make() -> ClaimsApplication:
        application = ClaimsApplication(roster, clock=clock, env=store_env)
        apps.append(application)
        return application

    yield make
    for application in apps:
        application.close()


@pytest.fixture
def app(make_app: AppFactory) -> ClaimsApplication:
    return make_app()

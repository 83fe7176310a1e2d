"""A call's statements on PostgreSQL use one connection of the pool, its
statement timeout what is left of the call (set again only when that moved
by more than half a second), the server's default when the connection is next
used outside a call; a connection that broke during the call is replaced at
the next statement."""

from datetime import date
from typing import Any

import pytest

from adjudication.adapters import call_deadline
from adjudication.claims.application import ClaimsApplication
from tests.builders import Clock, Journeys
from tests.integration.conftest import AppFactory

# SQLite's connections are the library's own, per statement.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("store_env", ["postgres"], indirect=True),
]


def connection_of(app: ClaimsApplication) -> Any:
    with app.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        return conn


def timeout_of(app: ClaimsApplication) -> str:
    with app.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        return str(
            conn.execute("SHOW statement_timeout").fetchone()["statement_timeout"]
        )


def test_a_calls_reads_and_save_use_one_connection_with_its_timeout_set_once(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    with call_deadline.deadline_after(30):
        first = connection_of(app)
        claim = journeys.report(insured, ["MEDICAL"], date(2024, 11, 3)).claim
        assert app.get_claim(claim.id).version == claim.version
        assert connection_of(app) is first
        assert timeout_of(app) in {"30s", "29999ms", "29998ms", "29997ms"}

    with call_deadline.deadline_after(30):  # the next call: no SET again
        assert timeout_of(app) in {"30s", "29999ms", "29998ms", "29997ms"}
    with call_deadline.deadline_after(5):
        assert timeout_of(app) in {"5s", "4999ms", "4998ms", "4997ms"}
    assert timeout_of(app) == "0"  # outside a call: no deadline


def test_a_connection_that_broke_during_a_call_is_replaced_at_the_next_statement(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    with call_deadline.deadline_after(30):
        first = connection_of(app)
        first.close()  # as when the server ended the session
        claim = journeys.report(insured, ["MEDICAL"], date(2024, 11, 3)).claim
        assert connection_of(app) is not first

    assert app.get_claim(claim.id).id == claim.id

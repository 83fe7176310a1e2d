"""The PostgreSQL connections one idle server holds with its read models in
process: at most `IDLE_LIMIT` once started, and again once idle after a
journey (its pools grow under the journey's calls, then shrink back), counted
in pg_stat_activity by the server's `application_name`s."""

import time
from pathlib import Path

import psycopg
import pytest

from adjudication.adapters.storage import POOL_IDLE_SECONDS
from tests.e2e.client import Client, paid_claim
from tests.e2e.conftest import COVERED, start_server
from tests.figures import measured
from tests.stores import PG

IDLE_LIMIT = 8
# A pool closes one unused connection beyond its minimum every
# POOL_IDLE_SECONDS (5 s): from the journey's peak back to idle in well under
# a minute, and a count unchanged for two of those periods is where it rests.
SETTLE_SECONDS = 60.0
STEADY_SECONDS = 2 * POOL_IDLE_SECONDS + 1


def connections(env: dict[str, str]) -> dict[str, int]:
    """The server's connections to its database, by application_name."""
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:  # type: ignore[arg-type]
        rows = conn.execute(
            "SELECT application_name, count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND application_name LIKE 'adjudication%%'"
            " GROUP BY 1",
            (env["POSTGRES_DBNAME"],),
        ).fetchall()
    return {name: count for name, count in rows}


def settled(env: dict[str, str]) -> dict[str, int]:
    """The count once it has not changed for STEADY_SECONDS (or as it is
    after SETTLE_SECONDS)."""
    until = time.monotonic() + SETTLE_SECONDS
    held = connections(env)
    since = time.monotonic()
    while time.monotonic() < until and time.monotonic() - since < STEADY_SECONDS:
        time.sleep(0.5)
        now = connections(env)
        if now != held:
            held, since = now, time.monotonic()
    return held


def described(held: dict[str, int]) -> str:
    parts = ", ".join(f"{name}: {n}" for name, n in sorted(held.items()))
    return f"{sum(held.values())} ({parts})"


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
def test_an_idle_server_holds_few_connections(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    # Its own schema in the run's database: only this server connects to it
    # by these names while the test runs.
    server = start_server(store_env, tmp_path)
    try:
        started = settled(store_env)
        client = Client(server)
        for n, amount in enumerate((50_000, 80_000, 120_000)):
            paid_claim(client, COVERED[n], amount, f"CONN-{n}")
        peak = connections(store_env)
        idle = settled(store_env)
    finally:
        code = server.terminate()
    measured(
        f"PostgreSQL connections of one idle server with its read models: "
        f"{described(started)} after startup; {described(peak)} right after a "
        f"journey of 3 claims reported, assessed and paid; {described(idle)} "
        f"once idle again (limit {IDLE_LIMIT})"
    )
    assert code == 0, server.logs()
    assert sum(started.values()) <= IDLE_LIMIT, started
    assert sum(idle.values()) <= IDLE_LIMIT, idle

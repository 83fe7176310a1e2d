"""`adjudication project` as a real process, killed with SIGKILL in the middle of
the stream and started again: the ledger loses and duplicates nothing."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from adjudication.application import ClaimsApplication
from adjudication.domain.facts import Invoice
from adjudication.roster import InMemoryRoster
from projections import runner as projections
from tests.builders import Clock, Journeys, resident_id

CLAIMS = 40


def worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "adjudication.cli", "project", "payment_ledger"],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def progress(env: dict[str, str]) -> int:
    view = projections.open_view("payment_ledger", env)
    try:
        return int(view.max_tracking_id("Adjudication") or 0)
    finally:
        view.datastore.close()


def test_a_worker_killed_mid_stream_loses_and_duplicates_nothing(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    roster, clock = InMemoryRoster(), Clock()
    people = [resident_id(n, date(1966, 6, 6)) for n in range(1, CLAIMS + 1)]
    for person in people:
        roster.enrol(person, date(2024, 10, 14))
    app = ClaimsApplication(roster, clock=clock, env=store_env)
    journeys = Journeys(app, clock)
    for n, person in enumerate(people):
        day = date(2024, 11, 1) + timedelta(days=n % 20)
        claim = journeys.assessed(
            person, ["MEDICAL"], day, invoices=(Invoice(f"F-{n}", day, 30000 + n),)
        ).claim
        journeys.pay_in_full(claim.id, date(2024, 12, 20))
    end = app.recorder.max_notification_id() or 0
    app.close()

    log = tmp_path / "worker.log"
    first = worker(store_env, log)
    started = time.monotonic()
    while progress(store_env) < end // 3:
        assert first.poll() is None, log.read_text()
        assert time.monotonic() - started < 60, "the worker made no progress"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    killed_at = progress(store_env)
    assert 0 < killed_at < end, "killed before the end of the stream"

    second = worker(store_env, log)
    try:
        started = time.monotonic()
        while progress(store_env) < end:
            assert second.poll() is None, log.read_text()
            assert time.monotonic() - started < 60, "the worker did not catch up"
            time.sleep(0.05)
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0, log.read_text()

    view = projections.open_view("payment_ledger", store_env)
    lines = view.lines(limit=10 * CLAIMS)
    digest = view.content_hash()
    view.datastore.close()
    assert len(lines) == CLAIMS
    assert sorted(x.reference for x in lines) == sorted({x.reference for x in lines})
    assert sum(x.amount_fen for x in lines) == sum(
        30000 + n - 10000 for n in range(CLAIMS)
    )
    assert projections.rebuild("payment_ledger", store_env) == digest

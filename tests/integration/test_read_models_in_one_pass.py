"""The read models of a process follow the log in one pass (`Workers`): each
event read once for all the views, each view from where it stopped, each
equal to its rebuild from zero, on SQLite and PostgreSQL."""

import time

from projections import runner as projections
from tests.builders import Clock, Journeys
from tests.integration.conftest import AppFactory
from tests.integration.test_payment_ledger import pay_claims


def caught_up(workers: projections.Workers, end: int, env: dict[str, str]) -> None:
    for name in projections.VIEWS:
        reader = projections.open_view(name, env)
        deadline = time.monotonic() + 30
        while not reader.has_tracking_id("Adjudication", end):
            assert time.monotonic() < deadline, f"{name} did not catch up"
            workers.check()
            time.sleep(0.05)
        reader.datastore.close()


def test_every_view_followed_in_one_pass_is_its_rebuild_from_zero(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    pay_claims(Journeys(app, clock), insured, 4)
    workers = projections.Workers(list(projections.VIEWS), store_env)
    try:
        caught_up(workers, app.recorder.max_notification_id() or 0, store_env)
        hashes = {
            name: projections.open_view(name, store_env).content_hash()
            for name in projections.VIEWS
        }
    finally:
        workers.stop()

    for name in projections.VIEWS:
        assert projections.rebuild(name, store_env) == hashes[name], name


def test_a_view_ahead_of_the_others_takes_no_event_twice(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    # The ledger was followed alone to the end; the others start from zero.
    app = make_app()
    journeys = Journeys(app, clock)
    pay_claims(journeys, insured, 3)
    with projections.start("payment_ledger", store_env) as alone:
        alone.wait(app.recorder.max_notification_id(), timeout=30)
    pay_claims(journeys, insured, 2, first=3)

    workers = projections.Workers(list(projections.VIEWS), store_env)
    try:
        caught_up(workers, app.recorder.max_notification_id() or 0, store_env)
        ledger = projections.open_view("payment_ledger", store_env)
        lines = ledger.lines()
        followed = ledger.content_hash()
    finally:
        workers.stop()

    assert [line.amount_fen for line in lines] == [
        20000 + n * 100 - 10000 for n in range(5)
    ]
    assert projections.rebuild("payment_ledger", store_env) == followed

"""The payment ledger read model on SQLite and PostgreSQL: exactly once, however
often its worker stops, and a rebuild from zero equal to the incremental view."""

from datetime import date
from pathlib import Path

from adjudication.domain.facts import Invoice
from projections import runner as projections
from projections.payment_ledger import PAYMENT, TOP_UP_GRANTED
from tests.builders import Clock, Journeys
from tests.integration.conftest import AppFactory


def pay_claims(journeys: Journeys, insured: str, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        day = date(2024, 11, 1 + n)
        claim = journeys.assessed(
            insured,
            ["MEDICAL"],
            day,
            invoices=(Invoice(f"F-{n}", day, 20000 + n * 100),),
        ).claim
        journeys.pay_in_full(claim.id, date(2024, 12, 1))


def test_every_payment_is_one_line_once_across_worker_restarts(
    make_app: AppFactory,
    clock: Clock,
    insured: str,
    store_env: dict[str, str],
    tmp_path: Path,
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    pay_claims(journeys, insured, 3)

    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
    # the worker is stopped; more payments arrive; a new worker resumes
    pay_claims(journeys, insured, 2, first=3)
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        lines = worker.view.lines()
        incremental = worker.view.content_hash()

    assert [line.kind for line in lines] == [PAYMENT] * 5
    assert [line.amount_fen for line in lines] == [
        20000 + n * 100 - 10000 for n in range(5)
    ]
    assert len({line.position for line in lines}) == 5
    assert all(line.scheme_id == "xiangning-2024" for line in lines)

    assert projections.rebuild("payment_ledger", store_env) == incremental
    assert projections.open_view("payment_ledger", store_env).content_hash() == (
        incremental
    )


def test_a_top_up_granted_is_a_line_of_the_ledger(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    fall = date(2024, 12, 1)
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("1.3-01",), assessed_on=date(2025, 2, 1)
    )
    journeys.pay_in_full(disability.claim.id, date(2025, 2, 10))
    journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 5),
        died_on=date(2025, 3, 1),
    )
    with projections.start("payment_ledger", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        lines = worker.view.lines()
    assert [(x.kind, x.amount_fen) for x in lines] == [
        (PAYMENT, 3000000),
        (TOP_UP_GRANTED, 3000000),
    ]

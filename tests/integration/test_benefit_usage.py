"""Per-insured benefit usage on SQLite and PostgreSQL: examples 1 to 3 of the
scheme, the limits as consumed, and a rebuild equal to the incremental view."""

from datetime import date

from adjudication.domain.commands import WithdrawClaim
from adjudication.domain.facts import HospitalStay, Invoice
from projections import runner as projections
from tests.builders import Clock, Journeys
from tests.integration.conftest import AppFactory


def test_usage_shows_what_each_benefit_has_consumed_of_the_year(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    journeys.assessed(
        insured,
        ["MEDICAL", "HOSPITAL_ALLOWANCE"],
        date(2024, 11, 3),
        invoices=(Invoice("F-1", date(2024, 11, 3), 128000, 40000),),
        stays=(HospitalStay(date(2025, 1, 5), date(2025, 1, 17)),),
    )
    withdrawn = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2025, 3, 8),
        invoices=(Invoice("F-2", date(2025, 3, 9), 560000),),
    ).claim
    app.withdraw_claim(
        WithdrawClaim("withdraw-2", withdrawn.id, "the family paid themselves")
    )

    with projections.start("benefit_usage", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        rows = worker.view.usage("xiangning-2024", insured)
        incremental = worker.view.content_hash()
    assert [(r.benefit, r.consumed_fen, r.days, r.claims) for r in rows] == [
        ("HOSPITAL_ALLOWANCE", 36000, 12, 1),
        ("MEDICAL", 78000, 0, 1),  # the withdrawn claim gave its 4,220 back
    ]
    assert rows[0].insured == insured[:4] + "*" * 10 + insured[-4:]
    assert projections.rebuild("benefit_usage", store_env) == incremental

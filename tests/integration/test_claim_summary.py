"""The claim summary read model on SQLite and PostgreSQL: filters, the statutory
overdue list, and a rebuild equal to the incremental view."""

from datetime import date

from adjudication.domain.commands import CorrectAccident
from adjudication.domain.facts import Invoice
from adjudication.schemes import load_catalogue
from projections import runner as projections
from tests.builders import Clock, Journeys, accident, resident_id
from tests.integration.conftest import AppFactory


def test_summaries_filter_list_the_overdue_and_rebuild_identically(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    app = make_app()
    journeys = Journeys(app, clock)
    waiting = journeys.report(insured, ["MEDICAL"], date(2024, 11, 2)).claim
    paid = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-1", date(2024, 11, 3), 50000),),
    ).claim
    journeys.pay_in_full(paid.id, date(2024, 11, 5))
    unpaid = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 6),
        invoices=(Invoice("F-2", date(2024, 11, 6), 30000),),
    ).claim
    rejected = journeys.report(insured, ["DEATH"], date(2024, 11, 7), cause="DISEASE")

    with projections.start("claim_summary", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        view = worker.view
        rows = view.claims()
        assert [r.claim_id for r in rows] == [
            waiting.id,
            paid.id,
            unpaid.id,
            rejected.claim.id,
        ]
        assert [r.status for r in rows] == [
            "AWAITING_DOCUMENTS",
            "PAID",
            "ASSESSED",
            "REJECTED",
        ]
        assert rows[1].paid_fen == 40000 and rows[2].assessed_fen == 20000
        assert rows[0].insured == insured[:4] + "*" * 10 + insured[-4:]
        assert [r.claim_id for r in view.claims(status="PAID")] == [paid.id]
        assert [r.claim_id for r in view.claims(benefit="DEATH")] == [rejected.claim.id]
        assert len(view.claims(insured_id_number=insured)) == 4
        assert view.claims(insured_id_number=resident_id(2)) == []
        assert [r.claim_id for r in view.claims(after=rows[1].reported_position)] == [
            unpaid.id,
            rejected.claim.id,
        ]

        days = load_catalogue().get("xiangning-2024").statutory
        # assessed on 2024-11-06: payment due within 10 days
        assert view.overdue("xiangning-2024", days, date(2024, 11, 16), -1, 10) == []
        late = view.overdue("xiangning-2024", days, date(2024, 11, 17), -1, 10)
        assert [r.claim_id for r in late] == [unpaid.id]
        incremental = view.content_hash()

    assert projections.rebuild("claim_summary", store_env) == incremental


def test_a_corrected_accident_moves_its_claims_in_the_accident_date_filter(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """I10: the claim's AccidentCorrected event updates its summary row."""
    app = make_app()
    claim = (
        Journeys(app, clock)
        .report(insured, ["MEDICAL"], date(2024, 11, 2), reported_on=date(2024, 11, 20))
        .claim
    )
    app.correct_accident(
        CorrectAccident(
            "correct",
            claim.accident_id,
            accident(date(2024, 11, 9)),
            "DOCUMENT_CORRECTION",
            "事故证明日期更正",
        )
    )
    with projections.start("claim_summary", store_env) as worker:
        worker.wait(app.recorder.max_notification_id(), timeout=30)
        view = worker.view
        assert view.claims(accident_to=date(2024, 11, 8)) == []
        (row,) = view.claims(accident_from=date(2024, 11, 9))
        assert row.claim_id == claim.id and row.accident_date == date(2024, 11, 9)
        incremental = view.content_hash()
    assert projections.rebuild("claim_summary", store_env) == incremental

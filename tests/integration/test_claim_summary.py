"""The claim summary read model on SQLite and PostgreSQL: filters, the statutory
overdue list, and a rebuild equal to the incremental view."""

from datetime import date
from uuid import UUID

from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    CorrectAccident,
    RecordDocuments,
    ReopenClaim,
)
from adjudication.domain.coverage import Coverage
from adjudication.domain.facts import Document, Invoice
from adjudication.schemes import load_catalogue
from projections import runner as projections
from projections.registry import projection_class, projection_env
from tests.builders import Clock, Journeys, accident, documents_for, resident_id
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


def test_a_reopened_claim_is_overdue_31_days_after_the_last_awaited_document(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    """I13 (保险法 第二十三条): documents complete on 2024-11-18, assessed,
    reopened on 2024-12-28 (40 days on) awaiting a new invoice: not overdue the
    day it reopens; the invoice comes on 2025-01-10; overdue on 2025-02-10
    (31 days after), not on 2025-02-09."""
    app = make_app()
    journeys = Journeys(app, clock)
    fall = date(2024, 11, 3)
    claim = journeys.report(insured, ["MEDICAL"], fall).claim
    clock.set(date(2024, 11, 18))
    app.record_documents(
        RecordDocuments(
            "docs",
            claim.id,
            documents_for(["MEDICAL"], fall, invoices=(Invoice("F-1", fall, 50000),)),
        )
    )
    app.assess_claim(AssessClaim("assess", claim.id))
    clock.set(date(2024, 12, 28))
    app.reopen_claim(ReopenClaim("reopen", claim.id, "补充发票", ["MEDICAL_INVOICES"]))
    days = load_catalogue().get("xiangning-2024").statutory

    def overdue_on(day: date) -> list[UUID]:
        with projections.start("claim_summary", store_env) as worker:
            worker.wait(app.recorder.max_notification_id(), timeout=30)
            rows = worker.view.overdue("xiangning-2024", days, day, -1, 10)
            return [r.claim_id for r in rows]

    assert overdue_on(date(2024, 12, 28)) == []
    clock.set(date(2025, 1, 10))
    invoice = Invoice("F-2", fall, 30000)
    app.record_documents(
        RecordDocuments(
            "more", claim.id, [Document("MEDICAL_INVOICES", invoices=(invoice,))]
        )
    )
    assert overdue_on(date(2025, 2, 9)) == []
    assert overdue_on(date(2025, 2, 10)) == [claim.id]


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


def test_each_aggregate_a_projection_follows_is_as_its_stored_events_make_it(
    make_app: AppFactory, clock: Clock, insured: str, store_env: dict[str, str]
) -> None:
    # A projection applies each event to the aggregate its last event left,
    # instead of reading the aggregate's events again: the same state.
    app = make_app()
    journeys = Journeys(app, clock)
    for n, day in enumerate((date(2024, 11, 3), date(2024, 11, 6))):
        claim = journeys.assessed(
            insured,
            ["MEDICAL"],
            day,
            invoices=(Invoice(f"F-{n}", day, 50000 + n),),
        ).claim
        journeys.pay_in_full(claim.id, date(2024, 11, 9))
    settings = projection_env(store_env)
    projection = projection_class("claim_summary", settings, "claim_summary")(
        projections.open_view("claim_summary", store_env)
    )

    compared = 0
    for notification in app.recorder.select_notifications(1, 10_000):
        event = app.mapper.to_domain_event(notification)
        kind = next((k for k in (Claim, Coverage) if isinstance(event, k.Event)), None)
        if kind is None:
            continue
        followed = projection.as_of(kind, event)  # type: ignore[attr-defined]
        stored = app.repository.get(
            event.originator_id, version=event.originator_version
        )
        assert vars(followed) == vars(stored)
        compared += 1
    assert compared > 10

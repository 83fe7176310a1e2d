"""Effective dates (scheme-2024.md §6, I14): a claim journey of 2025 carried over
today from the insurer's previous system, every step with the day it really
took effect, gets the same amounts, the top-up included, as the same journey
lived in 2025. On the SQLite file and on PostgreSQL."""

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.calendar import CST
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    ReportClaim,
)
from adjudication.domain.errors import InvalidCommand
from tests.builders import Clock, accident, documents_for, resident_id
from tests.integration.conftest import AppFactory

FALL = date(2024, 12, 1)


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), CST).astimezone(UTC)


def journey(app: ClaimsApplication, clock: Clock, insured: str, live: bool) -> Any:
    """Example 5: a grade-1 disability paid on 2025-02-10, death on 2025-03-01.
    Lived: the clock is each step's day. Carried over: the clock is today and
    each step says the day it took effect."""

    def step(day: date) -> date | None:
        if live:
            clock.set(day)
            return None
        return day

    reported = step(date(2025, 1, 20))
    disability = app.report_claim(
        ReportClaim(
            f"d-{live}",
            insured,
            "李秀英",
            ("DISABILITY",),
            accident(FALL, "TRAFFIC"),
            reported_at=at(reported) if reported else None,
        )
    ).claim
    received = step(date(2025, 1, 25))
    docs = documents_for(["DISABILITY"], FALL, items=("1.3-01",))
    app.record_documents(RecordDocuments(f"dd-{live}", disability.id, docs, received))
    decided = step(date(2025, 2, 1))
    assessed = app.assess_claim(AssessClaim(f"da-{live}", disability.id, (), decided))
    paid_on = step(date(2025, 2, 10))
    app.record_payment(
        RecordPayment(
            f"dp-{live}", disability.id, assessed.claim.assessed_fen, "B1", paid_on
        )
    )
    reported = step(date(2025, 3, 2))
    death = app.report_claim(
        ReportClaim(
            f"x-{live}",
            insured,
            "李秀英",
            ("DEATH",),
            accident_id=disability.accident_id,
            reported_at=at(reported) if reported else None,
        )
    ).claim
    received = step(date(2025, 3, 4))
    docs = documents_for(["DEATH"], FALL, died_on=date(2025, 3, 1))
    app.record_documents(RecordDocuments(f"xd-{live}", death.id, docs, received))
    decided = step(date(2025, 3, 5))
    return app.assess_claim(AssessClaim(f"xa-{live}", death.id, (), decided)).claim


@pytest.mark.parametrize("live", [True, False], ids=["lived-in-2025", "carried-over"])
def test_a_2025_journey_carried_over_today_gets_the_amounts_it_got_in_2025(
    make_app: AppFactory, clock: Clock, roster: Any, live: bool
) -> None:
    insured = resident_id(30 if live else 40)
    roster.enrol(insured, date(2024, 10, 14))
    clock.set(date(2026, 12, 1))
    death = journey(make_app(), clock, insured, live)
    amounts = {line.benefit: line.amount_fen for line in death.assessment.lines}
    assert amounts == {"DEATH": 0, "TOP_UP": 3000000}
    assert death.assessment.assessed_on == date(2025, 3, 5)


def test_a_decision_dated_in_the_future_or_before_complete_documents_is_refused(
    make_app: AppFactory, clock: Clock, roster: Any
) -> None:
    insured = resident_id(50)
    roster.enrol(insured, date(2024, 10, 14))
    app = make_app()
    clock.set(date(2025, 1, 25))
    claim = app.report_claim(
        ReportClaim("r", insured, "张建国", ("DISABILITY",), accident(FALL))
    ).claim
    docs = documents_for(["DISABILITY"], FALL, items=("1.3-01",))
    app.record_documents(RecordDocuments("d", claim.id, docs))
    for day, why in (
        (date(2025, 1, 26), "is in the future"),
        (date(2025, 1, 24), "is before the documents were complete (2025-01-25)"),
    ):
        with pytest.raises(InvalidCommand) as refused:
            app.assess_claim(AssessClaim(f"a-{day}", claim.id, (), day))
        assert [(v.field, v.description) for v in refused.value.violations] == [
            ("decided_on", why)
        ]


def test_documents_dated_before_the_report_or_in_the_future_are_refused(
    make_app: AppFactory, clock: Clock, roster: Any
) -> None:
    insured = resident_id(51)
    roster.enrol(insured, date(2024, 10, 14))
    app = make_app()
    clock.set(date(2025, 1, 25))
    claim = app.report_claim(
        ReportClaim("r", insured, "张建国", ("DISABILITY",), accident(FALL))
    ).claim
    docs = documents_for(["DISABILITY"], FALL, items=("1.3-01",))
    before = app.recorder.max_notification_id()
    for day, why, reason in (
        (date(2025, 1, 26), "is in the future", "DATE_IN_FUTURE"),
        (
            date(2025, 1, 24),
            "is before the report (2025-01-25)",
            "BEFORE_PREVIOUS_STEP",
        ),
    ):
        with pytest.raises(InvalidCommand) as refused:
            app.record_documents(RecordDocuments(f"d-{day}", claim.id, docs, day))
        assert [
            (v.field, v.description, v.reason) for v in refused.value.violations
        ] == [("received_on", why, reason)]
    assert app.recorder.max_notification_id() == before

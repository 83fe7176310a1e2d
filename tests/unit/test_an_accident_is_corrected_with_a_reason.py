"""I10 (scheme-2024.md §6), the second half: an officer corrects an accident's
date, place, cause or description with a reason; the accident records the
facts before and after; each of its claims records the correction and keeps its
accident date in step, in the same transaction; the eligibility of its claims
is decided again."""

from datetime import date
from uuid import UUID

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.appeals import SetAside
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    CorrectAccident,
    RecordDocuments,
    ReopenClaim,
)
from adjudication.domain.errors import InvalidCommand, StateForbids
from adjudication.domain.facts import AccidentFacts, Invoice
from tests.builders import Clock, Journeys, accident, documents_for

FALL = date(2024, 11, 3)
F001 = Invoice("F-001", FALL, 128000, 40000)  # 780.00 payable


def correct(
    app: ClaimsApplication,
    accident_id: UUID,
    facts: AccidentFacts,
    request_id: str = "correct",
    reason_code: str = "DOCUMENT_CORRECTION",
) -> tuple[Claim, ...]:
    command = CorrectAccident(request_id, accident_id, facts, reason_code, "事故证明")
    return app.correct_accident(command).claims


def event_names(app: ClaimsApplication, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


def documented(journeys: Journeys, claim: Claim, on: date = FALL) -> Claim:
    docs = documents_for(["MEDICAL"], on, invoices=(F001,))
    return journeys.app.record_documents(
        RecordDocuments(journeys.request_id(), claim.id, docs)
    ).claim


def test_a_correction_records_the_facts_before_and_after_on_the_accident(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    journeys.clock.set(date(2025, 1, 5))
    new = accident(date(2024, 11, 2), "CUT", "果园", "修剪果树割伤")
    correct(app, claim.accident_id, new)
    corrected = app.get_accident(claim.accident_id)
    assert corrected.facts == new
    (correction,) = corrected.corrections
    assert correction.before == accident(FALL)
    assert correction.after == new
    assert correction.reason_code == "DOCUMENT_CORRECTION"
    assert correction.corrected_on == date(2025, 1, 5)
    assert event_names(app, claim.accident_id) == ["Recorded", "Corrected"]


def test_every_claim_of_the_accident_keeps_its_accident_date_in_step(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first = journeys.report(insured, ["MEDICAL"], FALL).claim
    second = journeys.report(insured, ["DISABILITY"], accident_id=first.accident_id)
    journeys.clock.set(date(2025, 1, 5))
    claims = correct(app, first.accident_id, accident(date(2024, 11, 1)))
    assert {c.id for c in claims} == {first.id, second.claim.id}
    for claim in claims:
        assert claim.accident_date == date(2024, 11, 1)
        assert event_names(app, claim.id)[-1] == "AccidentCorrected"
    register = app.repository.get(app.person_ids.accident_register(insured)[0])
    assert register.on(date(2024, 11, 1)) == (first.accident_id,)
    assert register.on(FALL) == ()


def test_an_open_claim_the_correction_makes_uncovered_is_rejected_with_the_reasons(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = documented(journeys, journeys.report(insured, ["MEDICAL"], FALL).claim)
    journeys.clock.set(date(2025, 1, 5))
    (rejected,) = correct(app, claim.accident_id, accident(FALL, "DRUNK_DRIVING"))
    assert rejected.status == "REJECTED"
    assert rejected.rejection is not None
    assert [r.code for r in rejected.rejection.reasons] == ["EXCLUDED_CAUSE"]
    assert rejected.rejection.rejected_on == date(2025, 1, 5)
    assert event_names(app, claim.id)[-2:] == ["AccidentCorrected", "Rejected"]


def test_a_correction_out_of_the_coverage_period_rejects_an_open_claim(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    (rejected,) = correct(app, claim.accident_id, accident(date(2024, 10, 13)))
    assert rejected.scheme_id is None
    assert rejected.rejection is not None
    assert [r.code for r in rejected.rejection.reasons] == ["OUTSIDE_COVERAGE_PERIOD"]


def test_a_claim_rejected_for_a_reason_the_correction_removes_is_not_reopened(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Keyed DISEASE by mistake: the correction fixes the accident, the claim
    stays rejected until an officer reopens it, then it is assessed."""
    claim = journeys.report(insured, ["MEDICAL"], FALL, cause="DISEASE").claim
    (still,) = correct(app, claim.accident_id, accident(FALL, "FALL"))
    assert still.status == "REJECTED"
    app.reopen_claim(ReopenClaim("appeal", claim.id, "事故原因已更正"))
    documented(journeys, claim)
    assessed = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert assessed.status == "ASSESSED" and assessed.assessed_fen == 78000


def test_an_unpaid_decided_claim_the_correction_makes_uncovered_is_rejected(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(insured, ["MEDICAL"], FALL, invoices=(F001,)).claim
    (after,) = correct(app, claim.accident_id, accident(FALL, "SELF_HARM"))
    assert after.status == "REJECTED"
    assert after.rejection is not None
    assert [r.code for r in after.rejection.reasons] == ["EXCLUDED_CAUSE"]
    coverage = app.get_coverage("xiangning-2024", insured)
    assert coverage is not None and claim.id not in coverage.consumed


def test_a_paid_claim_left_uncovered_stays_decided_at_0_and_780_is_to_recover(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(insured, ["MEDICAL"], FALL, invoices=(F001,)).claim
    journeys.pay_in_full(claim.id, date(2024, 11, 20))
    (after,) = correct(app, claim.accident_id, accident(FALL, "SELF_HARM"))
    assert after.status == "DECIDED_AT_ZERO"
    assert after.assessment is not None
    assert [(x.amount_fen, x.reason_code) for x in after.assessment.lines] == [
        (0, "EXCLUDED_CAUSE")
    ]
    assert after.paid_fen == 78000 and after.to_recover_fen == 78000
    coverage = app.get_coverage("xiangning-2024", insured)
    assert coverage is not None
    assert coverage.usage().total_fen("MEDICAL") == 78000  # held until recovered
    names = event_names(app, claim.id)
    assert names[-2:] == ["RelatedClaimChanged", "SetOffChanged"]


def test_a_correction_moving_a_decided_claim_to_no_scheme_year_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(insured, ["MEDICAL"], FALL, invoices=(F001,)).claim
    before = app.recorder.max_notification_id()
    with pytest.raises(StateForbids) as caught:
        correct(app, claim.accident_id, accident(date(2024, 10, 13)))
    assert caught.value.code == "DECIDED_CLAIM_CHANGES_SCHEME_YEAR"
    assert app.recorder.max_notification_id() == before


def test_an_open_claim_keeps_its_set_asides_when_its_accident_is_corrected(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL, cause="DISEASE").claim
    aside = SetAside("NOT_AN_ACCIDENT", "COURT_RULING", "判决认定为意外")
    app.reopen_claim(ReopenClaim("appeal", claim.id, "判决", set_asides=(aside,)))
    (after,) = correct(
        app, claim.accident_id, AccidentFacts(FALL, "村道", "DISEASE", "摔伤")
    )
    assert after.status == "AWAITING_DOCUMENTS"


def test_a_correction_is_checked_as_a_report_is_and_needs_a_reason(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    clock.set(date(2025, 1, 5))
    bad = AccidentFacts(date(2025, 1, 6), " ", "UFO", "")
    with pytest.raises(InvalidCommand) as caught:
        app.correct_accident(
            CorrectAccident("c", claim.accident_id, bad, "NO_SUCH_REASON", " ")
        )
    assert [v.field for v in caught.value.violations] == [
        "accident.occurred_on",
        "accident.place",
        "accident.description",
        "accident.cause",
        "reason_code",
        "reason_text",
    ]
    with pytest.raises(StateForbids) as nothing:
        correct(app, claim.accident_id, accident(FALL))
    assert nothing.value.code == "NOTHING_CORRECTED"


def test_a_repeated_correction_replays_and_writes_nothing(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    correct(app, claim.accident_id, accident(date(2024, 11, 1)), "c-1")
    before = app.recorder.max_notification_id()
    again = app.correct_accident(
        CorrectAccident(
            "c-1",
            claim.accident_id,
            accident(date(2024, 11, 1)),
            "DOCUMENT_CORRECTION",
            "事故证明",
        )
    )
    assert again.replayed
    assert app.recorder.max_notification_id() == before


def test_a_claim_reported_after_the_correction_gets_the_corrected_facts(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    correct(app, claim.accident_id, accident(date(2024, 11, 1)), "c-1")
    later = journeys.report(insured, ["DISABILITY"], accident_id=claim.accident_id)
    assert later.claim.accident_date == date(2024, 11, 1)
    claims = correct(app, claim.accident_id, accident(date(2024, 10, 30)), "c-2")
    assert {c.id for c in claims} == {claim.id, later.claim.id}
    assert {c.accident_date for c in claims} == {date(2024, 10, 30)}


def test_a_corrected_date_after_a_claim_of_the_accident_was_reported_is_refused(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL, reported_on=FALL).claim
    clock.set(date(2024, 12, 1))
    with pytest.raises(InvalidCommand) as caught:
        correct(app, claim.accident_id, accident(date(2024, 11, 4)))
    assert [v.field for v in caught.value.violations] == ["accident.occurred_on"]


def test_a_decided_claim_still_covered_is_recomputed_on_the_corrected_facts(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """The fall was on 2024-11-03 by the first certificate: the 1,280.00
    invoice of that day pays 780.00. Corrected to 2024-11-04, the invoice is
    from before the accident: the claim is recomputed to 0 (decided at 0),
    recorded as a change of the claim with the amounts before and after."""
    claim = journeys.report(
        insured, ["MEDICAL"], FALL, reported_on=date(2024, 11, 8)
    ).claim
    documented(journeys, claim)
    decided = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert decided.assessed_fen == 78000
    journeys.clock.set(date(2024, 11, 10))
    new = accident(date(2024, 11, 4), "FALL", "田间", "摔伤")
    correct(app, claim.accident_id, new)
    after = app.get_claim(claim.id)
    assert after.status == "DECIDED_AT_ZERO"
    assert after.assessment.lines[0].reason_code == "NO_ELIGIBLE_EXPENSES"
    changed = list(app.events.get(claim.id))[-1]
    assert type(changed).__name__ == "RelatedClaimChanged"
    assert (changed.before_fen, changed.after_fen, changed.cause_claim_id) == (
        78000,
        0,
        None,
    )
    assert changed.explanation.startswith("its accident was corrected")
    coverage = app.get_coverage("xiangning-2024", insured)
    assert coverage is not None and coverage.usage().total_fen("MEDICAL") == 0

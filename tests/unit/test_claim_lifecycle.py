"""The claim's life, one test per rule of scheme-2024.md and the command side:
reporting and its automatic rejections, input checks, documents, assessment,
payments, rejection, withdrawal, appeals, the benefit ledger, statutory due
dates, versions and idempotent request ids."""

from datetime import UTC, date, datetime, time
from uuid import UUID, uuid4

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.benefits import Usage
from adjudication.domain.calendar import CST
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RecordRecovery,
    RejectClaim,
    ReopenClaim,
    ReportClaim,
    WithdrawClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import (
    InvalidCommand,
    NotFound,
    RequestIdReused,
    StateForbids,
)
from adjudication.domain.facts import Document, HospitalStay, Invoice
from adjudication.domain.overrides import AMOUNT, ELIGIBLE, Override
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import (
    SCHEME_START,
    Clock,
    Journeys,
    accident,
    documents_for,
    resident_id,
)

SCHEME = "xiangning-2024"
FALL = date(2024, 11, 3)
# F-001 of worked example 1: 1,280 − 400 reimbursed − 100 deductible = 780.
F001 = Invoice("F-001", FALL, 128000, 40000)


def notifications(app: ClaimsApplication) -> int:
    return app.recorder.max_notification_id() or 0


def event_names(app: ClaimsApplication, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


def fields_of(error: InvalidCommand) -> list[str]:
    return [v.field for v in error.violations]


def reason_codes(claim: Claim) -> list[str]:
    assert claim.rejection is not None
    return [r.code for r in claim.rejection.reasons]


def invoice_index(documents: list[Document]) -> int:
    return next(i for i, d in enumerate(documents) if d.kind == "MEDICAL_INVOICES")


def ready(
    journeys: Journeys,
    insured: str,
    benefits: list[str] | None = None,
    on: date = FALL,
    distinct_accident: bool = False,
    **facts: object,
) -> Claim:
    """A reported claim with every document it needs, not yet assessed."""
    benefits = benefits or ["MEDICAL"]
    if benefits == ["MEDICAL"] and not facts:
        facts = {"invoices": (F001,)}
    claim = journeys.report(
        insured, benefits, on, distinct_accident=distinct_accident
    ).claim
    result = journeys.app.record_documents(
        RecordDocuments(
            journeys.request_id(), claim.id, documents_for(benefits, on, **facts)
        )
    )
    return result.claim


def assessed(
    journeys: Journeys, insured: str, distinct_accident: bool = False
) -> Claim:
    """A medical claim assessed at 780.00 (78,000 fen)."""
    claim = ready(journeys, insured, distinct_accident=distinct_accident)
    return journeys.app.assess_claim(AssessClaim(journeys.request_id(), claim.id)).claim


def pay(journeys: Journeys, claim_id: UUID, amount_fen: int, reference: str) -> Claim:
    return journeys.app.record_payment(
        RecordPayment(journeys.request_id(), claim_id, amount_fen, reference)
    ).claim


def usage(app: ClaimsApplication, insured: str) -> Usage:
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    return coverage.usage()


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


# -- reporting ---------------------------------------------------------------------


def test_a_report_records_the_claim_as_reported_awaiting_its_documents(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    result = journeys.report(insured, ["MEDICAL"], FALL)
    claim = result.claim
    assert not result.replayed
    assert event_names(app, claim.id) == ["Reported"]
    assert claim.status == "AWAITING_DOCUMENTS"
    assert claim.scheme_id == SCHEME
    assert claim.reported_on == FALL
    assert claim.missing_documents == claim.required_documents
    assert app.get_accident(claim.accident_id).occurred_on == FALL
    assert app.get_claim(claim.id) == claim


def test_an_unenrolled_person_s_claim_is_recorded_then_rejected_not_enrolled(
    app: ClaimsApplication, journeys: Journeys
) -> None:
    stranger = resident_id(2)
    claim = journeys.report(stranger, ["MEDICAL"], FALL).claim
    assert event_names(app, claim.id) == ["Reported", "Rejected"]
    assert claim.status == "REJECTED"
    assert reason_codes(claim) == ["NOT_ENROLLED"]


def test_an_accident_after_cover_ended_is_recorded_then_rejected_coverage_ended(
    app: ClaimsApplication, journeys: Journeys, roster: InMemoryRoster
) -> None:
    person = resident_id(3)
    roster.enrol(person, SCHEME_START, covered_until=date(2025, 1, 31))
    claim = journeys.report(person, ["MEDICAL"], date(2025, 2, 10)).claim
    assert event_names(app, claim.id) == ["Reported", "Rejected"]
    assert reason_codes(claim) == ["COVERAGE_ENDED"]
    # The last day of cover is still covered.
    last_day = journeys.report(person, ["MEDICAL"], date(2025, 1, 31)).claim
    assert last_day.status == "AWAITING_DOCUMENTS"


def test_a_claim_reported_more_than_two_years_after_the_accident_is_time_barred(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    late = journeys.report(
        insured, ["MEDICAL"], date(2024, 11, 1), reported_on=date(2026, 11, 2)
    ).claim
    assert event_names(app, late.id) == ["Reported", "Rejected"]
    assert reason_codes(late) == ["TIME_BARRED"]


def test_a_claim_reported_exactly_two_years_after_the_accident_is_not_time_barred(
    journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(
        insured, ["MEDICAL"], date(2024, 11, 1), reported_on=date(2026, 11, 1)
    ).claim
    assert claim.status == "AWAITING_DOCUMENTS"


def test_an_excluded_cause_is_recorded_then_rejected_excluded_cause(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL, cause="DRUNK_DRIVING").claim
    assert event_names(app, claim.id) == ["Reported", "Rejected"]
    assert reason_codes(claim) == ["EXCLUDED_CAUSE"]


def test_bad_report_input_names_every_bad_field_at_once_and_writes_nothing(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    clock.set(date(2025, 1, 1))
    before = notifications(app)
    with pytest.raises(InvalidCommand) as caught:
        app.report_claim(
            ReportClaim(
                "bad-report",
                wrong_check_digit(insured),
                "   ",
                ["MEDICAL", "FUNERAL", "TOP_UP", "MEDICAL"],
                accident=accident(date(2025, 1, 5), cause="METEOR"),
            ),
        )
    assert fields_of(caught.value) == [
        "insured_id_number",
        "insured_name",
        "benefits[1]",
        "benefits[2]",
        "benefits[3]",
        "accident.occurred_on",
        "accident.cause",
    ]
    assert caught.value.code == "INVALID_ARGUMENT"
    assert notifications(app) == before
    with pytest.raises(NotFound):
        app.get_claim(Claim.create_id("bad-report"))


def test_top_up_cannot_be_claimed_directly(
    app: ClaimsApplication, insured: str
) -> None:
    with pytest.raises(InvalidCommand) as caught:
        app.report_claim(
            ReportClaim(
                "top-up", insured, "张建国", ["TOP_UP"], accident=accident(FALL)
            )
        )
    assert fields_of(caught.value) == ["benefits[0]"]


def test_a_report_without_benefits_is_refused(
    app: ClaimsApplication, insured: str
) -> None:
    with pytest.raises(InvalidCommand) as caught:
        app.report_claim(
            ReportClaim("none", insured, "张建国", [], accident=accident(FALL))
        )
    assert fields_of(caught.value) == ["benefits"]


def test_a_report_gives_either_the_accident_or_its_id_never_both_nor_neither(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    known = journeys.report(insured, ["MEDICAL"], FALL).claim.accident_id
    before = notifications(app)
    with pytest.raises(InvalidCommand) as both:
        app.report_claim(
            ReportClaim(
                "both",
                insured,
                "",
                ["MEDICAL"],
                accident=accident(FALL),
                accident_id=known,
            ),
        )
    assert fields_of(both.value) == ["insured_name", "accident"]
    with pytest.raises(InvalidCommand) as neither:
        app.report_claim(ReportClaim("neither", insured, "张建国", ["DEATH", "DEATH"]))
    assert fields_of(neither.value) == ["benefits[1]", "accident"]
    assert notifications(app) == before


def test_an_accident_id_of_another_insured_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str, roster: InMemoryRoster
) -> None:
    other = resident_id(4)
    roster.enrol(other, SCHEME_START)
    theirs = journeys.report(other, ["MEDICAL"], FALL).claim.accident_id
    with pytest.raises(InvalidCommand) as caught:
        app.report_claim(
            ReportClaim("x", insured, "张建国", ["MEDICAL"], accident_id=theirs)
        )
    assert fields_of(caught.value) == ["accident_id"]


# -- documents and assessment ------------------------------------------------------


def test_assessing_with_documents_missing_lists_every_missing_document(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    benefits = ["MEDICAL", "HOSPITAL_ALLOWANCE", "DEATH"]
    claim = journeys.report(insured, benefits, FALL).claim
    journeys.app.record_documents(
        RecordDocuments("docs", claim.id, [Document("CLAIM_FORM")])
    )
    before = notifications(app)
    with pytest.raises(StateForbids) as caught:
        app.assess_claim(AssessClaim("assess", claim.id))
    assert caught.value.code == "DOCUMENTS_MISSING"
    missing = app.get_claim(claim.id).missing_documents
    assert set(missing) == set(claim.required_documents) - {"CLAIM_FORM"}
    assert len(missing) == 12
    for kind in missing:
        assert kind in caught.value.message
    assert notifications(app) == before


def test_documents_complete_make_the_claim_ready_for_assessment(
    journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    assert claim.status == "READY_FOR_ASSESSMENT"
    assert claim.missing_documents == ()
    assert claim.documents_complete_on == FALL


def test_assessing_twice_is_refused_already_assessed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    assert claim.assessed_fen == 78000
    with pytest.raises(StateForbids) as caught:
        app.assess_claim(AssessClaim("again", claim.id))
    assert caught.value.code == "ALREADY_ASSESSED"


def test_documents_on_an_assessed_claim_are_refused_claim_not_open(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    before = notifications(app)
    with pytest.raises(StateForbids) as caught:
        app.record_documents(
            RecordDocuments("late-docs", claim.id, [Document("CLAIM_FORM")])
        )
    assert caught.value.code == "CLAIM_NOT_OPEN"
    assert notifications(app) == before


def test_an_officer_override_keeps_the_computed_input_and_reason_in_the_event(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    override = Override(
        "MEDICAL", ELIGIBLE, 80000, "DOCUMENT_CORRECTION", "发票金额更正"
    )
    result = app.assess_claim(
        AssessClaim("override", claim.id, [override]), actor="officer-7"
    )
    line = result.claim.assessment.lines[0]
    assert line.amount_fen == 70000  # 800.00 eligible − 100.00 deductible
    assert line.override_input == "eligible_fen"
    assert line.computed_input == 88000  # 1,280.00 − 400.00 reimbursed
    assert line.overridden_input == 80000
    assert line.override_reason_code == "DOCUMENT_CORRECTION"
    assert line.override_reason_text == "发票金额更正"
    events = list(app.events.get(claim.id))
    assessed_event = events[-1]
    assert type(assessed_event).__name__ == "Assessed"
    assert tuple(assessed_event.lines) == result.claim.assessment.lines  # type: ignore[attr-defined]
    assert assessed_event.actor == "officer-7"  # type: ignore[attr-defined]
    assert usage(app, insured).total_fen("MEDICAL") == 70000


def test_an_override_needs_a_known_reason_code_and_a_text(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    with pytest.raises(InvalidCommand) as caught:
        app.assess_claim(
            AssessClaim(
                "override",
                claim.id,
                [Override("MEDICAL", ELIGIBLE, -1, "BECAUSE", " ")],
            )
        )
    assert fields_of(caught.value) == [
        "overrides[0].eligible_fen",
        "overrides[0].reason_code",
        "overrides[0].reason_text",
    ]


def test_an_override_may_not_break_the_annual_medical_limit(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    with pytest.raises(InvalidCommand) as caught:
        app.assess_claim(
            AssessClaim(
                "override",
                claim.id,
                [Override("MEDICAL", AMOUNT, 500001, "SUPERVISOR_APPROVAL", "协商")],
            ),
        )
    assert fields_of(caught.value) == ["overrides"]


def test_a_top_up_is_recorded_by_name_next_to_the_assessment(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    fall = date(2024, 12, 1)
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("1.3-01",), assessed_on=date(2025, 2, 1)
    )
    journeys.pay_in_full(disability.claim.id, date(2025, 2, 10))
    death = journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 5),
        died_on=date(2025, 3, 1),
    ).claim
    events = list(app.events.get(death.id))
    assert [type(e).__name__ for e in events][-2:] == [
        "Assessed",
        "DeathAfterDisabilityTopUpGranted",
    ]
    assert events[-1].amount_fen == 3000000  # type: ignore[attr-defined]
    assert death.assessed_fen == 3000000


def test_no_top_up_event_without_a_top_up(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    fall = date(2024, 12, 1)
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("2.1-06",), assessed_on=date(2025, 1, 20)
    )
    death = journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 1),
        died_on=date(2025, 2, 25),
    ).claim
    assert "DeathAfterDisabilityTopUpGranted" not in event_names(app, death.id)


def test_an_override_cannot_pay_the_death_benefit_a_second_time(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """DEATH is paid once per insured (scheme §2): once one claim carries it, an
    officer's negotiated amount may not grant it again on another accident's
    claim."""
    fall = date(2024, 12, 1)
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("2.1-06",), assessed_on=date(2025, 1, 20)
    )
    first = journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 1),
        died_on=date(2025, 2, 25),
    ).claim
    assert first.assessed_fen == 1200000
    other_accident = date(2025, 2, 1)
    second = journeys.report(
        insured, ["DEATH"], other_accident, reported_on=date(2025, 3, 2)
    ).claim
    app.record_documents(
        RecordDocuments(
            "docs",
            second.id,
            documents_for(["DEATH"], other_accident, died_on=date(2025, 2, 25)),
        ),
    )
    before = notifications(app)
    with pytest.raises(InvalidCommand) as caught:
        app.assess_claim(
            AssessClaim(
                "override",
                second.id,
                [Override("DEATH", AMOUNT, 1000000, "SUPERVISOR_APPROVAL", "协商")],
            ),
        )
    assert fields_of(caught.value) == ["overrides"]
    assert notifications(app) == before


# -- payments ----------------------------------------------------------------------


def test_paying_before_assessment_is_refused_not_assessed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    before = notifications(app)
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("pay", claim.id, 100, "BANK-1"))
    assert caught.value.code == "NOT_ASSESSED"
    assert notifications(app) == before


def test_paying_more_than_assessed_is_refused_amount_exceeds_assessment(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("pay", claim.id, 78001, "BANK-1"))
    assert caught.value.code == "AMOUNT_EXCEEDS_ASSESSMENT"
    pay(journeys, claim.id, 50000, "BANK-1")
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("pay-2", claim.id, 28001, "BANK-2"))
    assert caught.value.code == "AMOUNT_EXCEEDS_ASSESSMENT"


def test_partial_payments_then_the_rest_make_the_claim_partially_paid_then_paid(
    journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    assert claim.status == "ASSESSED"
    claim = pay(journeys, claim.id, 30000, "BANK-1")
    assert claim.status == "PARTIALLY_PAID"
    claim = pay(journeys, claim.id, 40000, "BANK-2")
    assert claim.status == "PARTIALLY_PAID"
    claim = pay(journeys, claim.id, 8000, "BANK-3")
    assert claim.status == "PAID"
    assert claim.paid_fen == claim.assessed_fen == 78000
    assert [p.reference for p in claim.payments] == ["BANK-1", "BANK-2", "BANK-3"]


def test_a_payment_pays_the_assessed_benefits_in_the_assessment_s_order(
    journeys: Journeys, insured: str
) -> None:
    """MEDICAL 780.00 then HOSPITAL_ALLOWANCE 12 days × 30.00 = 360.00: a first
    payment of 1,000.00 pays medical in full and 220.00 of the allowance; the
    second, 140.00, the rest of the allowance."""
    claim = journeys.assessed(
        insured,
        ["MEDICAL", "HOSPITAL_ALLOWANCE"],
        FALL,
        invoices=(F001,),
        stays=(HospitalStay(FALL, date(2024, 11, 15)),),
    ).claim
    assert [(x.benefit, x.amount_fen) for x in claim.assessment.lines] == [
        ("MEDICAL", 78000),
        ("HOSPITAL_ALLOWANCE", 36000),
    ]
    first = pay(journeys, claim.id, 100000, "BANK-1").payments[-1]
    assert [(x.benefit, x.amount_fen) for x in first.benefits] == [
        ("MEDICAL", 78000),
        ("HOSPITAL_ALLOWANCE", 22000),
    ]
    second = pay(journeys, claim.id, 14000, "BANK-2").payments[-1]
    assert [(x.benefit, x.amount_fen) for x in second.benefits] == [
        ("HOSPITAL_ALLOWANCE", 14000)
    ]


def test_after_a_reassessment_a_payment_pays_what_is_still_owed_per_benefit(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """780.00 medical paid; reopened, a new invoice raises medical to 1,280.00:
    the next payment of 500.00 is medical's difference."""
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 78000, "BANK-1")
    app.reopen_claim(ReopenClaim("appeal", claim.id, "补充发票"))
    more = [Document("MEDICAL_INVOICES", invoices=(Invoice("F-002", FALL, 50000),))]
    app.record_documents(RecordDocuments("more-docs", claim.id, more))
    app.assess_claim(AssessClaim("reassess", claim.id))
    paid = pay(journeys, claim.id, 50000, "BANK-2").payments
    assert [[(x.benefit, x.amount_fen) for x in p.benefits] for p in paid] == [
        [("MEDICAL", 78000)],
        [("MEDICAL", 50000)],
    ]


def test_paying_a_paid_claim_is_refused_already_paid(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 78000, "BANK-1")
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("more", claim.id, 1, "BANK-2"))
    assert caught.value.code == "ALREADY_PAID"


def test_the_same_bank_reference_twice_is_refused_already_paid(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 30000, "BANK-1")
    before = notifications(app)
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("again", claim.id, 30000, "BANK-1"))
    assert caught.value.code == "ALREADY_PAID"
    assert notifications(app) == before
    assert app.get_claim(claim.id).paid_fen == 30000


def test_a_payment_needs_a_positive_amount_a_reference_and_a_past_date(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = assessed(journeys, insured)
    with pytest.raises(InvalidCommand) as caught:
        app.record_payment(
            RecordPayment("pay", claim.id, 0, " ", paid_on=date(2030, 1, 1))
        )
    assert fields_of(caught.value) == ["amount_fen", "reference", "paid_on"]
    with pytest.raises(InvalidCommand) as caught:
        app.record_payment(
            RecordPayment("pay", claim.id, 100, "B", paid_on=date(2024, 11, 1))
        )
    assert fields_of(caught.value) == ["paid_on"]


@pytest.mark.parametrize("paid_fen", [30000, 78000])
def test_rejecting_or_withdrawing_a_paid_claim_is_refused_already_paid(
    app: ClaimsApplication, journeys: Journeys, insured: str, paid_fen: int
) -> None:
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, paid_fen, "BANK-1")
    before = notifications(app)
    with pytest.raises(StateForbids) as rejecting:
        app.reject_claim(
            RejectClaim("reject", claim.id, [Reason("FRAUD", "伪造")], "拒赔通知")
        )
    assert rejecting.value.code == "ALREADY_PAID"
    with pytest.raises(StateForbids) as withdrawing:
        app.withdraw_claim(WithdrawClaim("withdraw", claim.id, "申请人撤回"))
    assert withdrawing.value.code == "ALREADY_PAID"
    assert notifications(app) == before


# -- rejection, withdrawal and the benefit ledger ----------------------------------


def test_an_officer_rejection_needs_known_reason_codes_and_a_text(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    before = notifications(app)
    with pytest.raises(InvalidCommand) as caught:
        app.reject_claim(
            RejectClaim(
                "reject",
                claim.id,
                [Reason("I_SAY_SO", "因为"), Reason("FRAUD", " ")],
                "  ",
            ),
        )
    assert fields_of(caught.value) == ["reasons[0].code", "reasons[1].text", "text"]
    with pytest.raises(InvalidCommand) as caught:
        app.reject_claim(RejectClaim("reject", claim.id, [], "拒赔通知"))
    assert fields_of(caught.value) == ["reasons"]
    assert notifications(app) == before

    reasons = [
        Reason("FRAUD", "发票系伪造"),
        Reason("EXCLUDED_CAUSE", "酒后驾驶"),
    ]
    rejected = app.reject_claim(
        RejectClaim("reject", claim.id, reasons, "拒赔通知书")
    ).claim
    assert rejected.status == "REJECTED"
    assert rejected.rejection is not None
    assert rejected.rejection.reasons == tuple(reasons)
    assert rejected.rejection.text == "拒赔通知书"


def test_a_withdrawal_needs_a_reason(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    with pytest.raises(InvalidCommand) as caught:
        app.withdraw_claim(WithdrawClaim("withdraw", claim.id, " "))
    assert fields_of(caught.value) == ["reason"]


@pytest.mark.parametrize("closing", ["withdraw", "reject"])
def test_withdrawing_or_rejecting_an_assessed_claim_releases_its_benefits(
    app: ClaimsApplication, journeys: Journeys, insured: str, closing: str
) -> None:
    claim = assessed(journeys, insured)
    assert usage(app, insured).total_fen("MEDICAL") == 78000
    if closing == "withdraw":
        closed = app.withdraw_claim(
            WithdrawClaim("close", claim.id, "申请人撤回")
        ).claim
        assert closed.status == "WITHDRAWN"
    else:
        closed = app.reject_claim(
            RejectClaim("close", claim.id, [Reason("FRAUD", "伪造")], "拒赔")
        ).claim
        assert closed.status == "REJECTED"
    assert closed.assessment is None
    assert usage(app, insured) == Usage()
    # The whole annual medical sum is available again to another accident.
    again = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2025, 3, 8),
        invoices=(Invoice("F-900", date(2025, 3, 8), 900000),),
    ).claim
    assert again.assessed_fen == 500000


def test_a_rejected_claim_can_be_reopened_on_appeal_and_then_assessed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    app.reject_claim(
        RejectClaim(
            "reject", claim.id, [Reason("DOCUMENTS_NOT_PROVIDED", "缺结算单")], "拒赔"
        )
    )
    with pytest.raises(StateForbids) as caught:
        app.assess_claim(AssessClaim("too-early", claim.id))
    assert caught.value.code == "CLAIM_CLOSED"
    reopened = app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉：材料已齐")).claim
    assert reopened.status == "READY_FOR_ASSESSMENT"
    assert reopened.rejection is None
    result = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert result.status == "ASSESSED"
    assert result.assessed_fen == 78000
    assert event_names(app, claim.id)[-3:] == ["Rejected", "Reopened", "Assessed"]
    assert usage(app, insured).total_fen("MEDICAL") == 78000


def test_reopening_an_open_claim_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    with pytest.raises(StateForbids) as caught:
        app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉"))
    assert caught.value.code == "CLAIM_ALREADY_OPEN"


def test_a_reassessment_of_a_reopened_paid_claim_replaces_its_old_assessment(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 78000, "BANK-1")
    reopened = app.reopen_claim(ReopenClaim("appeal", claim.id, "补充发票")).claim
    assert reopened.status == "READY_FOR_ASSESSMENT"
    assert reopened.paid_fen == 78000
    more = [Document("MEDICAL_INVOICES", invoices=(Invoice("F-002", FALL, 50000),))]
    app.record_documents(RecordDocuments("more-docs", claim.id, more))
    result = app.assess_claim(AssessClaim("reassess", claim.id)).claim
    # 1,280 + 500 − 400 reimbursed − 100 deductible (once per accident) = 1,280
    assert result.assessed_fen == 128000
    assert result.status == "PARTIALLY_PAID"
    assert [a.total_fen for a in result.superseded] == [78000]
    assert usage(app, insured).total_fen("MEDICAL") == 128000
    assert usage(app, insured).deductible_used(claim.accident_id) == 10000
    paid = pay(journeys, claim.id, 50000, "BANK-2")
    assert paid.status == "PAID"
    assert usage(app, insured).total_fen("MEDICAL") == 128000


def test_a_reassessment_below_the_amount_paid_leaves_280_to_recover_holding_the_limit(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """I2, I7: nothing else on the claim or its accident absorbs the excess."""
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 78000, "BANK-1")
    app.reopen_claim(ReopenClaim("appeal", claim.id, "复核"))
    negotiated = Override("MEDICAL", AMOUNT, 50000, "SUPERVISOR_APPROVAL", "协商赔付")
    result = app.assess_claim(AssessClaim("reassess", claim.id, [negotiated])).claim
    assert result.status == "PAID" and result.assessed_fen == 50000
    assert result.to_recover_fen == 28000
    assert usage(app, insured).total_fen("MEDICAL") == 78000
    recovered = app.record_recovery(
        RecordRecovery("refund", claim.id, 28000, "REFUND-1")
    ).claim
    assert recovered.to_recover_fen == 0 and recovered.recovered_fen == 28000
    assert recovered.status == "PAID"
    assert usage(app, insured).total_fen("MEDICAL") == 50000


def test_a_recovery_above_what_is_to_recover_is_refused_and_writes_nothing(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = assessed(journeys, insured)
    pay(journeys, claim.id, 78000, "BANK-1")
    before = notifications(app)
    with pytest.raises(StateForbids) as caught:
        app.record_recovery(RecordRecovery("refund", claim.id, 100, "REFUND-1"))
    assert caught.value.code == "NOTHING_TO_RECOVER"
    assert notifications(app) == before


# -- invoices ----------------------------------------------------------------------


def test_an_invoice_already_claimed_on_another_claim_of_the_person_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    ready(journeys, insured)
    second = journeys.report(insured, ["MEDICAL"], date(2025, 3, 8)).claim
    docs = documents_for(
        ["MEDICAL"],
        date(2025, 3, 8),
        invoices=(Invoice("F-777", date(2025, 3, 8), 1000), F001),
    )
    before = notifications(app)
    with pytest.raises(InvalidCommand) as caught:
        app.record_documents(RecordDocuments("docs-2", second.id, docs))
    assert fields_of(caught.value) == [
        f"documents[{invoice_index(docs)}].invoices[1].number"
    ]
    assert notifications(app) == before


def test_another_person_may_present_the_same_invoice_number(
    app: ClaimsApplication, journeys: Journeys, insured: str, roster: InMemoryRoster
) -> None:
    ready(journeys, insured)
    other = resident_id(5)
    roster.enrol(other, SCHEME_START)
    theirs = ready(journeys, other)
    assert theirs.status == "READY_FOR_ASSESSMENT"
    assert [i.number for i in theirs.facts.invoices] == ["F-001"]


def test_the_same_invoice_twice_on_one_claim_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    twice = documents_for(["MEDICAL"], FALL, invoices=(F001, F001))
    with pytest.raises(InvalidCommand) as caught:
        app.record_documents(RecordDocuments("docs", claim.id, twice))
    assert fields_of(caught.value) == [
        f"documents[{invoice_index(twice)}].invoices[1].number"
    ]
    app.record_documents(
        RecordDocuments(
            "docs", claim.id, documents_for(["MEDICAL"], FALL, invoices=(F001,))
        )
    )
    before = notifications(app)
    again = [Document("MEDICAL_INVOICES", invoices=(F001,))]
    with pytest.raises(InvalidCommand) as caught:
        app.record_documents(RecordDocuments("docs-again", claim.id, again))
    assert fields_of(caught.value) == ["documents[0].invoices[0].number"]
    assert notifications(app) == before


# -- statutory due dates -----------------------------------------------------------


def test_the_decision_is_due_30_days_after_documents_are_complete(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    assert app.due_dates(claim).decision_due is None
    clock.set(date(2024, 11, 20))
    claim = app.record_documents(
        RecordDocuments(
            "docs",
            claim.id,
            documents_for(["MEDICAL"], FALL, invoices=(F001,)),
            received_on=date(2024, 11, 18),
        ),
    ).claim
    dues = app.due_dates(claim)
    assert dues is not None
    assert dues.decision_due == date(2024, 12, 18)
    assert dues.advance_payment_due == date(2025, 1, 17)
    assert dues.payment_due is None
    assert dues.rejection_notice_due is None


def test_payment_is_due_10_days_after_the_assessment(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = ready(journeys, insured)
    clock.set(date(2024, 12, 25))
    claim = app.assess_claim(AssessClaim("assess", claim.id)).claim
    dues = app.due_dates(claim)
    assert dues is not None
    assert dues.payment_due == date(2025, 1, 4)
    assert dues.decision_due is None
    claim = pay(journeys, claim.id, 78000, "BANK-1")
    assert app.due_dates(claim).payment_due is None


def test_a_rejection_notice_is_due_3_days_after_the_rejection(
    app: ClaimsApplication, journeys: Journeys, clock: Clock, insured: str
) -> None:
    claim = ready(journeys, insured)
    clock.set(date(2024, 12, 30))
    claim = app.reject_claim(
        RejectClaim("reject", claim.id, [Reason("FRAUD", "伪造")], "拒赔")
    ).claim
    dues = app.due_dates(claim)
    assert dues is not None
    assert dues.rejection_notice_due == date(2025, 1, 2)
    assert dues.decision_due is None


def test_an_automatic_rejection_at_report_is_notified_within_3_days(
    app: ClaimsApplication, journeys: Journeys
) -> None:
    claim = journeys.report(resident_id(2), ["MEDICAL"], FALL).claim
    assert app.due_dates(claim).rejection_notice_due == date(2024, 11, 6)


# -- versions ----------------------------------------------------------------------


def test_get_claim_at_a_version_returns_the_claim_as_it_was_then(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    reported = journeys.report(insured, ["MEDICAL"], FALL).claim
    documented = app.record_documents(
        RecordDocuments(
            "docs", reported.id, documents_for(["MEDICAL"], FALL, invoices=(F001,))
        )
    ).claim
    assessed_claim = app.assess_claim(AssessClaim("assess", reported.id)).claim
    assert (reported.version, documented.version, assessed_claim.version) == (1, 2, 3)
    assert app.get_claim(reported.id, version=1) == reported
    assert app.get_claim(reported.id, version=1).status == "AWAITING_DOCUMENTS"
    assert app.get_claim(reported.id, version=2) == documented
    assert app.get_claim(reported.id, version=2).status == "READY_FOR_ASSESSMENT"
    assert app.get_claim(reported.id, version=3) == assessed_claim
    assert app.get_claim(reported.id) == assessed_claim


def test_get_claim_of_an_unknown_claim_or_version_is_not_found(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    with pytest.raises(NotFound):
        app.get_claim(uuid4())
    with pytest.raises(NotFound):
        app.get_claim(claim.id, version=2)
    with pytest.raises(NotFound):
        app.get_claim(claim.id, version=0)
    with pytest.raises(NotFound):  # an accident is not a claim
        app.get_claim(claim.accident_id)


# -- idempotency -------------------------------------------------------------------


def test_repeating_every_command_with_its_request_id_replays_the_first_outcome(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    clock.set(FALL)
    docs = documents_for(["MEDICAL"], FALL, invoices=(F001,))
    steps = [
        lambda claim_id: app.report_claim(
            ReportClaim(
                "r-report", insured, "张建国", ["MEDICAL"], accident=accident(FALL)
            )
        ),
        lambda claim_id: app.record_documents(
            RecordDocuments("r-docs", claim_id, docs)
        ),
        lambda claim_id: app.assess_claim(AssessClaim("r-assess", claim_id)),
        lambda claim_id: app.record_payment(
            RecordPayment("r-pay-1", claim_id, 30000, "BANK-1")
        ),
        lambda claim_id: app.reopen_claim(ReopenClaim("r-reopen", claim_id, "复核")),
        lambda claim_id: app.assess_claim(AssessClaim("r-reassess", claim_id)),
        lambda claim_id: app.record_payment(
            RecordPayment("r-pay-2", claim_id, 48000, "BANK-2")
        ),
    ]
    claim_id = Claim.create_id("r-report")
    firsts = []
    for step in steps:
        first = step(claim_id)
        assert not first.replayed
        before = notifications(app)
        again = step(claim_id)
        assert again.replayed
        assert again.claim.id == first.claim.id
        assert again.claim.version == first.claim.version
        assert again.claim == first.claim
        assert notifications(app) == before
        firsts.append(first)
    assert app.get_claim(claim_id).status == "PAID"
    # Long after, each request still replays its own first outcome.
    before = notifications(app)
    for step, first in zip(steps, firsts, strict=True):
        again = step(claim_id)
        assert again.replayed
        assert again.claim == first.claim
    assert notifications(app) == before


@pytest.mark.parametrize("closing", ["reject", "withdraw"])
def test_repeating_a_rejection_or_withdrawal_replays_it(
    app: ClaimsApplication, journeys: Journeys, insured: str, closing: str
) -> None:
    claim = ready(journeys, insured)

    def close():  # type: ignore[no-untyped-def]
        if closing == "reject":
            return app.reject_claim(
                RejectClaim("r-close", claim.id, [Reason("FRAUD", "伪造")], "拒赔")
            )
        return app.withdraw_claim(WithdrawClaim("r-close", claim.id, "撤回"))

    first = close()
    before = notifications(app)
    again = close()
    assert again.replayed
    assert again.claim == first.claim
    assert notifications(app) == before


def test_a_repeated_report_returns_the_same_claim_and_records_one_accident(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    clock.set(FALL)
    first = app.report_claim(
        ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
    )
    before = notifications(app)
    clock.set(date(2024, 11, 5))
    again = app.report_claim(
        ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
    )
    assert again.replayed
    assert again.claim.id == first.claim.id == Claim.create_id("r-1")
    assert again.claim.accident_id == first.claim.accident_id
    assert again.claim.reported_on == FALL
    assert notifications(app) == before


def test_a_request_id_reused_for_another_command_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = ready(journeys, insured)
    app.assess_claim(AssessClaim("r-1", claim.id))
    before = notifications(app)
    with pytest.raises(RequestIdReused):
        app.record_payment(RecordPayment("r-1", claim.id, 100, "BANK-1"))
    with pytest.raises(RequestIdReused):
        app.report_claim(
            ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
        )
    assert notifications(app) == before


def test_a_request_id_reused_with_different_arguments_is_refused(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    app.report_claim(
        ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
    )
    with pytest.raises(RequestIdReused):
        app.report_claim(
            ReportClaim(
                "r-1", insured, "张建国", ["MEDICAL", "DEATH"], accident=accident(FALL)
            )
        )
    with pytest.raises(RequestIdReused):
        app.report_claim(
            ReportClaim(
                "r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL, "CUT")
            )
        )
    # Another accident of the same day (I10).
    claim = assessed(journeys, insured, distinct_accident=True)
    app.record_payment(RecordPayment("r-pay", claim.id, 100, "BANK-1"))
    before = notifications(app)
    with pytest.raises(RequestIdReused):
        app.record_payment(RecordPayment("r-pay", claim.id, 200, "BANK-1"))
    with pytest.raises(RequestIdReused):
        app.record_payment(RecordPayment("r-pay", claim.id, 100, "BANK-2"))
    assert notifications(app) == before


def test_a_report_reused_with_a_different_reported_at_is_refused(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    """reported_at decides prescription (time bar): a report of another date
    under the same request id is a different request, not a repeat."""
    accident_on = date(2024, 11, 1)
    clock.set(date(2026, 12, 1))

    def at(day: date) -> datetime:
        return datetime.combine(day, time(9, 0), CST).astimezone(UTC)

    first = app.report_claim(
        ReportClaim(
            "r-1",
            insured,
            "张建国",
            ["MEDICAL"],
            accident=accident(accident_on),
            reported_at=at(date(2026, 10, 1)),
        ),
    )
    assert first.claim.status == "AWAITING_DOCUMENTS"
    with pytest.raises(RequestIdReused):
        app.report_claim(
            ReportClaim(
                "r-1",
                insured,
                "张建国",
                ["MEDICAL"],
                accident=accident(accident_on),
                reported_at=at(date(2026, 11, 20)),
            ),
        )


def test_a_command_refused_by_the_rules_writes_nothing_and_can_be_retried(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    before = notifications(app)
    with pytest.raises(StateForbids):
        app.assess_claim(AssessClaim("r-assess", claim.id))
    with pytest.raises(StateForbids):
        app.record_payment(RecordPayment("r-pay", claim.id, 78000, "BANK-1"))
    assert notifications(app) == before
    app.record_documents(
        RecordDocuments(
            "r-docs", claim.id, documents_for(["MEDICAL"], FALL, invoices=(F001,))
        )
    )
    retried = app.assess_claim(AssessClaim("r-assess", claim.id))
    assert not retried.replayed
    assert retried.claim.status == "ASSESSED"
    paid = app.record_payment(RecordPayment("r-pay", claim.id, 78000, "BANK-1"))
    assert not paid.replayed
    assert paid.claim.status == "PAID"
    assert app.record_payment(
        RecordPayment("r-pay", claim.id, 78000, "BANK-1")
    ).replayed


def test_an_invalid_command_writes_no_receipt(
    app: ClaimsApplication, clock: Clock, insured: str
) -> None:
    clock.set(FALL)
    with pytest.raises(InvalidCommand):
        app.report_claim(
            ReportClaim("r-1", insured, " ", ["MEDICAL"], accident=accident(FALL))
        )
    fixed = app.report_claim(
        ReportClaim("r-1", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
    )
    assert not fixed.replayed
    assert fixed.claim.insured_name == "张建国"


def test_a_blank_request_id_is_refused(app: ClaimsApplication, insured: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        app.report_claim(
            ReportClaim(" ", insured, "张建国", ["MEDICAL"], accident=accident(FALL))
        )
    assert fields_of(caught.value) == ["request_id"]


def test_allowance_stays_documented_over_two_claims_count_each_day_once(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first = journeys.assessed(
        insured,
        ["HOSPITAL_ALLOWANCE"],
        date(2025, 1, 5),
        stays=(HospitalStay(date(2025, 1, 5), date(2025, 1, 17)),),
    ).claim
    second = journeys.assessed(
        insured,
        ["HOSPITAL_ALLOWANCE"],
        date(2025, 1, 10),
        stays=(HospitalStay(date(2025, 1, 10), date(2025, 1, 20)),),
    ).claim
    assert first.assessed_fen == 12 * 3000
    assert second.assessed_fen == 3 * 3000
    assert len(usage(app, insured).days) == 15

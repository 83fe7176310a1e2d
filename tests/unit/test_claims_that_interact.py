"""Claims that interact (scheme-2024.md section 6), one test per rule or
example: I5 the top-up's 100 % payout, I8 overrides of inputs, I9 appraisals,
I12 prescription per line, I13 a reopened claim's decision clock."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.benefits import BenefitLine, FullPayout
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    ReopenClaim,
    WithdrawClaim,
)
from adjudication.domain.coverage import Coverage
from adjudication.domain.errors import InvalidCommand, StateForbids
from adjudication.domain.facts import Document, Invoice
from adjudication.domain.overrides import GRADE, Override
from tests.builders import (
    Journeys,
    appraisal_documents,
    common_documents,
    documents_for,
)

SCHEME = "xiangning-2024"
FALL = date(2024, 12, 1)
EYE_GRADE_7 = "2.1-07"  # 一侧眼球缺失
FOOT_GRADE_7 = "7.5-05"  # 一足跗跖关节以上缺失
GRADE_5 = "7.1-11"
GRADE_8 = "7.5-06"


def line(claim: Claim, benefit: str) -> BenefitLine:
    assert claim.assessment is not None, claim.rejection
    return next(x for x in claim.assessment.lines if x.benefit == benefit)


def events(app: ClaimsApplication, claim_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(claim_id)]


# -- I5 the top-up's 100 % payout ----------------------------------------------------


def example_12(journeys: Journeys, insured: str, died_on: date) -> Claim:
    """Grade-1 disability 30,000 and 2,900 of medical on one claim, paid
    30,000 on 2025-02-10 (all of it to DISABILITY) and the medical rest on
    2025-03-20; then the death claim of that fall."""
    app = journeys.app
    claim = journeys.assessed(
        insured,
        ["DISABILITY", "MEDICAL"],
        FALL,
        assessed_on=date(2025, 2, 1),
        items=("1.3-01",),
        invoices=(Invoice("F-12", FALL, 300000),),
    ).claim
    assert claim.assessed_fen == 3290000
    journeys.clock.set(date(2025, 2, 10))
    first = app.record_payment(RecordPayment("p-1", claim.id, 3000000, "B-1")).claim
    assert [(x.benefit, x.amount_fen) for x in first.payments[0].benefits] == [
        ("DISABILITY", 3000000)
    ]
    journeys.clock.set(date(2025, 3, 20))
    app.record_payment(RecordPayment("p-2", claim.id, 290000, "B-2"))
    return journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        accident_id=claim.accident_id,
        assessed_on=date(2025, 4, 15),
        died_on=died_on,
    ).claim


def test_example_12_the_top_up_runs_from_the_payment_that_paid_the_disability(
    journeys: Journeys, insured: str
) -> None:
    death = example_12(journeys, insured, died_on=date(2025, 3, 5))
    assert line(death, "TOP_UP").amount_fen == 3000000
    assert "paid on 2025-02-10" in line(death, "TOP_UP").explanation


def test_example_12_a_death_a_month_after_that_payment_gets_no_top_up(
    journeys: Journeys, insured: str
) -> None:
    death = example_12(journeys, insured, died_on=date(2025, 4, 10))
    assert line(death, "TOP_UP").amount_fen == 0
    assert line(death, "TOP_UP").reason_code == "TOP_UP_WINDOW_PASSED"


def test_i5_the_100_percent_payout_is_recorded_once_a_later_one_never_moves_it() -> (
    None
):
    coverage = Coverage(uuid4(), SCHEME, "141029197005170014")
    fall, claim = uuid4(), uuid4()
    coverage.record_full_payout(
        claim, FullPayout(fall, "DISABILITY", date(2025, 2, 10))
    )
    coverage.record_full_payout(claim, FullPayout(fall, "DISABILITY", date(2025, 4, 1)))
    coverage.record_full_payout(claim, FullPayout(fall, "BURN", date(2025, 4, 1)))
    assert [(p.benefit, p.paid_on) for p in coverage.full_payouts] == [
        ("DISABILITY", date(2025, 2, 10)),
        ("BURN", date(2025, 4, 1)),
    ]


# -- I9 appraisals -----------------------------------------------------------------


def test_i9_eye_and_foot_grade_7_on_two_appraisals_of_one_claim_pay_grade_6_15000(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Two grade-7 items, one on each appraisal document of the claim: one set,
    promoted to grade 6, 50 % of 30,000 (not 12,000 for the latest alone)."""
    claim = journeys.report(insured, ["DISABILITY"], FALL).claim
    journeys.clock.set(date(2025, 5, 30))
    documents = [
        *common_documents(FALL),
        *appraisal_documents(EYE_GRADE_7, on=date(2025, 5, 20)),
        *appraisal_documents(FOOT_GRADE_7, on=date(2025, 5, 28)),
    ]
    app.record_documents(RecordDocuments(journeys.request_id(), claim.id, documents))
    claim = app.assess_claim(AssessClaim(journeys.request_id(), claim.id)).claim
    disability = line(claim, "DISABILITY")
    assert disability.amount_fen == 1500000
    assert disability.ratio_percent == 50
    assert "promote to grade 6" in disability.explanation
    assert "2 appraisals as one set" in disability.explanation


def test_i9_an_item_on_two_appraisals_of_one_claim_is_graded_once(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """The same eye item restated by a second appraisal is one item: grade 7,
    not two grade-7 items promoted to grade 6."""
    claim = journeys.report(insured, ["DISABILITY"], FALL).claim
    journeys.clock.set(date(2025, 5, 30))
    documents = [
        *common_documents(FALL),
        *appraisal_documents(EYE_GRADE_7, on=date(2025, 5, 20)),
        *appraisal_documents(EYE_GRADE_7, on=date(2025, 5, 28)),
    ]
    app.record_documents(RecordDocuments(journeys.request_id(), claim.id, documents))
    claim = app.assess_claim(AssessClaim(journeys.request_id(), claim.id)).claim
    assert line(claim, "DISABILITY").amount_fen == 1200000


def test_i9_a_more_severe_appraisal_on_a_later_claim_pays_the_difference(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Grade 7 (40 %, 12,000) on the first claim; grade 5 (60 %) on a later
    claim of the same fall pays 60 % − 40 % = 6,000; the first stays 12,000."""
    first = journeys.assessed(insured, ["DISABILITY"], FALL, items=(EYE_GRADE_7,))
    first_events = events(app, first.claim.id)
    later = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=first.claim.accident_id,
        assessed_on=date(2025, 5, 30),
        items=(GRADE_5,),
    ).claim
    disability = line(later, "DISABILITY")
    assert disability.amount_fen == 600000
    assert "less 40 % already assessed for this accident" in disability.explanation
    assert app.get_claim(first.claim.id).assessed_fen == 1200000
    assert events(app, first.claim.id) == first_events
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    assert coverage.usage().ratio_for(later.accident_id, "DISABILITY") == 60


def test_i9_a_less_severe_appraisal_on_a_later_claim_is_decided_at_0_changing_nothing(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Grade 5 (60 %, 18,000) decided on the first claim; a later claim of the
    same fall with a grade-8 appraisal (and an invoice) is decided with
    DISABILITY 0: the first claim, the accident's 60 % and its 18,000 stay, and
    a death of that fall is still reduced by 18,000 only."""
    first = journeys.assessed(insured, ["DISABILITY"], FALL, items=(GRADE_5,)).claim
    first_events = events(app, first.id)
    later = journeys.assessed(
        insured,
        ["DISABILITY", "MEDICAL"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 5, 30),
        items=(GRADE_8,),
        invoices=(Invoice("F-I9", FALL, 30000),),
    ).claim
    disability = line(later, "DISABILITY")
    assert disability.amount_fen == 0
    assert disability.reason_code == "NOTHING_MORE_DUE"
    assert "30 %, less 60 % already assessed" in disability.explanation
    assert line(later, "MEDICAL").amount_fen == 20000
    assert events(app, first.id) == first_events
    assert app.get_claim(first.id).assessed_fen == 1800000
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    usage = coverage.usage()
    assert usage.ratio_for(first.accident_id, "DISABILITY") == 60
    assert usage.fen_for(first.accident_id, "DISABILITY") == 1800000
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 5, 30),
        died_on=date(2025, 5, 29),
    ).claim
    assert line(death, "DEATH").amount_fen == 1200000


def test_i9_a_less_severe_appraisal_alone_on_a_later_claim_is_decided_at_0(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """The same, with the grade-8 appraisal the later claim's only line: the
    claim is decided at 0 (I6), not rejected, and the first claim is as it was."""
    first = journeys.assessed(insured, ["DISABILITY"], FALL, items=(GRADE_5,)).claim
    later = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 5, 30),
        items=(GRADE_8,),
    ).claim
    assert later.status == "DECIDED_AT_ZERO"
    assert line(later, "DISABILITY").reason_code == "NOTHING_MORE_DUE"
    assert app.get_claim(first.id).assessed_fen == 1800000


def test_i9_a_withdrawn_claim_s_grade_is_not_the_accident_s(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """The accident's grade is the most severe on its live claims: after the
    grade-5 claim is withdrawn, a grade-7 appraisal of the fall pays 12,000."""
    first = journeys.assessed(insured, ["DISABILITY"], FALL, items=(GRADE_5,)).claim
    app.withdraw_claim(WithdrawClaim(journeys.request_id(), first.id, "撤回"))
    later = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 5, 30),
        items=(EYE_GRADE_7,),
    ).claim
    assert line(later, "DISABILITY").amount_fen == 1200000


# -- I12 prescription per line (保险法 第二十六条) -------------------------------------


def test_i12_a_death_6_months_on_claimed_2_years_5_days_after_the_accident_is_in_time(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """The issue's example: the death prescribes from the date of death
    (2025-05-25, to 2027-05-25), not from the accident: reported on
    2026-12-06 the claim is not refused at report, and DEATH pays 30,000."""
    reported = journeys.report(
        insured, ["DEATH"], FALL, reported_on=date(2026, 12, 6)
    ).claim
    assert reported.status == "AWAITING_DOCUMENTS"
    claim = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2026, 12, 6),
        died_on=date(2025, 5, 25),
        distinct_accident=True,
    ).claim
    assert line(claim, "DEATH").amount_fen == 3000000


def test_i12_a_death_claim_2_years_after_the_death_is_time_barred_at_assessment(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Death on 2024-12-20, reported 2026-12-21: not refused at report (the
    date of death is not known yet), rejected TIME_BARRED once the death
    certificate shows it, naming both dates."""
    reported = journeys.report(
        insured, ["DEATH"], FALL, reported_on=date(2026, 12, 21)
    ).claim
    assert reported.rejection is None
    claim = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2026, 12, 21),
        died_on=date(2024, 12, 20),
        distinct_accident=True,
    ).claim
    assert claim.rejection is not None
    assert [r.code for r in claim.rejection.reasons] == ["TIME_BARRED"]
    text = claim.rejection.reasons[0].text
    assert "reported on 2026-12-21" in text
    assert "prescribed on 2026-12-20" in text
    assert "the death on 2024-12-20" in text


def test_i12_a_death_claim_reported_on_the_second_anniversary_of_the_death_is_in_time(
    journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2026, 12, 20),
        died_on=date(2024, 12, 20),
    ).claim
    assert line(claim, "DEATH").amount_fen == 3000000


def test_i12_each_line_is_time_barred_on_its_own(
    journeys: Journeys, insured: str
) -> None:
    """MEDICAL prescribes from the accident (2024-12-01, to 2026-12-01), DEATH
    from the death (2025-05-25): reported 2026-12-06, MEDICAL is 0 TIME_BARRED
    and DEATH pays 30,000; the claim is assessed, not rejected."""
    claim = journeys.assessed(
        insured,
        ["DEATH", "MEDICAL"],
        FALL,
        assessed_on=date(2026, 12, 6),
        died_on=date(2025, 5, 25),
        invoices=(Invoice("F-I12", FALL, 128000, 40000),),
    ).claim
    medical = line(claim, "MEDICAL")
    assert medical.amount_fen == 0
    assert medical.reason_code == "TIME_BARRED"
    assert "prescribed on 2026-12-01" in medical.explanation
    assert "the accident on 2024-12-01" in medical.explanation
    assert line(claim, "DEATH").amount_fen == 3000000
    assert claim.assessed_fen == 3000000


def test_i12_disability_prescribes_from_the_latest_appraisal(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Appraisals of 2025-03-01 and 2025-05-28: reported on 2027-05-28, the
    second anniversary of the latest, DISABILITY is in time; a day later it is
    time-barred and, being the claim's only line, the claim is rejected."""
    results = []
    for reported_on in (date(2027, 5, 28), date(2027, 5, 29)):
        claim = journeys.report(
            insured,
            ["DISABILITY"],
            FALL,
            reported_on=reported_on,
            distinct_accident=True,
        ).claim
        assert claim.rejection is None
        documents = [
            *common_documents(FALL),
            *appraisal_documents(EYE_GRADE_7, on=date(2025, 3, 1)),
            *appraisal_documents(EYE_GRADE_7, on=date(2025, 5, 28)),
        ]
        app.record_documents(
            RecordDocuments(journeys.request_id(), claim.id, documents)
        )
        results.append(
            app.assess_claim(AssessClaim(journeys.request_id(), claim.id)).claim
        )
    in_time, late = results
    assert line(in_time, "DISABILITY").amount_fen == 1200000
    assert late.rejection is not None
    assert [r.code for r in late.rejection.reasons] == ["TIME_BARRED"]
    assert "the appraisal on 2025-05-28" in late.rejection.reasons[0].text


def test_i12_at_report_only_a_claim_of_accident_dated_benefits_is_time_barred(
    journeys: Journeys, insured: str
) -> None:
    """Reported 2026-12-02, a day after the accident's second anniversary: a
    MEDICAL claim is rejected TIME_BARRED at once; a claim with DEATH or
    DISABILITY too waits for the documents that date those."""
    late = date(2026, 12, 2)
    medical = journeys.report(insured, ["MEDICAL"], FALL, reported_on=late).claim
    assert medical.rejection is not None
    assert [r.code for r in medical.rejection.reasons] == ["TIME_BARRED"]
    for benefits in (["DEATH"], ["DISABILITY"], ["MEDICAL", "DEATH"]):
        claim = journeys.report(
            insured, benefits, FALL, reported_on=late, distinct_accident=True
        ).claim
        assert claim.status == "AWAITING_DOCUMENTS", benefits


# -- I13 a reopened claim's decision clock (保险法 第二十三条) -------------------------

CUT = date(2024, 11, 3)
F001 = Invoice("F-001", CUT, 128000, 40000)


def decided_medical_claim(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> Claim:
    """A medical claim documented completely on 2024-11-18 and assessed."""
    claim = journeys.report(insured, ["MEDICAL"], CUT).claim
    journeys.clock.set(date(2024, 11, 18))
    app.record_documents(
        RecordDocuments(
            journeys.request_id(),
            claim.id,
            documents_for(["MEDICAL"], CUT, invoices=(F001,)),
        )
    )
    return app.assess_claim(AssessClaim(journeys.request_id(), claim.id)).claim


def test_i13_a_claim_reopened_40_days_after_complete_documents_is_not_overdue_that_day(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Reopened on 2024-12-28 awaiting a new invoice: nothing is due while it
    waits (the 30 days of 2024-11-18 are not counted again); the invoice comes
    on 2025-01-10, and the decision is due on 2025-02-09."""
    claim = decided_medical_claim(app, journeys, insured)
    journeys.clock.set(date(2024, 12, 28))
    reopened = app.reopen_claim(
        ReopenClaim(journeys.request_id(), claim.id, "补充发票", ["MEDICAL_INVOICES"])
    ).claim
    assert reopened.status == "AWAITING_DOCUMENTS"
    assert reopened.missing_documents == ("MEDICAL_INVOICES",)
    assert reopened.awaited_documents == ("MEDICAL_INVOICES",)
    assert reopened.documents_complete_on is None
    assert app.due_dates(reopened).decision_due is None
    with pytest.raises(StateForbids) as caught:
        app.assess_claim(AssessClaim(journeys.request_id(), claim.id))
    assert caught.value.code == "DOCUMENTS_MISSING"
    journeys.clock.set(date(2025, 1, 10))
    invoice = Invoice("F-002", CUT, 50000)
    received = app.record_documents(
        RecordDocuments(
            journeys.request_id(),
            claim.id,
            [Document("MEDICAL_INVOICES", invoices=(invoice,))],
        )
    ).claim
    assert received.status == "READY_FOR_ASSESSMENT"
    assert received.missing_documents == ()
    assert received.documents_complete_on == date(2025, 1, 10)
    assert app.due_dates(received).decision_due == date(2025, 2, 9)
    assert app.due_dates(received).advance_payment_due == date(2025, 3, 11)


def test_i13_a_claim_reopened_awaiting_nothing_is_due_30_days_after_the_reopening(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = decided_medical_claim(app, journeys, insured)
    journeys.clock.set(date(2024, 12, 28))
    reopened = app.reopen_claim(
        ReopenClaim(journeys.request_id(), claim.id, "复核")
    ).claim
    assert reopened.status == "READY_FOR_ASSESSMENT"
    assert reopened.documents_complete_on == date(2024, 12, 28)
    assert app.due_dates(reopened).decision_due == date(2025, 1, 27)


def test_i13_the_awaited_documents_are_kinds_of_the_scheme_s_checklist_each_once(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = decided_medical_claim(app, journeys, insured)
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidCommand) as caught:
        app.reopen_claim(
            ReopenClaim(
                journeys.request_id(),
                claim.id,
                "补充材料",
                ["MEDICAL_INVOICES", "PHOTO", "MEDICAL_INVOICES"],
            )
        )
    assert [v.field for v in caught.value.violations] == [
        "awaited_documents[1]",
        "awaited_documents[2]",
    ]
    assert "unknown document kind 'PHOTO'" in caught.value.violations[0].description
    assert app.recorder.max_notification_id() == before


def test_i13_documents_dated_before_the_reopening_start_the_clock_at_the_reopening(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """An awaited invoice recorded with a receipt date before the reopening
    cannot start the decision clock before the reopening."""
    claim = decided_medical_claim(app, journeys, insured)
    journeys.clock.set(date(2024, 12, 28))
    app.reopen_claim(
        ReopenClaim(journeys.request_id(), claim.id, "补充发票", ["MEDICAL_INVOICES"])
    )
    invoice = Invoice("F-003", CUT, 20000)
    received = app.record_documents(
        RecordDocuments(
            journeys.request_id(),
            claim.id,
            [Document("MEDICAL_INVOICES", invoices=(invoice,))],
            received_on=date(2024, 12, 20),
        )
    ).claim
    assert received.documents_complete_on == date(2024, 12, 28)


def test_i13_a_reopening_stored_before_awaited_documents_existed_still_loads(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """A Reopened event without the attribute folds as awaiting nothing."""
    claim = decided_medical_claim(app, journeys, insured)
    journeys.clock.set(date(2024, 12, 28))
    app.reopen_claim(ReopenClaim(journeys.request_id(), claim.id, "复核"))
    records = app.recorder.select_events(claim.id)
    reopened = records[-1]
    assert reopened.topic.endswith("Claim.Reopened")
    mapper = app.mapper
    assert mapper.cipher is not None and mapper.compressor is not None
    state = mapper.transcoder.decode(
        mapper.compressor.decompress(mapper.cipher.decrypt(reopened.state))
    )
    del state["awaited_documents"]
    old = type(reopened)(
        reopened.originator_id,
        reopened.originator_version,
        reopened.topic,
        mapper.cipher.encrypt(
            mapper.compressor.compress(mapper.transcoder.encode(state))
        ),
    )
    events = [app.mapper.to_domain_event(r) for r in [*records[:-1], old]]
    folded = None
    for event in events:
        folded = event.mutate(folded)
    assert isinstance(folded, Claim)
    assert folded.awaited_documents == ()
    assert folded.status == "READY_FOR_ASSESSMENT"
    assert folded.documents_complete_on == date(2024, 12, 28)


# -- I1, I3, I4: the accident as a whole ------------------------------------------


def test_example_9_death_assessed_first_then_disability_death_is_recomputed_to_12000(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2025, 2, 15),
        died_on=date(2025, 2, 9),  # 70 days after the fall
    ).claim
    assert line(death, "DEATH").amount_fen == 3000000
    disability = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=death.accident_id,
        assessed_on=date(2025, 2, 20),
        items=(GRADE_5,),
    ).claim
    assert line(disability, "DISABILITY").amount_fen == 1800000
    recomputed = app.get_claim(death.id)
    assert line(recomputed, "DEATH").amount_fen == 1200000
    assert events(app, death.id)[-1] == "RelatedClaimChanged"
    changed = list(app.events.get(death.id))[-1]
    assert (changed.before_fen, changed.after_fen) == (3000000, 1200000)
    assert changed.reason == "RELATED_CLAIM_CHANGED"
    assert changed.cause_claim_id == disability.id
    assert changed.changed_on == date(2025, 2, 20)
    assert recomputed.assessed_fen + disability.assessed_fen == 3000000


def test_example_10_disability_withdrawn_the_paid_death_claim_owes_18000_more(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    disability = journeys.assessed(
        insured, ["DISABILITY"], FALL, assessed_on=date(2025, 1, 20), items=(GRADE_5,)
    ).claim
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        accident_id=disability.accident_id,
        assessed_on=date(2025, 3, 1),
        died_on=date(2025, 2, 25),
    ).claim
    assert line(death, "DEATH").amount_fen == 1200000
    journeys.pay_in_full(death.id, date(2025, 3, 5))
    journeys.clock.set(date(2025, 3, 10))
    app.withdraw_claim(WithdrawClaim("withdraw", disability.id, "家属撤回伤残索赔"))
    after = app.get_claim(death.id)
    assert line(after, "DEATH").amount_fen == 3000000
    assert after.paid_fen == 1200000
    assert after.status == "PARTIALLY_PAID"


def test_i3_a_claim_decided_first_keeps_its_share_when_a_later_one_is_reassessed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Grade 5 first (18,000), grade 7 later (0): reassessing the later claim
    never takes the first claim's ratio away from it."""
    first = journeys.assessed(insured, ["DISABILITY"], FALL, items=(GRADE_5,)).claim
    later = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 4, 1),
        items=(EYE_GRADE_7,),
    ).claim
    journeys.clock.set(date(2025, 4, 2))
    app.reopen_claim(ReopenClaim("reopen", later.id, "复核"))
    app.assess_claim(AssessClaim("again", later.id))
    assert app.get_claim(first.id).assessed_fen == 1800000
    assert events(app, first.id)[-1] != "RelatedClaimChanged"


# -- I8 overrides change inputs, and what follows is recomputed ----------------------


def grade_5_overridden_on_appeal_to_grade_8(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> Claim:
    """Worked example 13's disability claim: grade 5 computed (18,000), then
    reopened on appeal and reassessed at grade 8 (9,000, APPEAL_DECISION)."""
    claim = journeys.assessed(
        insured, ["DISABILITY"], FALL, assessed_on=date(2025, 1, 20), items=(GRADE_5,)
    ).claim
    assert claim.assessed_fen == 1800000
    journeys.clock.set(date(2025, 2, 1))
    app.reopen_claim(ReopenClaim(journeys.request_id(), claim.id, "申诉"))
    grade_8 = Override("DISABILITY", GRADE, 8, "APPEAL_DECISION", "复核评定为八级")
    claim = app.assess_claim(
        AssessClaim(journeys.request_id(), claim.id, [grade_8])
    ).claim
    disability = line(claim, "DISABILITY")
    assert disability.amount_fen == 900000
    assert (disability.computed_input, disability.overridden_input) == (5, 8)
    return claim


def test_example_13_a_grade_8_override_leaves_21000_for_a_later_death_claim(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    disability = grade_5_overridden_on_appeal_to_grade_8(app, journeys, insured)
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        accident_id=disability.accident_id,
        assessed_on=date(2025, 3, 1),
        died_on=date(2025, 2, 25),
    ).claim
    assert line(death, "DEATH").amount_fen == 2100000  # 30,000 − 9,000
    # the override stays: recomputing the accident keeps grade 8
    kept = line(app.get_claim(disability.id), "DISABILITY")
    assert (kept.amount_fen, kept.overridden_input) == (900000, 8)
    assert events(app, disability.id)[-1] != "RelatedClaimChanged"


def test_example_13_re_appraised_at_grade_5_later_pays_18000_less_9000(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first = grade_5_overridden_on_appeal_to_grade_8(app, journeys, insured)
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    assert coverage.usage().ratio_for(first.accident_id, "DISABILITY") == 30
    later = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=first.accident_id,
        assessed_on=date(2025, 5, 30),
        items=(GRADE_5,),
    ).claim
    disability = line(later, "DISABILITY")
    assert disability.amount_fen == 900000  # 60 % − 30 % of 30,000
    assert "less 30 % already assessed for this accident" in disability.explanation
    assert app.get_claim(first.id).assessed_fen == 900000


def test_i8_a_grade_override_recomputes_death_on_another_claim_of_the_accident(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Death assessed first (30,000); a disability claim assessed at grade 8
    over the appraisal's grade 5 leaves DEATH 21,000, not 12,000."""
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2025, 2, 15),
        died_on=date(2025, 2, 9),
    ).claim
    disability = journeys.report(
        insured, ["DISABILITY"], accident_id=death.accident_id
    ).claim
    journeys.clock.set(date(2025, 2, 20))
    app.record_documents(
        RecordDocuments(
            journeys.request_id(),
            disability.id,
            documents_for(["DISABILITY"], FALL, items=(GRADE_5,)),
        )
    )
    grade_8 = Override("DISABILITY", GRADE, 8, "COURT_RULING", "法院判决八级")
    app.assess_claim(AssessClaim(journeys.request_id(), disability.id, [grade_8]))
    recomputed = app.get_claim(death.id)
    assert line(recomputed, "DEATH").amount_fen == 2100000
    changed = list(app.events.get(death.id))[-1]
    assert changed.reason == "RELATED_CLAIM_CHANGED"
    assert (changed.before_fen, changed.after_fen) == (3000000, 2100000)


def test_i8_an_override_stays_until_replaced_and_a_new_one_replaces_it(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    disability = grade_5_overridden_on_appeal_to_grade_8(app, journeys, insured)
    journeys.clock.set(date(2025, 3, 1))
    app.reopen_claim(ReopenClaim(journeys.request_id(), disability.id, "再次申诉"))
    grade_6 = Override("DISABILITY", GRADE, 6, "APPEAL_DECISION", "再次复核为六级")
    again = app.assess_claim(
        AssessClaim(journeys.request_id(), disability.id, [grade_6])
    ).claim
    replaced = line(again, "DISABILITY")
    assert (replaced.amount_fen, replaced.ratio_percent) == (1500000, 50)
    assert replaced.override_reason_text == "再次复核为六级"

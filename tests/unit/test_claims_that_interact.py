"""Claims that interact (scheme-2024.md section 6), one test per rule or
example: I9 appraisals, I12 prescription per line, I13 a reopened claim's
decision clock."""

from datetime import date
from uuid import UUID

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.benefits import BenefitLine
from adjudication.domain.claim import Claim
from adjudication.domain.commands import AssessClaim, RecordDocuments, WithdrawClaim
from adjudication.domain.facts import Invoice
from tests.builders import (
    Journeys,
    appraisal_documents,
    common_documents,
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

"""Nothing payable is a decision, not a rejection (scheme-2024.md §6, I6, 零结案):
a covered person's claim whose lines all come to 0 is decided at 0 with each
line's reason, and it consumes what it consumed."""

from datetime import date

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import RecordPayment
from adjudication.domain.errors import StateForbids
from adjudication.domain.facts import Invoice
from tests.builders import Journeys

CUT = date(2024, 11, 3)


def test_example_11_a_50_clinic_claim_decided_at_0_then_a_200_hospital_claim_pays_150(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    clinic = journeys.assessed(
        insured, ["MEDICAL"], CUT, invoices=(Invoice("V-1", CUT, 5000),)
    ).claim
    assert clinic.status == "DECIDED_AT_ZERO"
    assert clinic.rejection is None
    (line,) = clinic.assessment.lines
    assert (line.amount_fen, line.deductible_fen) == (0, 5000)
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"
    hospital = journeys.assessed(
        insured,
        ["MEDICAL"],
        CUT,
        accident_id=clinic.accident_id,
        assessed_on=date(2024, 11, 20),
        invoices=(Invoice("H-1", CUT, 20000),),
    ).claim
    assert hospital.assessment.lines[0].amount_fen == 15000


def test_a_claim_decided_at_0_owes_nothing_and_its_notice_is_due_in_3_days(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(
        insured, ["MEDICAL"], CUT, invoices=(Invoice("V-1", CUT, 5000),)
    ).claim
    with pytest.raises(StateForbids) as refused:
        app.record_payment(RecordPayment("pay", claim.id, 1, "BANK-1"))
    assert refused.value.code == "NOTHING_OWED"
    due = app.due_dates(claim)
    assert due.rejection_notice_due == date(2024, 11, 6)
    assert due.payment_due is None and due.decision_due is None


def test_an_uncovered_claim_is_still_rejected_not_decided(
    journeys: Journeys, insured: str
) -> None:
    result = journeys.report(insured, ["DEATH"], date(2025, 6, 1), cause="DISEASE")
    assert result.claim.status == "REJECTED"
    assert [r.code for r in result.claim.rejection.reasons] == ["NOT_AN_ACCIDENT"]


def test_a_death_line_at_0_is_no_payment_a_later_death_claim_is_assessed(
    journeys: Journeys, insured: str
) -> None:
    fall = date(2024, 11, 1)
    late = journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        assessed_on=date(2025, 6, 1),
        died_on=date(2025, 5, 30),
    ).claim
    assert late.status == "DECIDED_AT_ZERO"
    assert late.assessment.lines[0].reason_code == "DEATH_AFTER_WINDOW"
    other = journeys.assessed(
        insured,
        ["DEATH"],
        date(2025, 6, 10),
        assessed_on=date(2025, 6, 20),
        died_on=date(2025, 6, 12),
    ).claim
    assert other.assessment.lines[0].amount_fen == 3000000

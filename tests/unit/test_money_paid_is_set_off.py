"""I2 and I7 (scheme-2024.md §6): money paid is never taken back from one claim
to give it to another, it is set off; only what nothing absorbs is to recover,
and it holds its annual limit until a recovery is recorded."""

from datetime import date
from uuid import UUID

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RecordRecovery,
    ReopenClaim,
    WithdrawClaim,
)
from adjudication.domain.errors import InvalidCommand, StateForbids
from adjudication.domain.facts import Document, HospitalStay, Invoice
from adjudication.domain.overrides import ELIGIBLE, Override
from adjudication.domain.set_off import SetOff
from tests.builders import Journeys, stay_documents

SCHEME = "xiangning-2024"
FALL = date(2024, 12, 1)
GRADE_5 = "7.1-11"


def amount(claim: Claim, benefit: str) -> int:
    assert claim.assessment is not None
    return sum(x.amount_fen for x in claim.assessment.lines if x.benefit == benefit)


def medical(app: ClaimsApplication, insured: str) -> int:
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    return coverage.usage().total_fen("MEDICAL")


def death_paid_then_disability(journeys: Journeys, insured: str) -> tuple[UUID, UUID]:
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2025, 2, 15),
        died_on=date(2025, 2, 9),
    ).claim
    journeys.pay_in_full(death.id, date(2025, 2, 16))
    disability = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=death.accident_id,
        assessed_on=date(2025, 2, 20),
        items=(GRADE_5,),
    ).claim
    return death.id, disability.id


def test_example_9_death_paid_30000_then_disability_18000_is_set_off_and_pays_0(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    death_id, disability_id = death_paid_then_disability(journeys, insured)
    death, disability = app.get_claim(death_id), app.get_claim(disability_id)
    assert amount(death, "DEATH") == 1200000
    assert amount(disability, "DISABILITY") == 1800000
    set_off = SetOff(death_id, "DEATH", disability_id, "DISABILITY", 1800000)
    assert death.settlement.set_offs == disability.settlement.set_offs == (set_off,)
    assert disability.outstanding_fen == 0 and disability.status == "PAID"
    assert death.outstanding_fen == 0 and death.to_recover_fen == 0
    assert death.paid_fen + disability.paid_fen == 3000000  # not 48,000
    event = list(app.events.get(disability_id))[-1]
    assert type(event).__name__ == "SetOffChanged"
    assert "18,000.00 set off from the DEATH payment" in event.explanation  # type: ignore[attr-defined]
    assert event.reason == "SET_OFF"  # type: ignore[attr-defined]
    on_death = list(app.events.get(death_id))[-1]
    assert on_death.reason == "RELATED_CLAIM_CHANGED"  # type: ignore[attr-defined]
    assert on_death.cause_claim_id == disability_id  # type: ignore[attr-defined]


def test_i2_a_payment_set_off_to_another_claim_cannot_be_paid_twice(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    _, disability_id = death_paid_then_disability(journeys, insured)
    with pytest.raises(StateForbids) as caught:
        app.record_payment(RecordPayment("pay", disability_id, 100, "B-9"))
    assert caught.value.code == "ALREADY_PAID"


def test_i4_a_claim_settled_by_a_set_off_can_be_neither_withdrawn_nor_rejected(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    _, disability_id = death_paid_then_disability(journeys, insured)
    with pytest.raises(StateForbids) as caught:
        app.withdraw_claim(WithdrawClaim("withdraw", disability_id, "撤回"))
    assert caught.value.code == "ALREADY_PAID"


def test_i2_a_set_off_against_an_unpaid_claim_is_paid_only_for_the_rest(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """DEATH 30,000 paid 20,000, then grade 5: DEATH owed 12,000, its 8,000
    excess set off; the disability claim owes the other 10,000."""
    death = journeys.assessed(
        insured,
        ["DEATH"],
        FALL,
        assessed_on=date(2025, 2, 15),
        died_on=date(2025, 2, 9),
    ).claim
    app.record_payment(RecordPayment("part", death.id, 2000000, "B-1"))
    disability = journeys.assessed(
        insured,
        ["DISABILITY"],
        FALL,
        accident_id=death.accident_id,
        assessed_on=date(2025, 2, 20),
        items=(GRADE_5,),
    ).claim
    assert disability.outstanding_fen == 1000000
    assert disability.status == "PARTIALLY_PAID"
    assert app.get_claim(death.id).status == "PAID"
    paid = journeys.pay_in_full(disability.id, date(2025, 2, 21)).claim
    assert paid.paid_fen == 1000000 and paid.status == "PAID"


def example_14(
    app: ClaimsApplication, journeys: Journeys, insured: str, with_allowance: bool
) -> Claim:
    """Medical 4,900 paid; reopened and reassessed at MEDICAL 4,000, with the
    allowance of a 30-day stay (900) or without it."""
    claim = journeys.assessed(
        insured,
        ["MEDICAL", "HOSPITAL_ALLOWANCE"],
        FALL,
        invoices=(Invoice("F-14", FALL, 500000),),
        stays=(HospitalStay(FALL, FALL),),
    ).claim
    assert amount(claim, "MEDICAL") == 490000
    assert amount(claim, "HOSPITAL_ALLOWANCE") == 0
    journeys.pay_in_full(claim.id, date(2024, 12, 10))
    journeys.clock.set(date(2025, 1, 5))
    app.reopen_claim(ReopenClaim("appeal", claim.id, "复核"))
    if with_allowance:
        stay = HospitalStay(FALL, date(2024, 12, 31))
        app.record_documents(RecordDocuments("stay", claim.id, stay_documents(stay)))
    # 4,100 eligible on appeal, less the 100 deductible: 4,000 (I8)
    eligible = Override("MEDICAL", ELIGIBLE, 410000, "APPEAL_DECISION", "复核")
    return app.assess_claim(AssessClaim("reassess", claim.id, [eligible])).claim


def test_example_14_reassessed_4000_and_900_allowance_900_set_off_nothing_owed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = example_14(app, journeys, insured, with_allowance=True)
    assert amount(claim, "HOSPITAL_ALLOWANCE") == 90000
    assert claim.settlement.set_offs == (
        SetOff(claim.id, "MEDICAL", claim.id, "HOSPITAL_ALLOWANCE", 90000),
    )
    assert claim.outstanding_fen == 0 and claim.to_recover_fen == 0
    assert claim.status == "PAID"
    assert medical(app, insured) == 400000


def test_example_14_reassessed_4000_alone_900_to_recover_and_another_accident_gets_100(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = example_14(app, journeys, insured, with_allowance=False)
    assert claim.to_recover_fen == 90000 and claim.status == "PAID"
    assert medical(app, insured) == 490000  # held until the recovery
    other = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2025, 1, 6),
        distinct_accident=True,
        invoices=(Invoice("F-15", date(2025, 1, 6), 100000),),
    ).claim
    assert amount(other, "MEDICAL") == 10000
    assert medical(app, insured) == 500000


def test_i7_a_recovery_frees_the_limit_for_claims_decided_afterwards(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = example_14(app, journeys, insured, with_allowance=False)
    journeys.clock.set(date(2025, 1, 6))
    recovered = app.record_recovery(
        RecordRecovery("refund", claim.id, 90000, "REFUND-14")
    ).claim
    assert recovered.to_recover_fen == 0 and recovered.recovered_fen == 90000
    assert [(x.benefit, x.amount_fen) for x in recovered.recoveries[0].benefits] == [
        ("MEDICAL", 90000)
    ]
    assert medical(app, insured) == 400000
    other = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2025, 1, 7),
        distinct_accident=True,
        invoices=(Invoice("F-16", date(2025, 1, 7), 200000),),
    ).claim
    assert amount(other, "MEDICAL") == 100000


def test_i7_a_recovery_is_at_most_what_is_to_recover_and_not_dated_before_it(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = example_14(app, journeys, insured, with_allowance=False)
    before = app.recorder.max_notification_id()
    with pytest.raises(StateForbids) as too_much:
        app.record_recovery(RecordRecovery("r-1", claim.id, 90001, "REFUND-1"))
    assert too_much.value.code == "AMOUNT_EXCEEDS_OVERPAYMENT"
    with pytest.raises(InvalidCommand) as too_early:
        app.record_recovery(
            RecordRecovery("r-2", claim.id, 100, "REFUND-2", date(2025, 1, 4))
        )
    assert [v.field for v in too_early.value.violations] == ["recovered_on"]
    assert app.recorder.max_notification_id() == before
    app.record_recovery(RecordRecovery("r-3", claim.id, 100, "REFUND-3"))
    with pytest.raises(StateForbids) as twice:
        app.record_recovery(RecordRecovery("r-4", claim.id, 100, "REFUND-3"))
    assert twice.value.code == "ALREADY_RECOVERED"


def two_medical_claims(
    app: ClaimsApplication, journeys: Journeys, insured: str, pay_second: bool
) -> tuple[Claim, Claim]:
    """Claim A (3,100 of invoices: 3,000) decided first, claim B (2,000) of
    the same fall: the 5,000 limit is used up; A is paid, B maybe; then A is
    reopened with 1,000 more of invoices."""
    first = journeys.assessed(
        insured, ["MEDICAL"], FALL, invoices=(Invoice("A-1", FALL, 310000),)
    ).claim
    second = journeys.assessed(
        insured,
        ["MEDICAL"],
        FALL,
        accident_id=first.accident_id,
        invoices=(Invoice("B-1", FALL, 200000),),
    ).claim
    journeys.pay_in_full(first.id, date(2024, 12, 5))
    if pay_second:
        journeys.pay_in_full(second.id, date(2024, 12, 5))
    journeys.clock.set(date(2024, 12, 10))
    app.reopen_claim(ReopenClaim("appeal", first.id, "补充发票"))
    more = [Document("MEDICAL_INVOICES", invoices=(Invoice("A-2", FALL, 100000),))]
    app.record_documents(RecordDocuments("more", first.id, more))
    app.assess_claim(AssessClaim("again", first.id))
    return app.get_claim(first.id), app.get_claim(second.id)


def test_i3_a_reassessed_claim_keeps_its_place_and_the_later_unpaid_claim_gives_way(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first, second = two_medical_claims(app, journeys, insured, pay_second=False)
    assert (amount(first, "MEDICAL"), amount(second, "MEDICAL")) == (400000, 100000)
    assert medical(app, insured) == 500000


def test_i3_against_the_limit_a_reassessed_claim_takes_only_what_others_left_unpaid(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    first, second = two_medical_claims(app, journeys, insured, pay_second=True)
    assert (amount(first, "MEDICAL"), amount(second, "MEDICAL")) == (300000, 200000)
    assert second.to_recover_fen == 0 and first.outstanding_fen == 0
    assert medical(app, insured) == 500000

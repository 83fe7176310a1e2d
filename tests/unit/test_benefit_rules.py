"""The benefit rules of scheme-2024.md §2, one test per rule, on the pure
calculators. Earlier claims of the insured are given as a `Usage` built from their
benefit lines (and the 100 % payouts that open the top-up window)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from adjudication.domain.benefits import Benefit, BenefitLine, Case, FullPayout, Usage
from adjudication.domain.benefits.allowance import hospital_allowance
from adjudication.domain.benefits.burn import burn
from adjudication.domain.benefits.death import death, top_up
from adjudication.domain.benefits.disability import disability
from adjudication.domain.benefits.medical import medical
from adjudication.domain.facts import (
    BurnArea,
    BurnDiagnosis,
    ClaimFacts,
    DeathCertificate,
    DisabilityAppraisal,
    HospitalStay,
    Invoice,
)
from adjudication.schemes import load_catalogue
from adjudication.standards import load_disability_standard

SCHEME = load_catalogue().get("xiangning-2024")
STANDARD = load_disability_standard()

CUT = date(2024, 11, 3)  # worked example 1: a hand cut in the field
DAY_180 = CUT + timedelta(days=180)  # 2025-05-02
DAY_181 = CUT + timedelta(days=181)


def case(
    accident_on: date = CUT, accident_id: UUID | None = None, **facts: Any
) -> Case:
    return Case(
        SCHEME, STANDARD, accident_id or uuid4(), accident_on, ClaimFacts(**facts)
    )


def earlier(benefit: Benefit, amount_fen: int, **kw: Any) -> BenefitLine:
    """A line of an earlier claim."""
    return BenefitLine(benefit, amount_fen, "an earlier claim", "xiangning-2024", **kw)


def invoice(issued_on: date, amount_fen: int, reimbursed_fen: int = 0) -> Invoice:
    number = f"F-{issued_on:%m%d}-{amount_fen}"
    return Invoice(number, issued_on, amount_fen, reimbursed_fen)


def stay(admitted: date, discharged: date) -> HospitalStay:
    return HospitalStay(admitted, discharged, "乡宁县人民医院")


def appraisal(*item_ids: str) -> DisabilityAppraisal:
    return DisabilityAppraisal(item_ids, date(2025, 3, 1), "临汾市人民医院")


def burns(*areas: tuple[str, str, str]) -> BurnDiagnosis:
    return BurnDiagnosis(
        tuple(BurnArea(r, d, Decimal(a)) for r, d, a in areas), date(2024, 11, 4)
    )


def died(on: date, caused_by_accident: bool = True) -> DeathCertificate:
    cause = "颅脑损伤" if caused_by_accident else "心肌梗死"
    return DeathCertificate(on, cause, caused_by_accident)


# === MEDICAL: 5,000 a year; per accident a 100 deductible once; expenses within
# 180 days, after what other payers reimbursed ====================================


def test_medical_example_1_invoices_1280_less_400_reimbursed_less_100_is_780() -> None:
    line = medical(case(invoices=(invoice(CUT, 128000, 40000),)), Usage())
    assert line.amount_fen == 78000
    assert line.deductible_fen == 10000
    assert line.reason_code is None
    assert line.explanation == (
        "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
    )


def test_medical_invoice_on_day_180_after_the_accident_is_eligible() -> None:
    line = medical(case(invoices=(invoice(DAY_180, 30000),)), Usage())
    assert line.amount_fen == 20000


def test_medical_invoice_on_day_181_is_excluded_and_explained() -> None:
    late = Invoice("F-LATE", DAY_181, 30000)
    line = medical(case(invoices=(invoice(CUT, 30000), late)), Usage())
    assert line.amount_fen == 20000
    assert (
        "invoice F-LATE of 2025-05-03 is outside 2024-11-03..2025-05-02"
        in line.explanation
    )


def test_medical_invoice_before_the_accident_is_excluded_and_explained() -> None:
    early = Invoice("F-EARLY", CUT - timedelta(days=1), 30000)
    line = medical(case(invoices=(early, invoice(CUT, 30000))), Usage())
    assert line.amount_fen == 20000
    assert "invoice F-EARLY of 2024-11-02 is outside" in line.explanation


def test_medical_subtracts_what_other_payers_reimbursed_from_every_invoice() -> None:
    line = medical(
        case(invoices=(invoice(CUT, 100000, 60000), invoice(DAY_180, 50000, 10000))),
        Usage(),
    )
    # 1,500 − 700 reimbursed − 100 = 700
    assert line.amount_fen == 70000


def test_medical_second_claim_of_the_same_accident_pays_no_deductible_again() -> None:
    cut = uuid4()
    first = medical(case(accident_id=cut, invoices=(invoice(CUT, 50000),)), Usage())
    assert (first.amount_fen, first.deductible_fen) == (40000, 10000)
    second = medical(
        case(accident_id=cut, invoices=(invoice(date(2024, 12, 1), 30000),)),
        Usage.of([(cut, first)]),
    )
    assert second.amount_fen == 30000
    assert second.deductible_fen == 0
    assert "deductible already applied to this accident" in second.explanation


def test_medical_first_claim_below_100_leaves_the_rest_of_the_deductible() -> None:
    cut = uuid4()
    first = medical(case(accident_id=cut, invoices=(invoice(CUT, 6000),)), Usage())
    assert (first.amount_fen, first.deductible_fen) == (0, 6000)
    second = medical(
        case(accident_id=cut, invoices=(invoice(date(2024, 12, 1), 30000),)),
        Usage.of([(cut, first)]),
    )
    # 300 − the 40 left of the deductible = 260
    assert second.amount_fen == 26000
    assert second.deductible_fen == 4000


def test_medical_another_accident_has_its_own_deductible() -> None:
    first_accident = uuid4()
    first = earlier(Benefit.MEDICAL, 40000, deductible_fen=10000)
    line = medical(
        case(date(2025, 3, 8), invoices=(invoice(date(2025, 3, 8), 30000),)),
        Usage.of([(first_accident, first)]),
    )
    assert line.amount_fen == 20000
    assert line.deductible_fen == 10000


def test_medical_example_2_annual_limit_5000_across_claims_pays_4220() -> None:
    example_1 = earlier(Benefit.MEDICAL, 78000, deductible_fen=10000)
    line = medical(
        case(date(2025, 3, 8), invoices=(invoice(date(2025, 3, 9), 560000),)),
        Usage.of([(uuid4(), example_1)]),
    )
    # min(5,000 − 780, 5,600 − 100)
    assert line.amount_fen == 422000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"
    assert "limited to 4,220.00 left of the 5,000.00 annual limit" in line.explanation


def test_medical_nothing_more_once_the_annual_limit_is_spent() -> None:
    spent = earlier(Benefit.MEDICAL, 500000, deductible_fen=10000)
    line = medical(case(invoices=(invoice(CUT, 30000),)), Usage.of([(uuid4(), spent)]))
    assert line.amount_fen == 0
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_medical_limit_counts_the_claims_of_every_accident() -> None:
    usage = Usage.of(
        [
            (uuid4(), earlier(Benefit.MEDICAL, 200000, deductible_fen=10000)),
            (uuid4(), earlier(Benefit.MEDICAL, 250000, deductible_fen=10000)),
        ]
    )
    line = medical(case(invoices=(invoice(CUT, 100000),)), usage)
    assert line.amount_fen == 50000


def test_medical_nothing_eligible_pays_0_with_a_reason() -> None:
    line = medical(case(invoices=(invoice(DAY_181, 30000),)), Usage())
    assert line.amount_fen == 0
    assert line.deductible_fen == 0
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"


def test_medical_fully_reimbursed_expenses_pay_0_and_use_no_deductible() -> None:
    line = medical(case(invoices=(invoice(CUT, 30000, 30000),)), Usage())
    assert line.amount_fen == 0
    assert line.deductible_fen == 0
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"


def test_medical_expenses_within_the_deductible_pay_0_with_a_reason() -> None:
    line = medical(case(invoices=(invoice(CUT, 10000),)), Usage())
    assert line.amount_fen == 0
    assert line.deductible_fen == 10000
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"


# === HOSPITAL_ALLOWANCE: 30 a day, at most 30 days a year; days = discharge −
# admission; overlapping stays count once; the stay begins within 180 days ========

JAN_5 = date(2025, 1, 5)


def test_allowance_example_3_stay_of_2025_01_05_to_01_17_is_12_days_360() -> None:
    line = hospital_allowance(
        case(JAN_5, stays=(stay(JAN_5, date(2025, 1, 17)),)), Usage()
    )
    assert line.amount_fen == 36000
    assert len(line.days) == 12
    assert line.days[0] == JAN_5
    assert line.days[-1] == date(2025, 1, 16)
    assert line.explanation == "12 days × 30.00 = 360.00"


def test_allowance_same_day_stay_is_not_a_hospitalisation() -> None:
    line = hospital_allowance(case(JAN_5, stays=(stay(JAN_5, JAN_5),)), Usage())
    assert line.amount_fen == 0
    assert line.reason_code == "NO_ELIGIBLE_STAY"
    assert "lasted under one day" in line.explanation


def test_allowance_overlapping_stays_count_once() -> None:
    line = hospital_allowance(
        case(
            JAN_5,
            stays=(
                stay(JAN_5, date(2025, 1, 10)),  # 5 days
                stay(date(2025, 1, 8), date(2025, 1, 12)),  # 4 days, 2 overlap
            ),
        ),
        Usage(),
    )
    # 01-05 .. 01-11: 7 days
    assert line.amount_fen == 7 * 3000
    assert len(line.days) == 7


def test_allowance_transfer_on_the_discharge_day_is_not_an_overlap() -> None:
    line = hospital_allowance(
        case(
            JAN_5,
            stays=(
                stay(JAN_5, date(2025, 1, 10)),
                stay(date(2025, 1, 10), date(2025, 1, 15)),
            ),
        ),
        Usage(),
    )
    assert line.amount_fen == 10 * 3000


def test_allowance_days_counted_by_an_earlier_claim_are_not_counted_again() -> None:
    fall = uuid4()
    before = earlier(
        Benefit.HOSPITAL_ALLOWANCE,
        12000,
        days=tuple(JAN_5 + timedelta(days=n) for n in range(4)),
    )
    line = hospital_allowance(
        case(JAN_5, fall, stays=(stay(JAN_5, date(2025, 1, 17)),)),
        Usage.of([(fall, before)]),
    )
    assert line.amount_fen == 8 * 3000
    assert "4 days already counted" in line.explanation
    assert not set(line.days) & set(before.days)


def test_allowance_stay_beginning_on_day_180_counts_in_full() -> None:
    line = hospital_allowance(
        case(CUT, stays=(stay(DAY_180, DAY_180 + timedelta(days=10)),)), Usage()
    )
    assert line.amount_fen == 10 * 3000


def test_allowance_stay_beginning_after_day_180_is_excluded() -> None:
    line = hospital_allowance(
        case(CUT, stays=(stay(DAY_181, DAY_181 + timedelta(days=10)),)), Usage()
    )
    assert line.amount_fen == 0
    assert line.reason_code == "NO_ELIGIBLE_STAY"
    assert "stay from 2025-05-03 began outside 2024-11-03..2025-05-02" in (
        line.explanation
    )


def test_allowance_stay_beginning_before_the_accident_is_excluded() -> None:
    line = hospital_allowance(
        case(CUT, stays=(stay(date(2024, 10, 30), date(2024, 11, 10)),)), Usage()
    )
    assert line.amount_fen == 0


def test_allowance_one_stay_is_capped_at_30_days() -> None:
    line = hospital_allowance(
        case(JAN_5, stays=(stay(JAN_5, JAN_5 + timedelta(days=45)),)), Usage()
    )
    assert line.amount_fen == 90000
    assert len(line.days) == 30
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_allowance_example_3_second_stay_of_25_days_pays_the_18_days_left_540() -> None:
    first = earlier(
        Benefit.HOSPITAL_ALLOWANCE,
        36000,
        days=tuple(JAN_5 + timedelta(days=n) for n in range(12)),
    )
    april_2 = date(2025, 4, 2)
    line = hospital_allowance(
        case(april_2, stays=(stay(april_2, date(2025, 4, 27)),)),
        Usage.of([(uuid4(), first)]),
    )
    assert line.amount_fen == 54000
    assert len(line.days) == 18
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_allowance_nothing_once_30_days_are_used() -> None:
    used = earlier(
        Benefit.HOSPITAL_ALLOWANCE,
        90000,
        days=tuple(JAN_5 + timedelta(days=n) for n in range(30)),
    )
    april_2 = date(2025, 4, 2)
    line = hospital_allowance(
        case(april_2, stays=(stay(april_2, date(2025, 4, 7)),)),
        Usage.of([(uuid4(), used)]),
    )
    assert line.amount_fen == 0
    assert line.days == ()


# === DISABILITY: 30,000 × (11 − grade) × 10 %; at most 30,000 a year; a later
# appraisal of the same accident pays only the difference ==========================

ITEM_OF_GRADE = {
    1: "1.3-01",
    2: "5.5-01",
    3: "7.1-04",
    4: "7.3-01",
    5: "7.6-11",
    6: "7.6-13",
    7: "2.1-07",
    8: "4.2-01",
    9: "7.6-14",
    10: "1.1-01",
}


@pytest.mark.parametrize("grade", range(1, 11))
def test_disability_pays_11_minus_grade_times_10_percent_of_30000(grade: int) -> None:
    line = disability(case(appraisal=appraisal(ITEM_OF_GRADE[grade])), Usage())
    assert line.ratio_percent == (11 - grade) * 10
    assert line.amount_fen == (11 - grade) * 300000


def test_disability_example_4_two_grade_7_and_a_grade_9_pay_grade_6_15000() -> None:
    line = disability(case(appraisal=appraisal("2.1-07", "2.2-10", "2.2-14")), Usage())
    assert line.amount_fen == 1500000
    assert "grade 6" in line.explanation


def test_disability_later_appraisal_of_the_same_accident_pays_the_difference() -> None:
    fall = uuid4()
    grade_7 = earlier(Benefit.DISABILITY, 1200000, ratio_percent=40)
    line = disability(
        case(accident_id=fall, appraisal=appraisal(ITEM_OF_GRADE[3])),
        Usage.of([(fall, grade_7)]),
    )
    # grade 3 = 80 %, less the 40 % already paid
    assert line.amount_fen == 1200000
    assert line.ratio_percent == 80
    assert "less 40 % already assessed for this accident" in line.explanation


def test_disability_later_lower_grade_of_the_same_accident_pays_nothing() -> None:
    fall = uuid4()
    grade_5 = earlier(Benefit.DISABILITY, 1800000, ratio_percent=60)
    line = disability(
        case(accident_id=fall, appraisal=appraisal(ITEM_OF_GRADE[8])),
        Usage.of([(fall, grade_5)]),
    )
    assert line.amount_fen == 0
    assert line.reason_code == "NOTHING_MORE_DUE"
    assert line.ratio_percent == 60  # the ratio paid for the accident stays


def test_disability_annual_limit_30000_across_accidents() -> None:
    # grade 5 paid 18,000 on accident A; grade 3 (24,000) on accident B pays 12,000
    grade_5 = earlier(Benefit.DISABILITY, 1800000, ratio_percent=60)
    line = disability(
        case(date(2025, 3, 8), appraisal=appraisal(ITEM_OF_GRADE[3])),
        Usage.of([(uuid4(), grade_5)]),
    )
    assert line.amount_fen == 1200000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_disability_of_another_accident_is_not_a_difference_to_subtract() -> None:
    # accident A grade 7 (40 %); accident B grade 7 is paid in full, 12,000
    grade_7 = earlier(Benefit.DISABILITY, 1200000, ratio_percent=40)
    line = disability(
        case(date(2025, 3, 8), appraisal=appraisal(ITEM_OF_GRADE[7])),
        Usage.of([(uuid4(), grade_7)]),
    )
    assert line.amount_fen == 1200000


def test_disability_is_not_reduced_by_a_burn_benefit_of_the_same_accident() -> None:
    fire = uuid4()
    full_burn = earlier(Benefit.BURN, 3000000, ratio_percent=100)
    line = disability(
        case(accident_id=fire, appraisal=appraisal(ITEM_OF_GRADE[1])),
        Usage.of([(fire, full_burn)]),
    )
    assert line.amount_fen == 3000000


# === BURN: degree III only; head and neck ≥ 8/5/2 % → 100/75/50 %, trunk and
# limbs ≥ 20/15/10 %; both regions → the higher ratio ==============================


def burn_line(*areas: tuple[str, str, str], usage: Usage | None = None) -> BenefitLine:
    return burn(case(burn=burns(*areas)), usage or Usage())


@pytest.mark.parametrize(
    ("region", "area", "ratio"),
    [
        ("HEAD_NECK", "8", 100),
        ("HEAD_NECK", "7.99", 75),
        ("HEAD_NECK", "5", 75),
        ("HEAD_NECK", "4.99", 50),
        ("HEAD_NECK", "2", 50),
        ("TRUNK_LIMBS", "20", 100),
        ("TRUNK_LIMBS", "19.99", 75),
        ("TRUNK_LIMBS", "15", 75),
        ("TRUNK_LIMBS", "14.99", 50),
        ("TRUNK_LIMBS", "10", 50),
        ("TRUNK_LIMBS", "100", 100),
    ],
)
def test_burn_thresholds_are_inclusive(region: str, area: str, ratio: int) -> None:
    line = burn_line((region, "III", area))
    assert line.ratio_percent == ratio
    assert line.amount_fen == ratio * 30000


@pytest.mark.parametrize(
    ("region", "area"), [("HEAD_NECK", "1.99"), ("TRUNK_LIMBS", "9.99")]
)
def test_burn_below_the_lowest_threshold_pays_0(region: str, area: str) -> None:
    line = burn_line((region, "III", area))
    assert line.amount_fen == 0
    assert line.reason_code == "BELOW_THRESHOLD"


@pytest.mark.parametrize("degree", ["I", "II"])
def test_burn_only_third_degree_burns_count(degree: str) -> None:
    line = burn_line(("HEAD_NECK", degree, "30"), ("TRUNK_LIMBS", degree, "50"))
    assert line.amount_fen == 0
    assert line.reason_code == "BELOW_THRESHOLD"
    assert "no degree III burns" in line.explanation


def test_burn_second_degree_areas_are_not_added_to_third_degree_ones() -> None:
    line = burn_line(("HEAD_NECK", "III", "6"), ("HEAD_NECK", "II", "5"))
    assert line.ratio_percent == 75


def test_burn_both_regions_the_higher_ratio_applies_not_the_sum() -> None:
    # head and neck 5 % → 75 %, trunk and limbs 10 % → 50 %: 75 %, not 125 %
    line = burn_line(("HEAD_NECK", "III", "5"), ("TRUNK_LIMBS", "III", "10"))
    assert line.ratio_percent == 75
    assert line.amount_fen == 2250000
    assert "highest region HEAD_NECK" in line.explanation


def test_burn_both_regions_each_below_threshold_pay_0_even_if_their_sum_would_not() -> (
    None
):
    # 1.5 % + 9.5 % = 11 % of the body, but neither region reaches its threshold
    line = burn_line(("HEAD_NECK", "III", "1.5"), ("TRUNK_LIMBS", "III", "9.5"))
    assert line.amount_fen == 0


def test_burn_annual_limit_30000_across_accidents() -> None:
    before = earlier(Benefit.BURN, 2250000, ratio_percent=75)
    line = burn_line(("TRUNK_LIMBS", "III", "25"), usage=Usage.of([(uuid4(), before)]))
    assert line.amount_fen == 750000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_burn_is_not_reduced_by_a_disability_benefit_of_the_same_accident() -> None:
    fire = uuid4()
    full_disability = earlier(Benefit.DISABILITY, 3000000, ratio_percent=100)
    line = burn(
        case(accident_id=fire, burn=burns(("HEAD_NECK", "III", "8"))),
        Usage.of([(fire, full_disability)]),
    )
    assert line.amount_fen == 3000000


# === DEATH: 30,000 once per insured, within 180 days of the accident, less the
# disability and burn benefits of the same accident, never below 0 =================

FALL = date(2024, 12, 1)


def death_line(
    died_on: date,
    accident_id: UUID | None = None,
    usage: Usage | None = None,
    caused_by_accident: bool = True,
) -> BenefitLine:
    return death(
        case(FALL, accident_id, death=died(died_on, caused_by_accident)),
        usage or Usage(),
    )


def test_death_pays_30000() -> None:
    line = death_line(date(2025, 1, 10))
    assert line.amount_fen == 3000000
    assert line.reason_code is None


def test_death_example_6_less_grade_5_disability_18000_of_the_same_accident() -> None:
    fall = uuid4()
    usage = Usage.of([(fall, earlier(Benefit.DISABILITY, 1800000, ratio_percent=60))])
    line = death_line(date(2025, 2, 25), fall, usage)
    assert line.amount_fen == 1200000
    assert line.explanation == (
        "30,000.00 − 18,000.00 disability and burn benefits of this accident"
        " = 12,000.00"
    )


def test_death_less_disability_and_burn_of_the_same_accident() -> None:
    fall = uuid4()
    usage = Usage.of(
        [
            (fall, earlier(Benefit.DISABILITY, 600000, ratio_percent=20)),
            (fall, earlier(Benefit.BURN, 1500000, ratio_percent=50)),
        ]
    )
    assert death_line(date(2025, 1, 10), fall, usage).amount_fen == 900000


def test_death_is_not_reduced_by_benefits_of_another_accident() -> None:
    other = uuid4()
    usage = Usage.of(
        [
            (other, earlier(Benefit.DISABILITY, 1800000, ratio_percent=60)),
            (other, earlier(Benefit.BURN, 1500000, ratio_percent=50)),
        ]
    )
    assert death_line(date(2025, 1, 10), uuid4(), usage).amount_fen == 3000000


def test_death_is_not_reduced_by_medical_or_allowance_of_the_same_accident() -> None:
    fall = uuid4()
    usage = Usage.of(
        [
            (fall, earlier(Benefit.MEDICAL, 500000, deductible_fen=10000)),
            (fall, earlier(Benefit.HOSPITAL_ALLOWANCE, 90000)),
        ]
    )
    assert death_line(date(2025, 1, 10), fall, usage).amount_fen == 3000000


def test_death_reduced_never_below_0() -> None:
    fall = uuid4()
    usage = Usage.of(
        [
            (fall, earlier(Benefit.DISABILITY, 3000000, ratio_percent=100)),
            (fall, earlier(Benefit.BURN, 1500000, ratio_percent=50)),
        ]
    )
    line = death_line(date(2025, 1, 10), fall, usage)
    assert line.amount_fen == 0
    assert line.reason_code == "OFFSET_BY_EARLIER_BENEFITS"


def test_death_on_day_180_after_the_accident_is_paid() -> None:
    assert death_line(FALL + timedelta(days=180)).amount_fen == 3000000


def test_death_more_than_180_days_after_the_accident_pays_0() -> None:
    line = death_line(FALL + timedelta(days=181))
    assert line.amount_fen == 0
    assert line.reason_code == "DEATH_AFTER_WINDOW"


def test_death_not_caused_by_the_accident_is_not_an_accident() -> None:
    line = death_line(date(2025, 1, 10), caused_by_accident=False)
    assert line.amount_fen == 0
    assert line.reason_code == "NOT_AN_ACCIDENT"


def test_death_is_paid_once_a_second_death_line_is_already_assessed() -> None:
    usage = Usage.of([(uuid4(), earlier(Benefit.DEATH, 3000000))])
    line = death_line(date(2025, 1, 10), usage=usage)
    assert line.amount_fen == 0
    assert line.reason_code == "DEATH_ALREADY_ASSESSED"


# === TOP_UP: after a 100 % disability or burn payout of the accident, death of it
# within one calendar month of the payment (clamped, inclusive) adds 30,000 ========


def top_up_line(
    died_on: date,
    payouts: list[FullPayout],
    accident_id: UUID,
    accident_on: date = FALL,
    lines: list[tuple[UUID, BenefitLine]] | None = None,
) -> BenefitLine | None:
    return top_up(
        case(accident_on, accident_id, death=died(died_on)),
        Usage.of(lines or [], payouts),
    )


def test_top_up_none_without_a_100_percent_payout_of_this_accident() -> None:
    fall = uuid4()
    grade_2 = earlier(Benefit.DISABILITY, 2700000, ratio_percent=90)
    assert top_up_line(date(2025, 3, 1), [], fall, lines=[(fall, grade_2)]) is None


def test_top_up_example_5_death_3_weeks_after_the_grade_1_payout_pays_30000() -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    grade_1 = earlier(Benefit.DISABILITY, 3000000, ratio_percent=100)
    usage = Usage.of([(fall, grade_1)], [payout])
    certificate = died(date(2025, 3, 1))
    death_case = case(FALL, fall, death=certificate)
    assert death(death_case, usage).amount_fen == 0
    line = top_up(death_case, usage)
    assert line is not None
    assert line.amount_fen == 3000000
    assert line.reason_code is None


@pytest.mark.parametrize(
    ("died_on", "paid"),
    [
        (date(2025, 2, 10), True),  # the payment day itself
        (date(2025, 3, 10), True),  # the same day of the next month, inclusive
        (date(2025, 3, 11), False),
        (date(2025, 3, 20), False),  # worked example 5, second half
    ],
)
def test_top_up_example_5_month_runs_from_2025_02_10_to_2025_03_10_inclusive(
    died_on: date, paid: bool
) -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    line = top_up_line(died_on, [payout], fall)
    assert line is not None
    assert line.amount_fen == (3000000 if paid else 0)
    assert line.reason_code == (None if paid else "TOP_UP_WINDOW_PASSED")


@pytest.mark.parametrize(
    ("died_on", "paid"),
    [(date(2025, 2, 28), True), (date(2025, 3, 1), False)],
)
def test_top_up_payout_on_2025_01_31_month_ends_on_2025_02_28(
    died_on: date, paid: bool
) -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.BURN, date(2025, 1, 31))
    line = top_up_line(died_on, [payout], fall, accident_on=date(2024, 12, 15))
    assert line is not None
    assert line.amount_fen == (3000000 if paid else 0)
    if not paid:
        assert "(to 2025-02-28)" in line.explanation


def test_top_up_death_before_the_payout_is_not_after_that_payment() -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    line = top_up_line(date(2025, 2, 5), [payout], fall)
    assert line is not None
    assert line.amount_fen == 0
    assert line.reason_code == "TOP_UP_WINDOW_PASSED"


def test_top_up_a_100_percent_burn_payout_also_qualifies() -> None:
    fire = uuid4()
    payout = FullPayout(fire, Benefit.BURN, date(2025, 1, 10))
    line = top_up_line(date(2025, 1, 20), [payout], fire)
    assert line is not None
    assert line.amount_fen == 3000000


def test_top_up_payout_of_a_different_accident_does_not_count() -> None:
    payout = FullPayout(uuid4(), Benefit.DISABILITY, date(2025, 2, 10))
    assert top_up_line(date(2025, 3, 1), [payout], uuid4()) is None


def test_top_up_is_not_reduced_by_anything() -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    lines = [
        (fall, earlier(Benefit.DISABILITY, 3000000, ratio_percent=100)),
        (fall, earlier(Benefit.BURN, 3000000, ratio_percent=100)),
        (fall, earlier(Benefit.MEDICAL, 500000, deductible_fen=10000)),
        (fall, earlier(Benefit.DEATH, 0)),
    ]
    line = top_up_line(date(2025, 3, 1), [payout], fall, lines=lines)
    assert line is not None
    assert line.amount_fen == 3000000


def test_top_up_death_must_itself_be_within_180_days_of_the_accident() -> None:
    fall = uuid4()
    # accident 2024-11-03, window to 2025-05-02; payout 2025-04-20, death 2025-05-10
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 4, 20))
    line = top_up_line(date(2025, 5, 10), [payout], fall, accident_on=CUT)
    assert line is not None
    assert line.amount_fen == 0
    assert line.reason_code == "DEATH_AFTER_WINDOW"


def test_top_up_death_not_caused_by_the_accident_gets_no_top_up() -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    line = top_up(
        case(FALL, fall, death=died(date(2025, 3, 1), caused_by_accident=False)),
        Usage(full_payouts=[payout]),
    )
    assert line is not None
    assert line.amount_fen == 0
    assert line.reason_code == "NOT_AN_ACCIDENT"


def test_top_up_is_paid_once() -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 2, 10))
    lines = [(fall, earlier(Benefit.TOP_UP, 3000000))]
    line = top_up_line(date(2025, 3, 1), [payout], fall, lines=lines)
    assert line is not None
    assert line.amount_fen == 0
    assert line.reason_code == "TOP_UP_ALREADY_ASSESSED"

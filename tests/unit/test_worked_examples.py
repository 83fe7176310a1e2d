"""The eight worked examples of scheme-2024.md §5, each through the application."""

from datetime import date

from adjudication.domain.facts import HospitalStay, Invoice
from tests.builders import Journeys


def lines(result):  # type: ignore[no-untyped-def]
    return {line.benefit: line.amount_fen for line in result.claim.assessment.lines}


def test_example_1_hand_cut_in_the_field_medical_1280_less_400_less_100_is_780(
    journeys: Journeys, insured: str
) -> None:
    result = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
    )
    line = result.claim.assessment.lines[0]
    assert line.amount_fen == 78000
    assert line.explanation == (
        "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
    )


def test_example_2_second_accident_medical_is_min_of_5000_less_780_and_5600_less_100(
    journeys: Journeys, insured: str
) -> None:
    journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
    )
    result = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2025, 3, 8),
        invoices=(Invoice("F-002", date(2025, 3, 9), 560000),),
    )
    assert lines(result) == {"MEDICAL": 422000}
    assert "annual limit" in result.claim.assessment.lines[0].explanation


def test_example_3_stays_of_12_then_25_days_pay_360_then_540_reaching_30_days(
    journeys: Journeys, insured: str
) -> None:
    first = journeys.assessed(
        insured,
        ["HOSPITAL_ALLOWANCE"],
        date(2025, 1, 5),
        stays=(HospitalStay(date(2025, 1, 5), date(2025, 1, 17)),),
    )
    second = journeys.assessed(
        insured,
        ["HOSPITAL_ALLOWANCE"],
        date(2025, 4, 2),
        stays=(HospitalStay(date(2025, 4, 2), date(2025, 4, 27)),),
    )
    assert lines(first) == {"HOSPITAL_ALLOWANCE": 36000}
    assert lines(second) == {"HOSPITAL_ALLOWANCE": 54000}


def test_example_4_two_grade_7_items_and_one_grade_9_promote_to_grade_6_pay_15000(
    journeys: Journeys, insured: str
) -> None:
    # one eye lost (2.1-07, grade 7), one foot lost (7.5-05, grade 7),
    # eight or more ribs broken (4.4-02, grade 9)
    result = journeys.assessed(
        insured,
        ["DISABILITY"],
        date(2024, 12, 1),
        items=("2.1-07", "7.5-05", "4.4-02"),
    )
    assert lines(result) == {"DISABILITY": 1500000}
    assert "grade 6" in result.claim.assessment.lines[0].explanation


def test_example_5_death_within_a_month_of_grade_1_payout_pays_top_up_30000(
    journeys: Journeys, insured: str
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
    )
    assert lines(death) == {"DEATH": 0, "TOP_UP": 3000000}


def test_example_5_death_after_the_month_gets_no_top_up(
    journeys: Journeys, insured: str
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
        assessed_on=date(2025, 3, 25),
        died_on=date(2025, 3, 20),
    )
    # DEATH 0 and no top-up: decided at 0 (零结案), each line with its reason.
    assert death.claim.status == "DECIDED_AT_ZERO"
    assert lines(death) == {"DEATH": 0, "TOP_UP": 0}
    codes = {line.reason_code for line in death.claim.assessment.lines}
    assert codes == {"OFFSET_BY_EARLIER_BENEFITS", "TOP_UP_WINDOW_PASSED"}


def test_example_6_grade_5_disability_18000_then_death_pays_12000(
    journeys: Journeys, insured: str
) -> None:
    fall = date(2024, 12, 1)
    # 2.1-06 is grade 5 → 60 % → 18,000
    disability = journeys.assessed(
        insured, ["DISABILITY"], fall, items=("2.1-06",), assessed_on=date(2025, 1, 20)
    )
    assert lines(disability) == {"DISABILITY": 1800000}
    death = journeys.assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 1),
        died_on=date(2025, 2, 25),
    )
    assert lines(death) == {"DEATH": 1200000}


def test_example_7_accident_on_2025_10_14_is_outside_the_coverage_period(
    journeys: Journeys, insured: str
) -> None:
    result = journeys.report(insured, ["MEDICAL"], date(2025, 10, 14))
    assert result.claim.status == "REJECTED"
    assert [r.code for r in result.claim.rejection.reasons] == [
        "OUTSIDE_COVERAGE_PERIOD"
    ]


def test_example_8_heart_attack_while_farming_is_not_an_accident(
    journeys: Journeys, insured: str
) -> None:
    result = journeys.report(insured, ["DEATH"], date(2025, 6, 1), cause="DISEASE")
    assert result.claim.status == "REJECTED"
    assert [r.code for r in result.claim.rejection.reasons] == ["NOT_AN_ACCIDENT"]

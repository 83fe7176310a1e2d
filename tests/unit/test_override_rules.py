"""An officer's override of a computed benefit line: the computed amount, a reason
code of the scheme year and a text are kept beside the new amount; a malformed
override is refused naming every bad field; no override may break an annual
limit of the scheme (scheme-2024.md §2)."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from adjudication.domain.assessment import Override, apply_overrides, compute_lines
from adjudication.domain.benefits import Benefit, BenefitLine, Case, Usage
from adjudication.domain.errors import FieldViolation, InvalidCommand
from adjudication.domain.facts import (
    ClaimFacts,
    DisabilityAppraisal,
    HospitalStay,
    Invoice,
)
from adjudication.schemes import load_catalogue
from adjudication.standards import load_disability_standard

SCHEME = load_catalogue().get("xiangning-2024")
STANDARD = load_disability_standard()
CUT = date(2024, 11, 3)


def medical_and_allowance_claim(
    accident_id: UUID | None = None,
) -> Case:
    """Worked example 1 with a 12-day stay: MEDICAL 780, HOSPITAL_ALLOWANCE 360."""
    return Case(
        SCHEME,
        STANDARD,
        accident_id or uuid4(),
        CUT,
        ClaimFacts(
            invoices=(Invoice("F-001", CUT, 128000, 40000),),
            stays=(HospitalStay(CUT, date(2024, 11, 15)),),
        ),
    )


def computed(case: Case, usage: Usage | None = None) -> tuple[BenefitLine, ...]:
    return compute_lines(
        case, (Benefit.MEDICAL, Benefit.HOSPITAL_ALLOWANCE), usage or Usage()
    )


def refused(*overrides: Override, usage: Usage | None = None) -> list[str]:
    case = medical_and_allowance_claim()
    with pytest.raises(InvalidCommand) as raised:
        apply_overrides(case, computed(case, usage), overrides, usage or Usage())
    return [v.field for v in raised.value.violations]


def override(
    benefit: str = Benefit.MEDICAL,
    amount_fen: int = 80000,
    reason_code: str = "DOCUMENT_CORRECTION",
    reason_text: str = "发票F-001报销金额更正为380元",
) -> Override:
    return Override(benefit, amount_fen, reason_code, reason_text)


def test_the_claim_computes_medical_780_and_allowance_360() -> None:
    lines = computed(medical_and_allowance_claim())
    assert {line.benefit: line.amount_fen for line in lines} == {
        Benefit.MEDICAL: 78000,
        Benefit.HOSPITAL_ALLOWANCE: 36000,
    }


def test_without_overrides_the_computed_lines_stand() -> None:
    case = medical_and_allowance_claim()
    lines = computed(case)
    assert apply_overrides(case, lines, (), Usage()) == lines


def test_an_override_keeps_the_computed_amount_its_reason_and_explains() -> None:
    case = medical_and_allowance_claim()
    lines = computed(case)
    medical, allowance = apply_overrides(case, lines, (override(),), Usage())
    assert medical.amount_fen == 80000
    assert medical.computed_fen == 78000
    assert medical.override_reason_code == "DOCUMENT_CORRECTION"
    assert medical.override_reason_text == "发票F-001报销金额更正为380元"
    assert medical.explanation == (
        "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
        "; overridden to 800.00 (DOCUMENT_CORRECTION: 发票F-001报销金额更正为380元)"
    )
    assert allowance == lines[1]  # the line not overridden is untouched


@pytest.mark.parametrize("code", sorted(SCHEME.override_reasons))
def test_every_override_reason_of_the_scheme_is_accepted(code: str) -> None:
    case = medical_and_allowance_claim()
    (medical, _) = apply_overrides(
        case, computed(case), (override(reason_code=code),), Usage()
    )
    assert medical.override_reason_code == code


def test_an_override_down_to_0_keeps_the_lines_reason_code() -> None:
    case = Case(
        SCHEME,
        STANDARD,
        uuid4(),
        CUT,
        ClaimFacts(invoices=(Invoice("F-9", date(2025, 6, 1), 30000),)),
    )
    lines = compute_lines(case, (Benefit.MEDICAL,), Usage())
    assert lines[0].reason_code == "NO_ELIGIBLE_EXPENSES"
    (line,) = apply_overrides(case, lines, (override(amount_fen=0),), Usage())
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"
    (line,) = apply_overrides(case, lines, (override(amount_fen=20000),), Usage())
    assert line.reason_code is None
    assert line.computed_fen == 0


def test_an_override_with_an_unknown_reason_code_is_refused() -> None:
    assert refused(override(reason_code="BECAUSE")) == ["overrides[0].reason_code"]


@pytest.mark.parametrize("text", ["", "   "])
def test_an_override_without_a_reason_text_is_refused(text: str) -> None:
    assert refused(override(reason_text=text)) == ["overrides[0].reason_text"]


def test_an_override_to_a_negative_amount_is_refused() -> None:
    assert refused(override(amount_fen=-1)) == ["overrides[0].amount_fen"]


@pytest.mark.parametrize("benefit", [Benefit.DEATH, Benefit.TOP_UP, "FUNERAL"])
def test_an_override_of_a_benefit_not_on_the_claim_is_refused(benefit: str) -> None:
    assert refused(override(benefit=benefit)) == ["overrides[0].benefit"]


def test_the_same_benefit_overridden_twice_is_refused() -> None:
    assert refused(
        override(Benefit.HOSPITAL_ALLOWANCE, 30000),
        override(Benefit.MEDICAL, 70000),
        override(Benefit.MEDICAL, 75000),
    ) == ["overrides[2].benefit"]


def test_every_bad_field_of_every_override_is_reported_at_once() -> None:
    case = medical_and_allowance_claim()
    with pytest.raises(InvalidCommand) as raised:
        apply_overrides(
            case,
            computed(case),
            (
                Override(Benefit.MEDICAL, -5, "BECAUSE", ""),
                Override(Benefit.BURN, 100, "COURT_RULING", "判决"),
            ),
            Usage(),
        )
    assert [v.field for v in raised.value.violations] == [
        "overrides[0].amount_fen",
        "overrides[0].reason_code",
        "overrides[0].reason_text",
        "overrides[1].benefit",
    ]
    assert raised.value.code == "INVALID_ARGUMENT"


def test_an_override_of_medical_above_what_is_left_of_5000_is_refused() -> None:
    # 4,500 already paid on another accident: 500 left, the claim computes 500
    earlier = BenefitLine(Benefit.MEDICAL, 450000, "earlier", "r", deductible_fen=10000)
    usage = Usage.of([(uuid4(), earlier)])
    case = medical_and_allowance_claim()
    lines = computed(case, usage)
    assert lines[0].amount_fen == 50000
    with pytest.raises(InvalidCommand) as raised:
        apply_overrides(case, lines, (override(amount_fen=50001),), usage)
    assert raised.value.violations == (
        FieldViolation("overrides", "MEDICAL 5,000.01 exceeds 5,000.00"),
    )


def test_an_override_of_medical_up_to_exactly_what_is_left_is_accepted() -> None:
    usage = Usage.of([(uuid4(), BenefitLine(Benefit.MEDICAL, 450000, "earlier", "r"))])
    case = medical_and_allowance_claim()
    (medical, _) = apply_overrides(
        case, computed(case, usage), (override(amount_fen=50000),), usage
    )
    assert medical.amount_fen == 50000


def test_an_override_of_the_allowance_above_900_is_refused() -> None:
    assert refused(override(Benefit.HOSPITAL_ALLOWANCE, 90001)) == ["overrides"]


def test_an_override_of_disability_above_30000_across_accidents_is_refused() -> None:
    grade_5 = BenefitLine(Benefit.DISABILITY, 1800000, "grade 5", "r", ratio_percent=60)
    usage = Usage.of([(uuid4(), grade_5)])
    case = Case(
        SCHEME,
        STANDARD,
        uuid4(),
        CUT,
        ClaimFacts(appraisal=DisabilityAppraisal(("2.1-07",), date(2025, 3, 1))),
    )
    lines = compute_lines(case, (Benefit.DISABILITY,), usage)
    assert lines[0].amount_fen == 1200000
    with pytest.raises(InvalidCommand) as raised:
        apply_overrides(case, lines, (override(Benefit.DISABILITY, 1500000),), usage)
    assert [v.field for v in raised.value.violations] == ["overrides"]

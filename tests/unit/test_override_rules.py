"""I8: an officer's override changes an input of a line, and what follows is
recomputed (scheme-2024.md §6). DISABILITY takes a grade, BURN a ratio, MEDICAL
the eligible expenses (after other payers, before the deductible),
HOSPITAL_ALLOWANCE the days (after overlaps, before the 30-day limit); the line
keeps the computed input beside the officer's, with the reason. An amount is
overridden only as a negotiated amount (协商赔付) with SUPERVISOR_APPROVAL. A
malformed override is refused naming every bad field, and no override may break
an annual limit (§2).

Worked example 13 and the claims of one accident that follow an override are in
test_claims_that_interact.py."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from adjudication.adapters.transcodings import ValueObjectAsDict
from adjudication.domain.accident_adjudication import kept_overrides
from adjudication.domain.assessment import (
    apply_overrides,
    check_overrides,
    compute_lines,
)
from adjudication.domain.benefits import Benefit, BenefitLine, Case, Usage
from adjudication.domain.errors import FieldViolation, InvalidCommand
from adjudication.domain.facts import (
    BurnArea,
    BurnDiagnosis,
    ClaimFacts,
    DeathCertificate,
    DisabilityAppraisal,
    HospitalStay,
    Invoice,
)
from adjudication.domain.overrides import (
    AMOUNT,
    DAYS,
    ELIGIBLE,
    GRADE,
    RATIO,
    Override,
)
from adjudication.schemes import load_catalogue
from adjudication.standards import load_disability_standard

SCHEME = load_catalogue().get("xiangning-2024")
STANDARD = load_disability_standard()
CUT = date(2024, 11, 3)
GRADE_5 = "7.1-11"
WORKED_EXAMPLE_1 = ClaimFacts(
    invoices=(Invoice("F-001", CUT, 128000, 40000),),
    stays=(HospitalStay(CUT, date(2024, 11, 15)),),  # 12 days
)
GRADE_5_APPRAISAL = ClaimFacts(appraisal=DisabilityAppraisal((GRADE_5,), CUT))
BURN_12_PERCENT = ClaimFacts(
    burn=BurnDiagnosis((BurnArea("TRUNK_LIMBS", "III", 12),), CUT)  # type: ignore[arg-type]
)
MEDICAL_AND_ALLOWANCE = (Benefit.MEDICAL, Benefit.HOSPITAL_ALLOWANCE)


def assessed(
    facts: ClaimFacts,
    benefits: tuple[str, ...],
    *overrides: Override,
    usage: Usage | None = None,
    accident_id: UUID | None = None,
) -> dict[str, BenefitLine]:
    """The claim's lines as an assessment computes them: the overrides checked,
    the inputs in the calculators, the negotiated amounts after."""
    usage = usage or Usage()
    check_overrides(overrides, benefits, facts, SCHEME)
    case = Case(
        SCHEME, STANDARD, accident_id or uuid4(), CUT, facts, None, (), overrides
    )
    lines = apply_overrides(
        case, compute_lines(case, benefits, usage), overrides, usage
    )
    return {line.benefit: line for line in lines}


def refused(
    *overrides: Override,
    facts: ClaimFacts = WORKED_EXAMPLE_1,
    benefits: tuple[str, ...] = MEDICAL_AND_ALLOWANCE,
    usage: Usage | None = None,
) -> list[tuple[str, str]]:
    with pytest.raises(InvalidCommand) as raised:
        assessed(facts, benefits, *overrides, usage=usage)
    return [(v.field, v.reason) for v in raised.value.violations]


def override(
    benefit: str = Benefit.MEDICAL,
    input: str = ELIGIBLE,
    value: int = 100000,
    reason_code: str = "DOCUMENT_CORRECTION",
    reason_text: str = "发票F-001报销金额更正为280元",
) -> Override:
    return Override(benefit, input, value, reason_code, reason_text)


def test_worked_example_1_computes_medical_780_and_allowance_360() -> None:
    lines = assessed(WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE)
    assert {b: line.amount_fen for b, line in lines.items()} == {
        Benefit.MEDICAL: 78000,
        Benefit.HOSPITAL_ALLOWANCE: 36000,
    }
    assert all(line.override_input is None for line in lines.values())


# -- each benefit's input -----------------------------------------------------------


def test_a_disability_grade_5_overridden_to_grade_8_pays_and_records_30_percent() -> (
    None
):
    lines = assessed(
        GRADE_5_APPRAISAL,
        (Benefit.DISABILITY,),
        override(Benefit.DISABILITY, GRADE, 8, "APPEAL_DECISION", "复核评定为八级"),
    )
    line = lines[Benefit.DISABILITY]
    assert line.amount_fen == 900000
    assert line.ratio_percent == 30  # what the accident's ledger holds
    assert (line.override_input, line.computed_input, line.overridden_input) == (
        "grade",
        5,
        8,
    )
    assert (line.override_reason_code, line.override_reason_text) == (
        "APPEAL_DECISION",
        "复核评定为八级",
    )
    assert line.computed_fen is None  # the amount is computed, not overridden
    assert line.explanation.startswith("grade 8, overridden from grade 5 (")
    assert "(APPEAL_DECISION: 复核评定为八级) → 30 %" in line.explanation
    assert line.explanation.endswith("30 % × 30,000.00 = 9,000.00")


def test_a_disability_grade_override_on_the_claim_of_the_death_reduces_death() -> None:
    """I1 on one claim: DEATH 30,000 − the overridden grade 8's 9,000 = 21,000
    (with the computed grade 5 it would be 30,000 − 18,000 = 12,000)."""
    facts = ClaimFacts(
        appraisal=DisabilityAppraisal((GRADE_5,), CUT),
        death=DeathCertificate(date(2025, 1, 20), "颅脑损伤", True),
    )
    benefits = (Benefit.DISABILITY, Benefit.DEATH)
    computed = assessed(facts, benefits)
    assert computed[Benefit.DEATH].amount_fen == 1200000
    lines = assessed(
        facts, benefits, override(Benefit.DISABILITY, GRADE, 8, "APPEAL_DECISION")
    )
    assert lines[Benefit.DISABILITY].amount_fen == 900000
    assert lines[Benefit.DEATH].amount_fen == 2100000


def test_a_burn_ratio_50_overridden_to_75_pays_22500_and_records_75_percent() -> None:
    computed = assessed(BURN_12_PERCENT, (Benefit.BURN,))[Benefit.BURN]
    assert (computed.amount_fen, computed.ratio_percent) == (1500000, 50)
    line = assessed(
        BURN_12_PERCENT,
        (Benefit.BURN,),
        override(Benefit.BURN, RATIO, 75, "DOCUMENT_CORRECTION", "烧伤面积更正为16%"),
    )[Benefit.BURN]
    assert (line.amount_fen, line.ratio_percent) == (2250000, 75)
    assert (line.override_input, line.computed_input, line.overridden_input) == (
        "ratio_percent",
        50,
        75,
    )
    assert "→ 50 % (DOCUMENT_CORRECTION: 烧伤面积更正为16%) → 75 %" in (
        line.explanation
    )


def test_a_burn_ratio_of_100_percent_is_a_full_payout_line_for_the_top_up() -> None:
    line = assessed(
        BURN_12_PERCENT, (Benefit.BURN,), override(Benefit.BURN, RATIO, 100)
    )[Benefit.BURN]
    assert (line.amount_fen, line.ratio_percent) == (3000000, 100)


def test_medical_eligible_880_overridden_to_1000_goes_through_the_deductible() -> None:
    line = assessed(WORKED_EXAMPLE_1, (Benefit.MEDICAL,), override())[Benefit.MEDICAL]
    assert line.amount_fen == 90000  # 1,000 − 100 deductible
    assert line.deductible_fen == 10000
    assert (line.computed_input, line.overridden_input) == (88000, 100000)
    assert line.explanation == (
        "eligible 1,000.00, overridden from 1,280.00 − 400.00 reimbursed = 880.00 "
        "(DOCUMENT_CORRECTION: 发票F-001报销金额更正为280元) − 100.00 deductible "
        "= 900.00"
    )


def test_medical_eligible_override_is_limited_to_what_is_left_of_5000() -> None:
    # 4,500 already paid on another accident: 500 left
    earlier = BenefitLine(Benefit.MEDICAL, 450000, "earlier", "r", deductible_fen=10000)
    line = assessed(
        WORKED_EXAMPLE_1,
        (Benefit.MEDICAL,),
        override(),
        usage=Usage.of([(uuid4(), earlier)]),
    )[Benefit.MEDICAL]
    assert line.amount_fen == 50000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_medical_eligible_override_below_the_deductible_pays_0_and_absorbs_it() -> None:
    line = assessed(WORKED_EXAMPLE_1, (Benefit.MEDICAL,), override(value=6000))[
        Benefit.MEDICAL
    ]
    assert (line.amount_fen, line.deductible_fen) == (0, 6000)
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"


def test_allowance_12_days_overridden_to_15_pays_450() -> None:
    line = assessed(
        WORKED_EXAMPLE_1,
        (Benefit.HOSPITAL_ALLOWANCE,),
        override(Benefit.HOSPITAL_ALLOWANCE, DAYS, 15, reason_text="出院日期更正"),
    )[Benefit.HOSPITAL_ALLOWANCE]
    assert line.amount_fen == 45000
    assert len(line.days) == len(set(line.days)) == 15
    assert (line.computed_input, line.overridden_input) == (12, 15)
    assert line.explanation == (
        "15 days × 30.00 = 450.00; 15 days, overridden from 12 days "
        "(DOCUMENT_CORRECTION: 出院日期更正)"
    )


def test_allowance_days_override_goes_through_the_30_day_limit() -> None:
    """Worked example 3 with the officer's days: 12 days counted already, so a
    stay overridden to 25 days pays the 18 days left (540)."""
    earlier_stay = tuple(date(2025, 1, 5 + n) for n in range(12))
    earlier = BenefitLine(
        Benefit.HOSPITAL_ALLOWANCE, 36000, "e", "r", days=earlier_stay
    )
    line = assessed(
        WORKED_EXAMPLE_1,
        (Benefit.HOSPITAL_ALLOWANCE,),
        override(Benefit.HOSPITAL_ALLOWANCE, DAYS, 25),
        usage=Usage.of([(uuid4(), earlier)]),
    )[Benefit.HOSPITAL_ALLOWANCE]
    assert line.amount_fen == 54000
    assert len(line.days) == 18
    assert not set(line.days) & set(earlier_stay)
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_allowance_days_overridden_to_0_pays_nothing() -> None:
    line = assessed(
        WORKED_EXAMPLE_1,
        (Benefit.HOSPITAL_ALLOWANCE,),
        override(Benefit.HOSPITAL_ALLOWANCE, DAYS, 0),
    )[Benefit.HOSPITAL_ALLOWANCE]
    assert (line.amount_fen, line.days) == (0, ())
    assert line.reason_code == "NO_ELIGIBLE_STAY"


def test_the_line_not_overridden_is_untouched() -> None:
    plain = assessed(WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE)
    lines = assessed(WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE, override())
    assert lines[Benefit.HOSPITAL_ALLOWANCE] == plain[Benefit.HOSPITAL_ALLOWANCE]


# -- a negotiated amount (协商赔付) --------------------------------------------------


def test_a_negotiated_amount_with_supervisor_approval_keeps_the_computed_amount() -> (
    None
):
    negotiated = override(
        Benefit.MEDICAL, AMOUNT, 80000, "SUPERVISOR_APPROVAL", "经批准协商赔付800元"
    )
    medical = assessed(WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE, negotiated)[
        Benefit.MEDICAL
    ]
    assert medical.amount_fen == 80000
    assert medical.computed_fen == 78000
    assert medical.override_input == "amount_fen"
    assert medical.override_reason_code == "SUPERVISOR_APPROVAL"
    assert medical.explanation == (
        "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
        "; negotiated amount 800.00 (SUPERVISOR_APPROVAL: 经批准协商赔付800元)"
    )


@pytest.mark.parametrize(
    "code", sorted(set(SCHEME.override_reasons) - {"SUPERVISOR_APPROVAL"})
)
def test_an_amount_override_on_another_reason_is_refused_not_negotiated(
    code: str,
) -> None:
    assert refused(override(input=AMOUNT, value=80000, reason_code=code)) == [
        ("overrides[0].amount_fen", "AMOUNT_OVERRIDE_NOT_NEGOTIATED")
    ]


@pytest.mark.parametrize("code", sorted(SCHEME.override_reasons))
def test_every_override_reason_of_the_scheme_may_override_an_input(code: str) -> None:
    lines = assessed(
        WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE, override(reason_code=code)
    )
    assert lines[Benefit.MEDICAL].override_reason_code == code


def test_a_negotiated_amount_of_0_keeps_the_lines_reason_code() -> None:
    facts = ClaimFacts(invoices=(Invoice("F-9", date(2025, 6, 1), 30000),))
    zero = override(input=AMOUNT, value=0, reason_code="SUPERVISOR_APPROVAL")
    line = assessed(facts, (Benefit.MEDICAL,), zero)[Benefit.MEDICAL]
    assert line.reason_code == "NO_ELIGIBLE_EXPENSES"
    some = override(input=AMOUNT, value=20000, reason_code="SUPERVISOR_APPROVAL")
    line = assessed(facts, (Benefit.MEDICAL,), some)[Benefit.MEDICAL]
    assert line.reason_code is None
    assert line.computed_fen == 0


# -- refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("benefit", "input"),
    [
        (Benefit.MEDICAL, GRADE),
        (Benefit.MEDICAL, DAYS),
        (Benefit.HOSPITAL_ALLOWANCE, ELIGIBLE),
        (Benefit.HOSPITAL_ALLOWANCE, RATIO),
    ],
)
def test_an_input_its_benefit_does_not_take_is_refused_on_the_field(
    benefit: str, input: str
) -> None:
    assert refused(override(benefit, input, 5)) == [
        (f"overrides[0].{input}", "OVERRIDE_NOT_FOR_BENEFIT")
    ]


def test_death_takes_no_input_only_a_negotiated_amount() -> None:
    facts = ClaimFacts(death=DeathCertificate(date(2025, 1, 20), "颅脑损伤", True))
    assert refused(
        override(Benefit.DEATH, GRADE, 5), facts=facts, benefits=(Benefit.DEATH,)
    ) == [("overrides[0].grade", "OVERRIDE_NOT_FOR_BENEFIT")]


@pytest.mark.parametrize(
    ("benefit", "input", "value", "facts"),
    [
        (Benefit.DISABILITY, GRADE, 0, GRADE_5_APPRAISAL),
        (Benefit.DISABILITY, GRADE, 11, GRADE_5_APPRAISAL),
        (Benefit.BURN, RATIO, -1, BURN_12_PERCENT),
        (Benefit.BURN, RATIO, 101, BURN_12_PERCENT),
        (Benefit.MEDICAL, ELIGIBLE, -1, WORKED_EXAMPLE_1),
        (Benefit.MEDICAL, ELIGIBLE, 128001, WORKED_EXAMPLE_1),  # above the invoices
        (Benefit.HOSPITAL_ALLOWANCE, DAYS, -1, WORKED_EXAMPLE_1),
        (Benefit.HOSPITAL_ALLOWANCE, DAYS, 367, WORKED_EXAMPLE_1),
        (Benefit.MEDICAL, AMOUNT, -1, WORKED_EXAMPLE_1),
    ],
)
def test_an_input_out_of_its_range_is_refused_on_the_field(
    benefit: str, input: str, value: int, facts: ClaimFacts
) -> None:
    reason = "SUPERVISOR_APPROVAL" if input == AMOUNT else "APPEAL_DECISION"
    assert refused(
        override(benefit, input, value, reason), facts=facts, benefits=(benefit,)
    ) == [(f"overrides[0].{input}", "OVERRIDE_OUT_OF_RANGE")]


@pytest.mark.parametrize(
    ("benefit", "input", "value", "facts"),
    [
        (Benefit.DISABILITY, GRADE, 1, GRADE_5_APPRAISAL),
        (Benefit.DISABILITY, GRADE, 10, GRADE_5_APPRAISAL),
        (Benefit.BURN, RATIO, 0, BURN_12_PERCENT),
        (Benefit.MEDICAL, ELIGIBLE, 128000, WORKED_EXAMPLE_1),
        (Benefit.HOSPITAL_ALLOWANCE, DAYS, 366, WORKED_EXAMPLE_1),
    ],
)
def test_an_input_at_the_end_of_its_range_is_accepted(
    benefit: str, input: str, value: int, facts: ClaimFacts
) -> None:
    line = assessed(facts, (benefit,), override(benefit, input, value))[benefit]
    assert line.overridden_input == value


def test_an_override_with_an_unknown_reason_code_is_refused() -> None:
    assert refused(override(reason_code="BECAUSE")) == [
        ("overrides[0].reason_code", "")
    ]


@pytest.mark.parametrize("text", ["", "   "])
def test_an_override_without_a_reason_text_is_refused(text: str) -> None:
    assert refused(override(reason_text=text)) == [("overrides[0].reason_text", "")]


@pytest.mark.parametrize("benefit", [Benefit.DEATH, Benefit.TOP_UP, "FUNERAL"])
def test_an_override_of_a_benefit_not_on_the_claim_is_refused(benefit: str) -> None:
    negotiated = override(benefit, AMOUNT, 100, "SUPERVISOR_APPROVAL")
    assert refused(negotiated) == [("overrides[0].benefit", "")]


def test_a_negotiated_top_up_on_a_death_claim_without_a_top_up_line_is_refused() -> (
    None
):
    facts = ClaimFacts(death=DeathCertificate(date(2025, 1, 20), "颅脑损伤", True))
    negotiated = override(Benefit.TOP_UP, AMOUNT, 100, "SUPERVISOR_APPROVAL")
    assert refused(negotiated, facts=facts, benefits=(Benefit.DEATH,)) == [
        ("overrides[0].benefit", "")
    ]


def test_the_same_benefit_overridden_twice_is_refused() -> None:
    assert refused(
        override(Benefit.HOSPITAL_ALLOWANCE, DAYS, 10),
        override(Benefit.MEDICAL, ELIGIBLE, 70000),
        override(Benefit.MEDICAL, ELIGIBLE, 75000),
    ) == [("overrides[2].benefit", "")]


def test_every_bad_field_of_every_override_is_reported_at_once() -> None:
    with pytest.raises(InvalidCommand) as raised:
        assessed(
            WORKED_EXAMPLE_1,
            MEDICAL_AND_ALLOWANCE,
            Override(Benefit.MEDICAL, ELIGIBLE, -5, "BECAUSE", ""),
            Override(Benefit.BURN, RATIO, 50, "COURT_RULING", "判决"),
            Override(Benefit.HOSPITAL_ALLOWANCE, AMOUNT, 100, "COURT_RULING", "判决"),
        )
    assert [(v.field, v.reason) for v in raised.value.violations] == [
        ("overrides[0].eligible_fen", "OVERRIDE_OUT_OF_RANGE"),
        ("overrides[0].reason_code", ""),
        ("overrides[0].reason_text", ""),
        ("overrides[1].benefit", ""),
        ("overrides[2].amount_fen", "AMOUNT_OVERRIDE_NOT_NEGOTIATED"),
    ]
    assert raised.value.code == "INVALID_ARGUMENT"


def test_refusals_that_share_a_reason_carry_it_as_the_errors_code() -> None:
    with pytest.raises(InvalidCommand) as raised:
        assessed(
            WORKED_EXAMPLE_1,
            MEDICAL_AND_ALLOWANCE,
            override(Benefit.MEDICAL, AMOUNT, 100, "APPEAL_DECISION"),
        )
    assert raised.value.code == "AMOUNT_OVERRIDE_NOT_NEGOTIATED"


# -- the annual limits ----------------------------------------------------------------


def negotiated(benefit: str, amount_fen: int) -> Override:
    return override(benefit, AMOUNT, amount_fen, "SUPERVISOR_APPROVAL", "协商")


def test_a_negotiated_medical_amount_above_what_is_left_of_5000_is_refused() -> None:
    # 4,500 already paid on another accident: 500 left, the claim computes 500
    earlier = BenefitLine(Benefit.MEDICAL, 450000, "earlier", "r", deductible_fen=10000)
    usage = Usage.of([(uuid4(), earlier)])
    assert assessed(WORKED_EXAMPLE_1, MEDICAL_AND_ALLOWANCE, usage=usage)[
        Benefit.MEDICAL
    ].amount_fen == (50000)
    with pytest.raises(InvalidCommand) as raised:
        assessed(
            WORKED_EXAMPLE_1,
            MEDICAL_AND_ALLOWANCE,
            negotiated(Benefit.MEDICAL, 50001),
            usage=usage,
        )
    assert raised.value.violations == (
        FieldViolation("overrides", "MEDICAL 5,000.01 exceeds 5,000.00"),
    )


def test_a_negotiated_medical_amount_up_to_exactly_what_is_left_is_accepted() -> None:
    usage = Usage.of([(uuid4(), BenefitLine(Benefit.MEDICAL, 450000, "earlier", "r"))])
    lines = assessed(
        WORKED_EXAMPLE_1,
        MEDICAL_AND_ALLOWANCE,
        negotiated(Benefit.MEDICAL, 50000),
        usage=usage,
    )
    assert lines[Benefit.MEDICAL].amount_fen == 50000


def test_a_negotiated_allowance_above_900_is_refused() -> None:
    assert refused(negotiated(Benefit.HOSPITAL_ALLOWANCE, 90001)) == [("overrides", "")]


def test_a_negotiated_disability_above_30000_across_accidents_is_refused() -> None:
    grade_5 = BenefitLine(Benefit.DISABILITY, 1800000, "grade 5", "r", ratio_percent=60)
    usage = Usage.of([(uuid4(), grade_5)])
    facts = ClaimFacts(appraisal=DisabilityAppraisal(("2.1-07",), date(2025, 3, 1)))
    assert assessed(facts, (Benefit.DISABILITY,), usage=usage)[
        Benefit.DISABILITY
    ].amount_fen == (1200000)
    assert refused(
        negotiated(Benefit.DISABILITY, 1500000),
        facts=facts,
        benefits=(Benefit.DISABILITY,),
        usage=usage,
    ) == [("overrides", "")]


def test_a_grade_override_never_pays_beyond_what_is_left_of_30000() -> None:
    grade_5 = BenefitLine(Benefit.DISABILITY, 1800000, "grade 5", "r", ratio_percent=60)
    line = assessed(
        GRADE_5_APPRAISAL,
        (Benefit.DISABILITY,),
        override(Benefit.DISABILITY, GRADE, 1),
        usage=Usage.of([(uuid4(), grade_5)]),
    )[Benefit.DISABILITY]
    assert line.amount_fen == 1200000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


# -- an override stays until replaced -------------------------------------------------


def test_the_overrides_a_claims_lines_carry_are_rebuilt_for_recomputation() -> None:
    grade = override(Benefit.DISABILITY, GRADE, 8, "APPEAL_DECISION", "八级")
    eligible = override(Benefit.MEDICAL, ELIGIBLE, 100000)
    days = override(Benefit.HOSPITAL_ALLOWANCE, DAYS, 15)
    facts = ClaimFacts(
        invoices=WORKED_EXAMPLE_1.invoices,
        stays=WORKED_EXAMPLE_1.stays,
        appraisal=GRADE_5_APPRAISAL.appraisal,
    )
    benefits = (Benefit.DISABILITY, Benefit.MEDICAL, Benefit.HOSPITAL_ALLOWANCE)
    lines = assessed(facts, benefits, grade, eligible, days)
    assert kept_overrides(tuple(lines.values())) == (grade, eligible, days)
    burn = assessed(BURN_12_PERCENT, (Benefit.BURN,), override(Benefit.BURN, RATIO, 0))
    assert kept_overrides(tuple(burn.values())) == (override(Benefit.BURN, RATIO, 0),)
    amount = negotiated(Benefit.MEDICAL, 80000)
    medical = assessed(WORKED_EXAMPLE_1, (Benefit.MEDICAL,), amount)
    assert kept_overrides(tuple(medical.values())) == (amount,)


def test_a_line_stored_before_inputs_were_overridden_loads_with_its_amount() -> None:
    """An event of an amount overridden before I8: its line has no input
    fields; it loads, and its amount override stays until replaced."""
    stored = {
        "benefit": "MEDICAL",
        "amount_fen": 70000,
        "explanation": "…; overridden to 700.00 (DOCUMENT_CORRECTION: 发票金额更正)",
        "rule": "xiangning-2024 §2 MEDICAL",
        "reason_code": None,
        "deductible_fen": 10000,
        "days": [],
        "ratio_percent": 0,
        "computed_fen": 78000,
        "override_reason_code": "DOCUMENT_CORRECTION",
        "override_reason_text": "发票金额更正",
    }
    line = ValueObjectAsDict(BenefitLine).decode(stored)
    assert line.override_input is None and line.computed_fen == 78000
    assert kept_overrides((line,)) == (
        Override("MEDICAL", AMOUNT, 70000, "DOCUMENT_CORRECTION", "发票金额更正"),
    )

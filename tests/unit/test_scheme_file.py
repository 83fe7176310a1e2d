"""The scheme year is data (scheme-2024.md: "Every number and every interpretation
is a parameter of the scheme-year definition (a data file), so next year's tender
can change it without code").

The bundled 2024 file must hold the numbers of scheme-2024.md; a made-up 2025 file
with different numbers must drive the very same calculators to different amounts;
the catalogue must pick the year by the accident date; and a broken file must be
refused with an error that names the bad key."""

import copy
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from adjudication import schemes
from adjudication.domain.benefits import Benefit, BenefitLine, Case, FullPayout, Usage
from adjudication.domain.benefits.allowance import hospital_allowance
from adjudication.domain.benefits.burn import BurnThreshold, burn
from adjudication.domain.benefits.death import death, top_up
from adjudication.domain.benefits.disability import disability
from adjudication.domain.benefits.medical import medical
from adjudication.domain.eligibility import reasons_to_reject
from adjudication.domain.facts import (
    BurnArea,
    BurnDiagnosis,
    ClaimFacts,
    DeathCertificate,
    DisabilityAppraisal,
    HospitalStay,
    Invoice,
)
from adjudication.domain.scheme_year import SchemeCatalogue, SchemeYear
from adjudication.schemes import (
    SchemeFileError,
    bundled_scheme_files,
    load_catalogue,
    load_scheme,
    parse_scheme,
)
from adjudication.standards import load_disability_standard
from tests.builders import accident

BUNDLED_2024 = Path(schemes.__file__).with_name("xiangning-2024.toml")
MADE_UP_2025 = Path(__file__).parents[1] / "data/made-up-2025.toml"
STANDARD = load_disability_standard()


@pytest.fixture(scope="module")
def y2024() -> SchemeYear:
    return load_scheme(BUNDLED_2024)


@pytest.fixture(scope="module")
def y2025() -> SchemeYear:
    return load_scheme(MADE_UP_2025)


def case(
    scheme: SchemeYear,
    accident_on: date,
    accident_id: UUID | None = None,
    **facts: Any,
) -> Case:
    return Case(
        scheme, STANDARD, accident_id or uuid4(), accident_on, ClaimFacts(**facts)
    )


# --- §1 and §2: the bundled 2024 file holds the numbers of scheme-2024.md -------


def test_the_bundled_scheme_files_are_the_2024_file_only() -> None:
    assert [p.name for p in bundled_scheme_files()] == ["xiangning-2024.toml"]
    assert [y.id for y in load_catalogue()] == ["xiangning-2024"]


def test_2024_scheme_id_and_coverage_2024_10_14_to_2025_10_13_inclusive(
    y2024: SchemeYear,
) -> None:
    assert y2024.id == "xiangning-2024"
    assert y2024.coverage_start == date(2024, 10, 14)
    assert y2024.coverage_end == date(2025, 10, 13)
    assert y2024.covers(date(2024, 10, 14))
    assert y2024.covers(date(2025, 10, 13))
    assert not y2024.covers(date(2024, 10, 13))
    assert not y2024.covers(date(2025, 10, 14))


def test_2024_premium_is_20_yuan_per_insured(y2024: SchemeYear) -> None:
    assert y2024.premium_fen == 2000


def test_2024_death_disability_burn_and_top_up_sums_insured_are_30000_yuan(
    y2024: SchemeYear,
) -> None:
    assert y2024.rule(Benefit.DEATH).sum_insured_fen == 3000000
    assert y2024.rule(Benefit.DISABILITY).sum_insured_fen == 3000000
    assert y2024.rule(Benefit.BURN).sum_insured_fen == 3000000
    assert y2024.rule(Benefit.TOP_UP).sum_insured_fen == 3000000


def test_2024_death_is_offset_by_disability_and_burn(y2024: SchemeYear) -> None:
    death = y2024.rule(Benefit.DEATH)
    assert set(death.offset_by) == {Benefit.DISABILITY, Benefit.BURN}


def test_2024_top_up_follows_a_100_percent_disability_or_burn_payout(
    y2024: SchemeYear,
) -> None:
    top_up = y2024.rule(Benefit.TOP_UP)
    assert set(top_up.qualifying) == {Benefit.DISABILITY, Benefit.BURN}


def test_2024_disability_ratio_is_11_minus_grade_times_10_percent(
    y2024: SchemeYear,
) -> None:
    assert y2024.rule(Benefit.DISABILITY).grade_ratios_percent == (
        100,
        90,
        80,
        70,
        60,
        50,
        40,
        30,
        20,
        10,
    )
    for grade in range(1, 11):
        assert y2024.rule(Benefit.DISABILITY).ratio_percent(grade) == (11 - grade) * 10


def test_2024_medical_5000_yuan_with_100_yuan_deductible_per_accident_at_100_percent(
    y2024: SchemeYear,
) -> None:
    assert y2024.rule(Benefit.MEDICAL).sum_insured_fen == 500000
    assert y2024.rule(Benefit.MEDICAL).deductible_fen == 10000
    assert y2024.rule(Benefit.MEDICAL).deductible_per == "accident"
    assert y2024.rule(Benefit.MEDICAL).reimbursement_percent == 100


def test_2024_hospital_allowance_30_yuan_a_day_at_most_30_days(
    y2024: SchemeYear,
) -> None:
    allowance = y2024.rule(Benefit.HOSPITAL_ALLOWANCE)
    assert allowance.daily_fen == 3000
    assert allowance.max_days == 30
    # S = 900 yuan
    assert allowance.daily_fen * allowance.max_days == 90000


def test_2024_windows_180_days_one_month_two_years(y2024: SchemeYear) -> None:
    assert y2024.windows.accident_days == 180
    assert y2024.windows.top_up_months == 1
    assert y2024.windows.prescription_years == 2


def test_2024_burn_table_degree_iii_head_neck_8_5_2_trunk_limbs_20_15_10(
    y2024: SchemeYear,
) -> None:
    assert y2024.rule(Benefit.BURN).degree == "III"
    assert y2024.rule(Benefit.BURN).regions == {
        "HEAD_NECK": (
            BurnThreshold(Decimal(8), 100),
            BurnThreshold(Decimal(5), 75),
            BurnThreshold(Decimal(2), 50),
        ),
        "TRUNK_LIMBS": (
            BurnThreshold(Decimal(20), 100),
            BurnThreshold(Decimal(15), 75),
            BurnThreshold(Decimal(10), 50),
        ),
    }


def test_2024_statutory_days_30_decide_10_pay_3_reject_60_advance(
    y2024: SchemeYear,
) -> None:
    assert y2024.statutory.decision_days == 30
    assert y2024.statutory.payment_days == 10
    assert y2024.statutory.rejection_notice_days == 3
    assert y2024.statutory.advance_payment_days == 60


def test_2024_causes_disease_is_not_an_accident_and_the_default_exclusions_are_listed(
    y2024: SchemeYear,
) -> None:
    assert {"DISEASE", "SUDDEN_DEATH", "FOOD_POISONING"} == set(
        y2024.causes.not_accident
    )
    assert {
        "SELF_HARM",
        "BENEFICIARY_INTENT",
        "PROVOKED_FIGHT",
        "CRIME",
        "DRUNK_DRIVING",
        "DRUGGED_DRIVING",
        "UNLICENSED_DRIVING",
        "WAR_RIOT",
        "NUCLEAR_CHEMICAL_BIOLOGICAL",
    } == set(y2024.causes.excluded)
    assert "FALL" in y2024.causes.accident


def test_2024_document_checklist_of_section_3(y2024: SchemeYear) -> None:
    docs = y2024.documents
    assert docs.common == (
        "CLAIM_FORM",
        "ID_CARD",
        "HOUSEHOLD_REGISTER",
        "ACCIDENT_CERTIFICATE",
        "BANK_ACCOUNT",
    )
    assert docs.per_benefit[Benefit.DEATH] == (
        "DEATH_CERTIFICATE",
        "HOUSEHOLD_DEREGISTRATION",
        "BENEFICIARY_PROOF",
    )
    assert docs.per_benefit[Benefit.TOP_UP] == docs.per_benefit[Benefit.DEATH]
    assert docs.per_benefit[Benefit.DISABILITY] == ("DISABILITY_APPRAISAL",)
    assert docs.per_benefit[Benefit.BURN] == ("BURN_DIAGNOSIS",)
    assert docs.per_benefit[Benefit.MEDICAL] == (
        "DIAGNOSIS",
        "MEDICAL_RECORDS",
        "MEDICAL_INVOICES",
        "INSURANCE_SETTLEMENT",
    )
    assert docs.per_benefit[Benefit.HOSPITAL_ALLOWANCE] == ("DISCHARGE_SUMMARY",)


# --- a made-up 2025 year: its numbers, not 2024's, are the ones applied ----------


def test_made_up_2025_file_loads_with_its_own_numbers(y2025: SchemeYear) -> None:
    assert y2025.id == "made-up-2025"
    assert (y2025.coverage_start, y2025.coverage_end) == (
        date(2025, 10, 14),
        date(2026, 10, 13),
    )
    assert y2025.rule(Benefit.MEDICAL).sum_insured_fen == 800000
    assert y2025.rule(Benefit.MEDICAL).deductible_fen == 5000
    assert y2025.rule(Benefit.MEDICAL).deductible_per == "claim"
    assert y2025.rule(Benefit.MEDICAL).reimbursement_percent == 80
    allowance = y2025.rule(Benefit.HOSPITAL_ALLOWANCE)
    assert (allowance.daily_fen, allowance.max_days) == (5000, 20)


def test_2025_medical_deductible_50_yuan_then_80_percent(y2025: SchemeYear) -> None:
    # (1,050 − 50) × 80 % = 800; under 2024 it would be 1,050 − 100 = 950.
    line = medical(
        case(
            y2025,
            date(2025, 11, 1),
            invoices=(Invoice("M-1", date(2025, 11, 1), 105000),),
        ),
        Usage(),
    )
    assert line.amount_fen == 80000
    assert line.deductible_fen == 5000
    assert line.explanation == "(1,050.00 − 50.00 deductible) × 80 % = 800.00"


def test_2025_medical_deductible_per_claim_applies_again_on_a_second_claim_of_the_same_accident(  # noqa: E501
    y2025: SchemeYear,
) -> None:
    fall = uuid4()
    first = medical(
        case(
            y2025,
            date(2025, 11, 1),
            fall,
            invoices=(Invoice("M-1", date(2025, 11, 1), 105000),),
        ),
        Usage(),
    )
    second = medical(
        case(
            y2025,
            date(2025, 11, 1),
            fall,
            invoices=(Invoice("M-2", date(2025, 11, 20), 55000),),
        ),
        Usage.of([(fall, first)]),
    )
    # (550 − 50) × 80 % = 400
    assert second.amount_fen == 40000
    assert second.deductible_fen == 5000


def test_2025_medical_window_is_365_days_and_annual_limit_is_8000_yuan(
    y2025: SchemeYear,
) -> None:
    # An invoice 300 days after the accident (outside 2024's 180 days) counts, and
    # the 8,000 yuan limit (not 2024's 5,000) caps it.
    earlier = BenefitLine(Benefit.MEDICAL, 600000, "earlier claim", "r")
    line = medical(
        case(
            y2025,
            date(2025, 11, 1),
            invoices=(Invoice("M-3", date(2026, 8, 28), 500000),),
        ),
        Usage.of([(uuid4(), earlier)]),
    )
    assert line.amount_fen == 200000
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_2025_hospital_allowance_50_yuan_a_day_at_most_20_days(
    y2025: SchemeYear,
) -> None:
    line = hospital_allowance(
        case(
            y2025,
            date(2025, 11, 1),
            stays=(HospitalStay(date(2025, 11, 1), date(2025, 11, 26)),),
        ),
        Usage(),
    )
    assert line.amount_fen == 20 * 5000
    assert len(line.days) == 20
    assert line.reason_code == "ANNUAL_LIMIT_REACHED"


def test_2025_disability_grade_3_pays_its_own_ratio_65_percent_of_40000(
    y2025: SchemeYear,
) -> None:
    line = disability(
        case(
            y2025,
            date(2025, 11, 1),
            appraisal=DisabilityAppraisal(("7.1-04",), date(2026, 3, 1)),
        ),
        Usage(),
    )
    assert line.ratio_percent == 65
    assert line.amount_fen == 2600000


def test_2025_burn_head_neck_8_percent_is_only_70_percent_of_20000(
    y2025: SchemeYear,
) -> None:
    line = burn(
        case(
            y2025,
            date(2025, 11, 1),
            burn=BurnDiagnosis(
                (BurnArea("HEAD_NECK", "III", Decimal(8)),), date(2025, 11, 2)
            ),
        ),
        Usage(),
    )
    assert line.ratio_percent == 70
    assert line.amount_fen == 1400000


def test_2025_death_50000_is_offset_by_disability_only_not_by_burn(
    y2025: SchemeYear,
) -> None:
    fall = uuid4()
    usage = Usage.of(
        [
            (fall, BenefitLine(Benefit.DISABILITY, 2600000, "", "", ratio_percent=65)),
            (fall, BenefitLine(Benefit.BURN, 1400000, "", "", ratio_percent=70)),
        ]
    )
    line = death(
        case(
            y2025,
            date(2025, 11, 1),
            fall,
            death=DeathCertificate(date(2026, 6, 1), "颅脑损伤", True),
        ),
        usage,
    )
    assert line.amount_fen == 5000000 - 2600000


def test_2025_top_up_10000_within_two_months_of_a_disability_payout(
    y2025: SchemeYear,
) -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.DISABILITY, date(2025, 12, 31))
    # 2025-12-31 + 2 months = 2026-02-28
    line = top_up(
        case(
            y2025,
            date(2025, 11, 1),
            fall,
            death=DeathCertificate(date(2026, 2, 28), "颅脑损伤", True),
        ),
        Usage(full_payouts=[payout]),
    )
    assert line is not None
    assert line.amount_fen == 1000000


def test_2025_a_100_percent_burn_payout_does_not_open_a_top_up(
    y2025: SchemeYear,
) -> None:
    fall = uuid4()
    payout = FullPayout(fall, Benefit.BURN, date(2025, 12, 1))
    line = top_up(
        case(
            y2025,
            date(2025, 11, 1),
            fall,
            death=DeathCertificate(date(2025, 12, 10), "烧伤", True),
        ),
        Usage(full_payouts=[payout]),
    )
    assert line is None


def test_2025_claims_prescribe_after_3_years(y2025: SchemeYear) -> None:
    fall = accident(date(2025, 11, 1))
    assert reasons_to_reject(y2025, fall, date(2028, 11, 1), None) == []
    late = reasons_to_reject(y2025, fall, date(2028, 11, 2), None)
    assert [r.code for r in late] == ["TIME_BARRED"]


# --- the catalogue: the accident date decides the year ----------------------------


@pytest.mark.parametrize(
    ("accident_on", "scheme_id"),
    [
        (date(2024, 10, 13), None),
        (date(2024, 10, 14), "xiangning-2024"),
        (date(2025, 10, 13), "xiangning-2024"),
        (date(2025, 10, 14), "made-up-2025"),
        (date(2026, 10, 13), "made-up-2025"),
        (date(2026, 10, 14), None),
    ],
)
def test_catalogue_picks_the_year_whose_coverage_contains_the_accident_date(
    accident_on: date, scheme_id: str | None
) -> None:
    catalogue = load_catalogue([BUNDLED_2024, MADE_UP_2025])
    year = catalogue.for_accident(accident_on)
    assert (year.id if year else None) == scheme_id


def test_catalogue_refuses_two_years_whose_coverage_overlaps(
    y2024: SchemeYear,
) -> None:
    data = _data_2024()
    data["scheme"]["id"] = "overlapping"
    data["scheme"]["coverage_start"] = date(2025, 10, 13)
    data["scheme"]["coverage_end"] = date(2026, 10, 12)
    with pytest.raises(ValueError, match="overlap"):
        SchemeCatalogue([y2024, parse_scheme("overlapping.toml", data)])


# --- a broken file is refused, naming the bad key ---------------------------------


def _data_2024() -> dict[str, Any]:
    return tomllib.loads(BUNDLED_2024.read_text(encoding="utf-8"))


def _delete(*path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]

    return mutate


def _set(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return mutate


def _rename(*path: str, to: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        data[to] = data.pop(path[-1])

    return mutate


def _append(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for key in path:
            data = data[key]
        data.append(value)  # type: ignore[attr-defined]

    return mutate


# fmt: off
BAD_FILES = [
    # missing keys and tables
    ("missing key", _delete("benefits", "MEDICAL", "deductible_fen"),
     "benefits.MEDICAL.deductible_fen"),
    ("missing table", _delete("windows"), "windows"),
    ("missing benefit", _delete("benefits", "BURN"), "benefits.BURN"),
    ("missing checklist of a benefit", _delete("documents", "benefits", "DEATH"),
     "documents.benefits.DEATH"),
    # unknown or misspelt keys
    ("misspelt key beside the right one",
     _set("benefits", "MEDICAL", "deductable_fen", value=10000),
     "benefits.MEDICAL.deductable_fen"),
    ("misspelt key instead of the right one",
     _rename("benefits", "HOSPITAL_ALLOWANCE", "max_days", to="max_day"),
     "benefits.HOSPITAL_ALLOWANCE.max_days"),
    ("unknown top-level table", _set("sheme", value={"id": "x"}), "sheme"),
    ("unknown key in windows", _set("windows", "accident_day", value=180),
     "windows.accident_day"),
    ("unknown benefit table", _set("benefits", "FUNERAL", value={}),
     "benefits.FUNERAL"),
    ("unknown key in a burn threshold",
     _set("benefits", "BURN", "regions", "HEAD_NECK",
          value=[{"min_area_percent": "8", "ratio_percent": 100, "ratio": 1}]),
     "benefits.BURN.regions.HEAD_NECK[0].ratio"),
    # wrong types and ranges
    ("premium as a string", _set("scheme", "premium_fen", value="2000"),
     "scheme.premium_fen"),
    ("allowance in yuan as a float",
     _set("benefits", "HOSPITAL_ALLOWANCE", "daily_fen", value=30.0),
     "benefits.HOSPITAL_ALLOWANCE.daily_fen"),
    ("boolean as a number",
     _set("benefits", "HOSPITAL_ALLOWANCE", "max_days", value=True),
     "benefits.HOSPITAL_ALLOWANCE.max_days"),
    ("negative sum insured", _set("benefits", "DEATH", "sum_insured_fen", value=-1),
     "benefits.DEATH.sum_insured_fen"),
    ("date as a string", _set("scheme", "coverage_start", value="2024-10-14"),
     "scheme.coverage_start"),
    ("reimbursement above 100 %",
     _set("benefits", "MEDICAL", "reimbursement_percent", value=120),
     "benefits.MEDICAL.reimbursement_percent"),
    ("deductible per insured is not an option",
     _set("benefits", "MEDICAL", "deductible_per", value="insured"),
     "benefits.MEDICAL.deductible_per"),
    ("burn area not a decimal",
     _set("benefits", "BURN", "regions", "HEAD_NECK",
          value=[{"min_area_percent": "eight", "ratio_percent": 100}]),
     "benefits.BURN.regions.HEAD_NECK[0].min_area_percent"),
    ("cause text not a string", _set("causes", "accident", "FALL", value=1),
     "causes.accident.FALL"),
    # grade ratios: 10 percentages, most severe first
    ("nine grade ratios",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=[100, 90, 80, 70, 60, 50, 40, 30, 20]),
     "benefits.DISABILITY.grade_ratios_percent"),
    ("eleven grade ratios",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=[100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 5]),
     "benefits.DISABILITY.grade_ratios_percent"),
    ("grade ratios ascending",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
     "benefits.DISABILITY.grade_ratios_percent"),
    ("grade ratio of 0",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=[100, 90, 80, 70, 60, 50, 40, 30, 20, 0]),
     "benefits.DISABILITY.grade_ratios_percent"),
    ("grade ratio above 100",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=[110, 90, 80, 70, 60, 50, 40, 30, 20, 10]),
     "benefits.DISABILITY.grade_ratios_percent"),
    ("grade ratios as strings",
     _set("benefits", "DISABILITY", "grade_ratios_percent",
          value=["100", "90", "80", "70", "60", "50", "40", "30", "20", "10"]),
     "benefits.DISABILITY.grade_ratios_percent"),
    # benefit codes
    ("unknown benefit in offset_by", _append("benefits", "DEATH", "offset_by",
                                             value="FUNERAL"),
     "benefits.DEATH.offset_by"),
    ("unknown benefit in qualifying",
     _set("benefits", "TOP_UP", "qualifying", value=["DISABILTY"]),
     "benefits.TOP_UP.qualifying"),
    ("unknown benefit in the document checklist",
     _set("documents", "benefits", "FUNERAL", value=["CLAIM_FORM"]),
     "documents.benefits.FUNERAL"),
    # a benefit the year lacks may not be named elsewhere in its file
    ("checklist of a benefit the year lacks",
     _delete("benefits", "HOSPITAL_ALLOWANCE"), "benefits.HOSPITAL_ALLOWANCE"),
    ("top-up without the death benefit it is granted with",
     _delete("benefits", "DEATH"), "benefits.DEATH"),
    # documents and causes
    ("document kind with no name",
     _append("documents", "benefits", "MEDICAL", value="X_RAY"),
     "documents.names"),
    ("common document with no name", _delete("documents", "names", "CLAIM_FORM"),
     "documents.names"),
    ("document listed twice",
     _append("documents", "common", value="ID_CARD"), "documents.common"),
    ("cause in accident and excluded",
     _set("causes", "excluded", "FALL", value="跌倒"), "causes.excluded.FALL"),
    ("cause in not_accident and excluded",
     _set("causes", "excluded", "DISEASE", value="疾病"), "causes.excluded.DISEASE"),
    # appeals (I11)
    ("set aside on a reason that is no override reason",
     _set("appeals", "set_aside_by", value=["APPEAL_DECISION", "FRAUD"]),
     "appeals.set_aside_by"),
    ("unknown key in appeals", _set("appeals", "set_asides_by", value=[]),
     "appeals.set_asides_by"),
    ("appeals missing", _delete("appeals"), "appeals"),
    # negotiated amounts (I8)
    ("negotiated on a reason that is no override reason",
     _set("overrides", "negotiated_by", value=["SUPERVISOR_APPROVAL", "FRAUD"]),
     "overrides.negotiated_by"),
    ("unknown key in overrides", _set("overrides", "negotiate_by", value=[]),
     "overrides.negotiate_by"),
    ("overrides missing", _delete("overrides"), "overrides"),
    # coverage
    ("coverage ends before it starts",
     _set("scheme", "coverage_end", value=date(2024, 10, 13)),
     "scheme.coverage_end"),
]
# fmt: on


@pytest.mark.parametrize(
    ("mutate", "key"),
    [pytest.param(mutate, key, id=name) for name, mutate, key in BAD_FILES],
)
def test_a_bad_scheme_file_is_refused_naming_the_dotted_key(
    mutate: Callable[[dict[str, Any]], None], key: str
) -> None:
    data = copy.deepcopy(_data_2024())
    mutate(data)
    with pytest.raises(SchemeFileError) as raised:
        parse_scheme("bad-2025.toml", data)
    assert raised.value.key == key
    assert str(raised.value).startswith(f"bad-2025.toml: {key}: ")


def test_a_year_may_lack_a_benefit_that_nothing_else_in_its_file_names() -> None:
    data = _data_2024()
    del data["benefits"]["BURN"]
    del data["documents"]["benefits"]["BURN"]
    data["benefits"]["DEATH"]["offset_by"] = ["DISABILITY"]
    data["benefits"]["TOP_UP"]["qualifying"] = ["DISABILITY"]
    year = parse_scheme("no-burns.toml", data)
    assert not year.offers(Benefit.BURN)
    assert year.offers(Benefit.DISABILITY)
    assert list(year.benefits) == [
        Benefit.DISABILITY,
        Benefit.MEDICAL,
        Benefit.HOSPITAL_ALLOWANCE,
        Benefit.DEATH,
        Benefit.TOP_UP,
    ]
    assert Benefit.BURN not in year.documents.per_benefit


def test_the_unmodified_2024_data_parses(y2024: SchemeYear) -> None:
    # the bad-file tests differ from a good file only by their mutation
    assert parse_scheme("copy.toml", _data_2024()) == y2024


def test_a_file_that_is_not_valid_toml_is_refused_naming_the_file(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "broken-2025.toml"
    bad.write_text(
        BUNDLED_2024.read_text(encoding="utf-8").replace(
            "premium_fen = 2000", "premium_fen = = 2000"
        ),
        encoding="utf-8",
    )
    with pytest.raises(SchemeFileError) as raised:
        load_scheme(bad)
    assert raised.value.key == "(file)"
    assert str(bad) in str(raised.value)
    assert "not valid TOML" in str(raised.value)


def test_a_bad_file_among_several_fails_the_whole_catalogue(tmp_path: Path) -> None:
    bad = tmp_path / "bad-2025.toml"
    bad.write_text(
        MADE_UP_2025.read_text(encoding="utf-8").replace(
            "deductible_fen = 5000", "deductible_fen = 50.0"
        ),
        encoding="utf-8",
    )
    with pytest.raises(SchemeFileError) as raised:
        load_catalogue([BUNDLED_2024, bad])
    assert raised.value.key == "benefits.MEDICAL.deductible_fen"
    assert str(bad) in str(raised.value)


def test_2024_automatic_reasons_are_set_aside_on_appeal_or_court_ruling(
    y2024: SchemeYear,
) -> None:
    assert y2024.set_aside_by == ("APPEAL_DECISION", "COURT_RULING")
    assert set(y2024.set_aside_by) <= set(y2024.override_reasons)


def test_2024_amounts_are_negotiated_only_with_supervisor_approval(
    y2024: SchemeYear,
) -> None:
    assert y2024.negotiated_by == ("SUPERVISOR_APPROVAL",)
    assert set(y2024.negotiated_by) <= set(y2024.override_reasons)

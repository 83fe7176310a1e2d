"""Whether a claim can be paid at all (scheme-2024.md §1 and §4), whether its
documents are complete (§3, 保险法 第二十二条) and well formed, and resident ID
numbers (GB 11643-1999)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from stdnum.cn import ric

from adjudication.domain import resident_id
from adjudication.domain.benefits import Benefit
from adjudication.domain.documents import check_documents, missing_documents
from adjudication.domain.eligibility import Eligibility, Reason, reasons_to_reject
from adjudication.domain.errors import InvalidCommand, Violations
from adjudication.domain.facts import (
    BankAccount,
    BurnArea,
    BurnDiagnosis,
    DeathCertificate,
    DisabilityAppraisal,
    Document,
    HospitalStay,
    Invoice,
)
from adjudication.schemes import load_catalogue
from adjudication.standards import load_disability_standard
from tests.builders import accident, documents_for

CATALOGUE = load_catalogue()
SCHEME = CATALOGUE.get("xiangning-2024")
STANDARD = load_disability_standard()
CUT = date(2024, 11, 3)


def codes(reasons: list[Reason]) -> list[str]:
    return [r.code for r in reasons]


def reject(
    occurred_on: date = CUT,
    cause: str = "CUT",
    reported_on: date | None = None,
    eligibility: Eligibility | None = None,
) -> list[str]:
    return codes(
        reasons_to_reject(
            CATALOGUE.for_accident(occurred_on),
            accident(occurred_on, cause),
            reported_on or occurred_on,
            eligibility,
        )
    )


# === eligibility ====================================================================


@pytest.mark.parametrize("occurred_on", [date(2024, 10, 14), date(2025, 10, 13)])
def test_accident_on_the_first_or_last_day_of_coverage_is_covered(
    occurred_on: date,
) -> None:
    assert reject(occurred_on) == []


@pytest.mark.parametrize(
    "occurred_on",
    [date(2024, 10, 13), date(2025, 10, 14)],  # example 7: the day after coverage
)
def test_accident_outside_the_coverage_period_is_rejected(occurred_on: date) -> None:
    reasons = reasons_to_reject(
        CATALOGUE.for_accident(occurred_on), accident(occurred_on), occurred_on, None
    )
    assert codes(reasons) == ["OUTSIDE_COVERAGE_PERIOD"]
    assert str(occurred_on) in reasons[0].text


@pytest.mark.parametrize("cause", sorted(SCHEME.causes.accident))
def test_every_accident_cause_is_accepted(cause: str) -> None:
    assert reject(cause=cause) == []


@pytest.mark.parametrize("cause", sorted(SCHEME.causes.not_accident))
def test_disease_sudden_death_or_food_poisoning_is_not_an_accident(
    cause: str,
) -> None:
    assert reject(cause=cause) == ["NOT_AN_ACCIDENT"]


@pytest.mark.parametrize("cause", sorted(SCHEME.causes.excluded))
def test_every_excluded_cause_is_rejected_as_excluded(cause: str) -> None:
    reasons = reasons_to_reject(SCHEME, accident(CUT, cause), CUT, None)
    assert codes(reasons) == ["EXCLUDED_CAUSE"]
    assert SCHEME.causes.describe(cause) in reasons[0].text


def test_claim_reported_exactly_2_years_after_the_accident_is_in_time() -> None:
    assert reject(CUT, reported_on=date(2026, 11, 3)) == []


def test_claim_reported_2_years_and_a_day_after_the_accident_is_time_barred() -> None:
    reasons = reasons_to_reject(SCHEME, accident(CUT), date(2026, 11, 4), None)
    assert codes(reasons) == ["TIME_BARRED"]
    assert "prescribed on 2026-11-03" in reasons[0].text


@pytest.mark.parametrize(
    ("benefits", "expected"),
    [
        (("MEDICAL", "HOSPITAL_ALLOWANCE", "BURN"), ["TIME_BARRED"]),
        (("DEATH",), []),
        (("DISABILITY",), []),
        (("MEDICAL", "DEATH"), []),
    ],
)
def test_at_report_only_benefits_prescribing_from_the_accident_are_time_barred(
    benefits: tuple[str, ...], expected: list[str]
) -> None:
    """I12: DEATH and DISABILITY prescribe from the death and the appraisal,
    unknown at report: a claim with either is judged line by line later."""
    late = date(2026, 11, 4)
    reasons = reasons_to_reject(SCHEME, accident(CUT), late, None, benefits)
    assert codes(reasons) == expected


@pytest.mark.parametrize("code", ["NOT_ENROLLED", "NOT_CONFIRMED", "COVERAGE_ENDED"])
def test_the_rosters_reason_is_passed_through_with_its_text(code: str) -> None:
    reasons = reasons_to_reject(
        SCHEME, accident(CUT), CUT, Eligibility(False, code, "roster says so")
    )
    assert reasons == [Reason(code, "roster says so")]


def test_not_covered_without_a_roster_reason_still_gets_a_reason() -> None:
    assert reject(eligibility=Eligibility(False)) == ["NOT_COVERED"]


def test_a_covered_insured_adds_no_reason() -> None:
    assert reject(eligibility=Eligibility(True)) == []


def test_every_reason_that_applies_is_listed_together() -> None:
    assert reject(
        CUT,
        "DRUNK_DRIVING",
        reported_on=date(2027, 1, 1),
        eligibility=Eligibility(False, "NOT_ENROLLED", "not on the roster"),
    ) == ["NOT_ENROLLED", "EXCLUDED_CAUSE", "TIME_BARRED"]


def test_disease_reported_late_gives_both_reasons() -> None:
    assert reject(CUT, "DISEASE", reported_on=date(2026, 11, 4)) == [
        "NOT_AN_ACCIDENT",
        "TIME_BARRED",
    ]


# === missing documents: asked for all at once, in checklist order ==================

COMMON = [
    "CLAIM_FORM",
    "ID_CARD",
    "HOUSEHOLD_REGISTER",
    "ACCIDENT_CERTIFICATE",
    "BANK_ACCOUNT",
]


def test_no_documents_received_lists_every_required_document_in_checklist_order() -> (
    None
):
    required = SCHEME.documents.required((Benefit.MEDICAL,))
    assert missing_documents(required, []) == (
        *COMMON,
        "DIAGNOSIS",
        "MEDICAL_RECORDS",
        "MEDICAL_INVOICES",
        "INSURANCE_SETTLEMENT",
    )


def test_every_missing_document_is_listed_not_only_the_first() -> None:
    required = SCHEME.documents.required((Benefit.MEDICAL, Benefit.HOSPITAL_ALLOWANCE))
    received = [
        Document("DISCHARGE_SUMMARY"),
        Document("ID_CARD"),
        Document("MEDICAL_RECORDS"),
        Document("CLAIM_FORM"),
    ]
    assert missing_documents(required, received) == (
        "HOUSEHOLD_REGISTER",
        "ACCIDENT_CERTIFICATE",
        "BANK_ACCOUNT",
        "DIAGNOSIS",
        "MEDICAL_INVOICES",
        "INSURANCE_SETTLEMENT",
    )


def test_complete_documents_leave_nothing_missing() -> None:
    required = SCHEME.documents.required((Benefit.DEATH, Benefit.DISABILITY))
    docs = documents_for(
        ["DEATH", "DISABILITY"], CUT, items=("2.1-07",), died_on=date(2025, 1, 1)
    )
    assert missing_documents(required, docs) == ()


def test_a_document_two_benefits_need_is_asked_for_once() -> None:
    required = SCHEME.documents.required((Benefit.DEATH, Benefit.TOP_UP))
    assert required == (
        *COMMON,
        "DEATH_CERTIFICATE",
        "HOUSEHOLD_DEREGISTRATION",
        "BENEFICIARY_PROOF",
    )


# === malformed documents: every problem reported with its field path ===============


def problems_in(*documents: Document) -> list[str]:
    problems = Violations()
    check_documents(documents, SCHEME, STANDARD, CUT, problems)
    try:
        problems.raise_if_any()
    except InvalidCommand as e:
        return [v.field for v in e.violations]
    return []


def invoices(*items: Invoice) -> Document:
    return Document("MEDICAL_INVOICES", invoices=items)


def burn_of(*areas: BurnArea) -> Document:
    return Document("BURN_DIAGNOSIS", burn=BurnDiagnosis(areas, CUT))


def test_well_formed_documents_have_no_problems() -> None:
    docs = documents_for(
        ["MEDICAL", "HOSPITAL_ALLOWANCE", "DISABILITY", "BURN", "DEATH"],
        CUT,
        invoices=(Invoice("F-1", CUT, 10000, 10000),),
        stays=(HospitalStay(CUT, CUT),),
        items=("2.1-07",),
        burns=(("HEAD_NECK", "III", "100"),),
        died_on=CUT,
    )
    assert problems_in(*docs) == []


def test_no_documents_at_all_is_a_problem() -> None:
    assert problems_in() == ["documents"]


def test_invoice_reimbursed_more_than_its_amount() -> None:
    assert problems_in(invoices(Invoice("F-1", CUT, 10000, 10001))) == [
        "documents[0].invoices[0].reimbursed_fen"
    ]


def test_invoice_with_a_negative_reimbursement() -> None:
    assert problems_in(invoices(Invoice("F-1", CUT, 10000, -1))) == [
        "documents[0].invoices[0].reimbursed_fen"
    ]


def test_invoice_of_zero_amount() -> None:
    assert problems_in(invoices(Invoice("F-1", CUT, 0))) == [
        "documents[0].invoices[0].amount_fen"
    ]


def test_invoice_without_a_number() -> None:
    assert problems_in(invoices(Invoice(" ", CUT, 100))) == [
        "documents[0].invoices[0].number"
    ]


def test_the_same_invoice_number_twice_in_one_batch() -> None:
    assert problems_in(
        invoices(Invoice("F-1", CUT, 10000), Invoice("F-2", CUT, 10000)),
        invoices(Invoice("F-1", CUT, 10000)),
    ) == ["documents[1].invoices[0].number"]


def test_discharge_before_admission() -> None:
    stay = HospitalStay(date(2025, 1, 17), date(2025, 1, 5))
    assert problems_in(Document("DISCHARGE_SUMMARY", stays=(stay,))) == [
        "documents[0].stays[0].discharged_on"
    ]


def test_unknown_burn_region() -> None:
    assert problems_in(burn_of(BurnArea("FACE", "III", Decimal(5)))) == [
        "documents[0].burn.areas[0].region"
    ]


@pytest.mark.parametrize("degree", ["IV", "3", "iii", ""])
def test_burn_degree_other_than_i_ii_or_iii(degree: str) -> None:
    assert problems_in(burn_of(BurnArea("HEAD_NECK", degree, Decimal(5)))) == [
        "documents[0].burn.areas[0].degree"
    ]


def test_burn_area_above_100_percent() -> None:
    assert problems_in(burn_of(BurnArea("TRUNK_LIMBS", "III", Decimal(101)))) == [
        "documents[0].burn.areas[0].area_percent",
        "documents[0].burn.areas",
    ]


@pytest.mark.parametrize("area", ["0", "-1"])
def test_burn_area_of_zero_or_less(area: str) -> None:
    assert problems_in(burn_of(BurnArea("TRUNK_LIMBS", "III", Decimal(area)))) == [
        "documents[0].burn.areas[0].area_percent"
    ]


def test_burn_areas_adding_up_to_more_than_100_percent() -> None:
    assert problems_in(
        burn_of(
            BurnArea("TRUNK_LIMBS", "III", Decimal(60)),
            BurnArea("TRUNK_LIMBS", "II", Decimal(41)),
        )
    ) == ["documents[0].burn.areas"]


def test_burn_diagnosis_without_areas() -> None:
    assert problems_in(burn_of()) == ["documents[0].burn.areas"]


def test_a_fact_on_the_wrong_kind_of_document() -> None:
    assert problems_in(
        Document("DIAGNOSIS", invoices=(Invoice("F-1", CUT, 100),)),
        Document("CLAIM_FORM", death=DeathCertificate(CUT, "颅脑损伤", True)),
    ) == ["documents[0].invoices", "documents[1].death"]


@pytest.mark.parametrize(
    ("kind", "fact"),
    [
        ("MEDICAL_INVOICES", "invoices"),
        ("DISCHARGE_SUMMARY", "stays"),
        ("DISABILITY_APPRAISAL", "appraisal"),
        ("BURN_DIAGNOSIS", "burn"),
        ("DEATH_CERTIFICATE", "death"),
        ("ACCIDENT_CERTIFICATE", "accident_certificate"),
        ("BANK_ACCOUNT", "bank_account"),
    ],
)
def test_a_fact_bearing_document_without_its_fact(kind: str, fact: str) -> None:
    assert problems_in(Document(kind)) == [f"documents[0].{fact}"]


def test_unknown_document_kind() -> None:
    assert problems_in(Document("CLAIM_FORM"), Document("SELFIE")) == [
        "documents[1].kind"
    ]


@pytest.mark.parametrize(
    "number", ["6228-4800-1234-5678", "6228 4800 1234 5678", "1234567", "6" * 31]
)
def test_bank_account_number_must_be_8_to_30_digits(number: str) -> None:
    account = BankAccount("张建国", "中国农业银行乡宁支行", number)
    assert problems_in(Document("BANK_ACCOUNT", bank_account=account)) == [
        "documents[0].bank_account.account_number"
    ]


@pytest.mark.parametrize(
    "number",
    [
        "62284800123456７8",  # a full-width digit, as a Chinese input method types it
        "6228480012345678²",  # a superscript two
        "٦٢٢٨٤٨٠٠١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    ],
)
def test_bank_account_number_with_non_ascii_digits_is_not_8_to_30_digits(
    number: str,
) -> None:
    # str.isdigit() is true for these, but no bank transfer accepts them
    account = BankAccount("张建国", "中国农业银行乡宁支行", number)
    assert problems_in(Document("BANK_ACCOUNT", bank_account=account)) == [
        "documents[0].bank_account.account_number"
    ]


def test_disability_appraisal_with_an_unknown_item() -> None:
    appraisal = DisabilityAppraisal(("2.1-07", "9.9-99"), CUT)
    assert problems_in(Document("DISABILITY_APPRAISAL", appraisal=appraisal)) == [
        "documents[0].appraisal.item_ids[1]"
    ]


def test_death_before_the_accident() -> None:
    death = DeathCertificate(CUT - timedelta(days=1), "颅脑损伤", True)
    assert problems_in(Document("DEATH_CERTIFICATE", death=death)) == [
        "documents[0].death.died_on"
    ]


def test_every_malformed_fact_is_reported_at_once() -> None:
    assert problems_in(
        Document("CLAIM_FORM"),
        invoices(Invoice("F-1", CUT, 10000, 20000), Invoice("F-1", CUT, 0)),
        Document("DISCHARGE_SUMMARY", stays=(HospitalStay(date(2025, 1, 5), CUT),)),
        burn_of(BurnArea("BACK", "IV", Decimal(5))),
        Document("DEATH_CERTIFICATE"),
        Document("PHOTO"),
    ) == [
        "documents[1].invoices[0].reimbursed_fen",
        "documents[1].invoices[1].number",
        "documents[1].invoices[1].amount_fen",
        "documents[2].stays[0].discharged_on",
        "documents[3].burn.areas[0].region",
        "documents[3].burn.areas[0].degree",
        "documents[4].death",
        "documents[5].kind",
    ]


# === resident ID numbers =============================================================

TODAY = date(2025, 1, 1)


def with_check_digit(first_17: str) -> str:
    # calc_check_digit takes the 18-character number and ignores its last character
    return first_17 + ric.calc_check_digit(first_17 + "0")


@pytest.mark.parametrize(
    "first_17",
    [
        "14102919700517001",  # Xiangning since 2000
        "14263119650101002",  # Xiangning's code before 2000
        "11010119900307123",  # a resident who moved in from Beijing keeps the number
        "14102920240101001",  # born this scheme year
    ],
)
def test_a_valid_number_passes(first_17: str) -> None:
    assert resident_id.problem_with(with_check_digit(first_17), TODAY) is None


def test_a_valid_number_with_check_digit_x_passes() -> None:
    number = next(
        n
        for n in (with_check_digit(f"14102919700517{s:03d}") for s in range(1000))
        if n.endswith("X")
    )
    assert resident_id.problem_with(number, TODAY) is None


def test_lowercase_x_is_normalised() -> None:
    number = next(
        n
        for n in (with_check_digit(f"14102919700517{s:03d}") for s in range(1000))
        if n.endswith("X")
    )
    assert resident_id.normalise(number.lower()) == number
    assert resident_id.problem_with(number.lower(), TODAY) is None


def test_a_wrong_check_digit_is_rejected() -> None:
    number = with_check_digit("14102919700517001")
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    assert resident_id.problem_with(wrong, TODAY) == "wrong check digit"


@pytest.mark.parametrize(
    "number",
    [
        with_check_digit("14102919700517001")[:17],  # 17 characters
        with_check_digit("14102919700517001") + "0",  # 19 characters
        "",
        "141029700517001",  # the old 15-digit number
    ],
)
def test_a_wrong_length_is_rejected(number: str) -> None:
    assert resident_id.problem_with(number, TODAY) is not None


@pytest.mark.parametrize(
    "number", ["1410291970O517001X", "14102919700517A011", "X41029197005170011"]
)
def test_letters_other_than_a_final_x_are_rejected(number: str) -> None:
    problem = resident_id.problem_with(number, TODAY)
    assert problem is not None
    assert problem.startswith("must be 18 characters")


def test_full_width_digits_are_normalised_to_ascii() -> None:
    number = with_check_digit("14102919700517001")
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert resident_id.normalise(full_width) == number
    assert resident_id.problem_with(full_width, TODAY) is None


@pytest.mark.parametrize(
    "number",
    [
        "141029²97005170010",  # a superscript two in the birth year
        "14102919700517²010",  # ... in the sequence number
    ],
)
def test_other_non_ascii_digits_are_a_format_error_not_a_crash(number: str) -> None:
    problem = resident_id.problem_with(number, TODAY)
    assert problem is not None
    assert problem.startswith("must be 18 characters")


@pytest.mark.parametrize("birth", ["19800230", "19801301", "19800001", "19800431"])
def test_an_impossible_birth_date_is_rejected(birth: str) -> None:
    number = with_check_digit(f"141029{birth}001")
    assert resident_id.problem_with(number, TODAY) == f"{birth} is not a birth date"


def test_a_birth_date_after_today_is_rejected() -> None:
    number = with_check_digit("14102920250102001")
    assert resident_id.problem_with(number, TODAY) is not None


def test_an_anachronistic_region_code_is_accepted() -> None:
    # 141029 came into force in 2000; a person born in 1965 may still hold it
    number = with_check_digit("14102919650101001")
    assert not ric.is_valid(number)  # stdnum rejects it...
    assert resident_id.problem_with(number, TODAY) is None  # ...the service does not


def test_an_unknown_region_code_is_accepted() -> None:
    number = with_check_digit("99999919700517001")
    assert resident_id.problem_with(number, TODAY) is None

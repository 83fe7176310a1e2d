"""A benefit added without touching src/: the made-up FUNERAL allowance of
tests/unit/funeral.py, offered by a made-up scheme year that also lacks most of
the 2024 benefits. The registry, the parser, `compute_lines`, the annual limits
and the claim handle it as they handle the built-in benefits."""

from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.assessment import (
    apply_overrides,
    check_overrides,
    compute_lines,
)
from adjudication.domain.benefits import BENEFITS, Benefit, BenefitLine, Case, Usage
from adjudication.domain.claim import Claim, PaidBenefit, Payment
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    ReportClaim,
)
from adjudication.domain.coverage import Coverage
from adjudication.domain.errors import FieldViolation, InvalidCommand, StateForbids
from adjudication.domain.facts import (
    AccidentFacts,
    BankAccount,
    ClaimFacts,
    DeathCertificate,
    Document,
)
from adjudication.domain.overrides import AMOUNT, Override
from adjudication.domain.scheme_year import SchemeCatalogue
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.schemes import SchemeFileError, load_catalogue, load_scheme
from adjudication.standards import load_disability_standard
from tests.builders import Clock, resident_id
from tests.unit.funeral import FUNERAL, REGISTRY

FUNERAL_2026 = Path(__file__).parents[1] / "data/made-up-funeral-2026.toml"
YEAR = load_scheme(FUNERAL_2026, REGISTRY)
STANDARD = load_disability_standard()
FALL = date(2026, 11, 2)


def death_case(
    died_on: date = date(2026, 12, 1),
    caused_by_accident: bool = True,
    accident_id: UUID | None = None,
) -> Case:
    death = DeathCertificate(died_on, "颅脑损伤", caused_by_accident)
    return Case(YEAR, STANDARD, accident_id or uuid4(), FALL, ClaimFacts(death=death))


def amounts(lines: tuple[BenefitLine, ...]) -> dict[str, int]:
    return {line.benefit: line.amount_fen for line in lines}


# --- the year offers what its file has a table for --------------------------------


def test_the_made_up_year_offers_death_funeral_and_medical_only() -> None:
    assert list(YEAR.benefits) == [Benefit.MEDICAL, Benefit.DEATH, FUNERAL]
    for absent in (
        Benefit.DISABILITY,
        Benefit.BURN,
        Benefit.TOP_UP,
        Benefit.HOSPITAL_ALLOWANCE,
    ):
        assert not YEAR.offers(absent)
    assert YEAR.rule(FUNERAL).sum_insured_fen == 500000
    assert YEAR.documents.required((Benefit.DEATH, FUNERAL)) == (
        "CLAIM_FORM",
        "ID_CARD",
        "BANK_ACCOUNT",
        "DEATH_CERTIFICATE",
        "BENEFICIARY_PROOF",
        "HOUSEHOLD_DEREGISTRATION",
    )


def test_the_service_registry_never_learns_of_funeral() -> None:
    assert FUNERAL not in BENEFITS
    assert FUNERAL not in BENEFITS.claimable()
    with pytest.raises(SchemeFileError) as raised:
        load_scheme(FUNERAL_2026)
    assert raised.value.key == "benefits.FUNERAL"


def test_funeral_is_claimable_with_the_built_in_benefits() -> None:
    assert REGISTRY.claimable() == (*BENEFITS.claimable(), FUNERAL)


# --- assessment: after DEATH, a fixed sum ------------------------------------------


def test_accidental_death_pays_death_40000_and_funeral_5000() -> None:
    lines = compute_lines(death_case(), (FUNERAL, Benefit.DEATH), Usage())
    # the year's order of assessment, not the claim's; no TOP_UP: not offered
    assert amounts(lines) == {Benefit.DEATH: 4000000, FUNERAL: 500000}
    assert [line.benefit for line in lines] == [Benefit.DEATH, FUNERAL]
    assert lines[1].explanation == "accidental death: 5,000.00"
    assert lines[1].rule == "made-up-funeral-2026 §2 FUNERAL"


def test_a_death_not_caused_by_the_accident_pays_no_funeral() -> None:
    (line,) = compute_lines(death_case(caused_by_accident=False), (FUNERAL,), Usage())
    assert line.amount_fen == 0
    assert line.reason_code == "NOT_AN_ACCIDENT"


def test_a_death_after_the_180_day_window_pays_no_funeral() -> None:
    (line,) = compute_lines(death_case(date(2027, 5, 2)), (FUNERAL,), Usage())
    assert line.amount_fen == 0
    assert line.reason_code == "DEATH_AFTER_WINDOW"


def test_funeral_is_paid_once_a_second_claim_gets_0() -> None:
    fall = uuid4()
    first = compute_lines(death_case(accident_id=fall), (FUNERAL,), Usage())
    (second,) = compute_lines(
        death_case(accident_id=fall), (FUNERAL,), Usage.of([(fall, first[0])])
    )
    assert second.amount_fen == 0
    assert second.reason_code == "FUNERAL_ALREADY_ASSESSED"


# --- the annual limits of coverage -------------------------------------------------


def test_a_negotiated_amount_above_the_funeral_sum_breaks_its_annual_limit() -> None:
    case = death_case()
    lines = compute_lines(case, (FUNERAL,), Usage())
    override = Override(FUNERAL, AMOUNT, 500001, "CALCULATION_CORRECTION", "丧葬费")
    check_overrides((override,), (FUNERAL,), case.facts, YEAR)
    with pytest.raises(InvalidCommand) as raised:
        apply_overrides(case, lines, (override,), Usage())
    assert raised.value.violations == (
        FieldViolation("overrides", "FUNERAL 5,000.01 exceeds 5,000.00"),
    )


def test_the_ledger_refuses_a_second_paying_funeral_line() -> None:
    coverage = Coverage(uuid4(), YEAR.id, resident_id(1))
    fall = uuid4()
    line = BenefitLine(FUNERAL, 100, "", "")
    coverage.consume(uuid4(), fall, (line,), YEAR)
    with pytest.raises(StateForbids) as raised:
        coverage.consume(uuid4(), fall, (line,), YEAR)
    assert raised.value.code == "BENEFIT_LIMIT_EXCEEDED"
    assert "FUNERAL is paid once per insured" in raised.value.message


# --- a year without it refuses it --------------------------------------------------


def test_the_2024_year_does_not_offer_funeral_and_refuses_to_assess_it() -> None:
    (y2024,) = load_catalogue()
    assert not y2024.offers(FUNERAL)
    case = Case(y2024, STANDARD, uuid4(), date(2024, 12, 1), ClaimFacts())
    with pytest.raises(StateForbids) as raised:
        compute_lines(case, (FUNERAL,), Usage())
    assert raised.value.code == "BENEFIT_NOT_OFFERED"
    assert raised.value.message == "xiangning-2024 does not offer FUNERAL"


# --- the claim: reported, documented, assessed, paid --------------------------------


def test_a_death_and_funeral_claim_is_assessed_and_paid_per_benefit() -> None:
    fall = uuid4()
    benefits = (Benefit.DEATH, FUNERAL)
    claim = Claim(
        request_id="funeral-claim",
        actor="officer",
        insured_id_number=resident_id(2),
        insured_name="张建国",
        accident_id=fall,
        accident_date=FALL,
        scheme_id=YEAR.id,
        benefits=benefits,
        required_documents=YEAR.documents.required(benefits),
        reported_at=datetime(2026, 12, 5, 2, tzinfo=UTC),
        reported_on=date(2026, 12, 5),
    )
    death = DeathCertificate(date(2026, 12, 1), "颅脑损伤", True)
    documents = (
        *(Document(kind) for kind in ("CLAIM_FORM", "ID_CARD", "BANK_ACCOUNT")),
        Document("DEATH_CERTIFICATE", death=death),
        Document("BENEFICIARY_PROOF"),
        Document("HOUSEHOLD_DEREGISTRATION"),
    )
    claim.record_documents(documents, date(2026, 12, 6), "docs", "officer")
    assert claim.missing_documents == ()

    coverage = Coverage(uuid4(), YEAR.id, claim.insured_id_number)
    case = Case(YEAR, STANDARD, fall, FALL, claim.facts)
    lines = compute_lines(case, claim.benefits, coverage.usage(claim.id))
    coverage.consume(claim.id, fall, lines, YEAR)
    claim.assess(lines, date(2026, 12, 10), "assess", "officer")
    paid = Payment(4500000, date(2026, 12, 15), "B-1")
    claim.record_payment(paid, date(2026, 12, 15), "pay", "clerk")

    assert claim.assessed_fen == 4500000
    assert claim.payments[0].benefits == (
        PaidBenefit(Benefit.DEATH, 4000000),
        PaidBenefit(FUNERAL, 500000),
    )
    assert coverage.usage().total_fen(FUNERAL) == 500000


# --- through the claims' command side ----------------------------------------------


def made_up_year_app(clock: Clock) -> ClaimsApplication:
    roster = InMemoryRoster()
    roster.enrol(resident_id(3), YEAR.coverage_start)
    return ClaimsApplication(
        roster,
        catalogue=SchemeCatalogue([*load_catalogue(), YEAR]),
        clock=clock,
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
    )


def test_the_command_side_reports_assesses_and_pays_a_funeral_claim() -> None:
    clock = Clock(date(2026, 12, 5))
    app = made_up_year_app(clock)
    accident = AccidentFacts(FALL, "乡道", "FALL", "摔伤")
    claim = app.report_claim(
        ReportClaim("r", resident_id(3), "张建国", (Benefit.DEATH, FUNERAL), accident)
    ).claim
    death = DeathCertificate(date(2026, 12, 1), "颅脑损伤", True)
    account = BankAccount("张建国", "中国农业银行乡宁支行", "6228480012345678")
    documents = (
        Document("CLAIM_FORM"),
        Document("ID_CARD"),
        Document("BANK_ACCOUNT", bank_account=account),
        Document("DEATH_CERTIFICATE", death=death),
        Document("BENEFICIARY_PROOF"),
        Document("HOUSEHOLD_DEREGISTRATION"),
    )
    app.record_documents(RecordDocuments("d", claim.id, documents))
    assessed = app.assess_claim(AssessClaim("a", claim.id)).claim
    assert amounts(assessed.assessment.lines) == {
        Benefit.DEATH: 4000000,
        FUNERAL: 500000,
    }
    paid = app.record_payment(RecordPayment("p", claim.id, 4500000, "B-1")).claim
    assert paid.status == "PAID"
    app.close()


def test_a_benefit_the_accidents_year_does_not_offer_is_refused_when_reported() -> None:
    app = made_up_year_app(Clock(date(2026, 12, 5)))
    accident = AccidentFacts(FALL, "乡道", "FALL", "摔伤")
    with pytest.raises(InvalidCommand) as raised:
        app.report_claim(
            ReportClaim("r", resident_id(3), "张建国", (Benefit.DISABILITY,), accident)
        )
    assert raised.value.violations == (
        FieldViolation(
            "benefits[0]",
            "the scheme year made-up-funeral-2026 does not offer DISABILITY",
            "BENEFIT_NOT_OFFERED",
        ),
    )
    app.close()

"""Claim journeys on a real SQLite file and a real PostgreSQL database."""

import threading
from datetime import date, timedelta
from typing import Any

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import Claim
from adjudication.domain.commands import AssessClaim, RecordDocuments, RecordPayment
from adjudication.domain.facts import HospitalStay, Invoice
from tests.builders import Clock, Journeys, documents_for
from tests.integration.conftest import AppFactory


def amounts(claim: Claim) -> dict[str, int]:
    assert claim.assessment is not None
    return {line.benefit: line.amount_fen for line in claim.assessment.lines}


def test_medical_and_allowance_journey_pays_exactly_and_rebuilds_in_a_new_instance(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """Example 1 and a 12-day stay, assessed and paid; another instance on the
    same store rebuilds the claim from its events, equal field by field."""
    journeys = Journeys(make_app(), clock)
    result = journeys.assessed(
        insured,
        ["MEDICAL", "HOSPITAL_ALLOWANCE"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 128000, 40000),),
        stays=(HospitalStay(date(2024, 11, 3), date(2024, 11, 15)),),
    )
    assert amounts(result.claim) == {"MEDICAL": 78000, "HOSPITAL_ALLOWANCE": 36000}
    paid = journeys.pay_in_full(result.claim.id, date(2024, 11, 20)).claim
    assert paid.status == "PAID" and paid.paid_fen == 114000

    rebuilt = make_app().get_claim(paid.id)
    assert rebuilt == paid
    assert rebuilt.payments[0].amount_fen == 114000
    assert isinstance(rebuilt.payments[0].amount_fen, int)


def test_death_after_grade_1_disability_gets_the_top_up_across_instances(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """Example 5, each step on a different instance (replicas of one service)."""
    fall = date(2024, 12, 1)
    disability = Journeys(make_app(), clock).assessed(
        insured, ["DISABILITY"], fall, items=("1.3-01",), assessed_on=date(2025, 2, 1)
    )
    Journeys(make_app(), clock).pay_in_full(disability.claim.id, date(2025, 2, 10))
    death = Journeys(make_app(), clock).assessed(
        insured,
        ["DEATH"],
        fall,
        accident_id=disability.claim.accident_id,
        assessed_on=date(2025, 3, 5),
        died_on=date(2025, 3, 1),
    )
    assert amounts(death.claim) == {"DEATH": 0, "TOP_UP": 3000000}


def test_a_repeated_request_on_another_replica_returns_the_first_outcome_and_writes_nothing(  # noqa: E501
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    first, second = make_app(), make_app()
    journeys = Journeys(first, clock)
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-001", date(2024, 11, 3), 50000),),
    ).claim
    paid = first.record_payment(
        RecordPayment("pay-1", claim.id, 40000, "BANK-1", date(2024, 11, 3))
    )
    position = first.recorder.max_notification_id()
    again = second.record_payment(
        RecordPayment("pay-1", claim.id, 40000, "BANK-1", date(2024, 11, 3))
    )
    assert again.replayed and again.claim == paid.claim
    assert second.recorder.max_notification_id() == position
    assert second.get_claim(claim.id).paid_fen == 40000


def _lose_one_race(loser: ClaimsApplication, winner_step: Any) -> None:
    """Make `loser` save on stale state once: just before its first save, the
    winner commits; the loser's save conflicts and it must decide again."""
    save = loser.save
    calls = {"n": 0}

    def racing_save(*objs: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            winner_step()
        return save(*objs, **kwargs)

    loser.save = racing_save  # type: ignore[method-assign]


def test_two_officers_assessing_two_claims_of_one_person_at_once_share_one_medical_limit(  # noqa: E501
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """Two accidents with 4,100 yuan of invoices each; assessed at the same
    moment by two replicas: the loser retries on fresh state and gets only
    what is left of the 5,000 limit."""
    officer_a, officer_b = make_app(), make_app()
    claims = []
    for n, day in enumerate((date(2024, 11, 3), date(2024, 12, 3))):
        claim = Journeys(officer_a, clock).report(insured, ["MEDICAL"], day).claim
        invoice = Invoice(f"F-{n}", day, 410000)
        officer_a.record_documents(
            RecordDocuments(
                f"docs-{n}",
                claim.id,
                documents_for(["MEDICAL"], day, invoices=(invoice,)),
            ),
        )
        claims.append(claim)
    clock.set(date(2025, 1, 10))
    _lose_one_race(
        officer_b, lambda: officer_a.assess_claim(AssessClaim("assess-a", claims[0].id))
    )
    result_b = officer_b.assess_claim(AssessClaim("assess-b", claims[1].id))

    result_a = officer_b.get_claim(claims[0].id)
    assert amounts(result_a) == {"MEDICAL": 400000}
    assert amounts(result_b.claim) == {"MEDICAL": 100000}
    coverage = officer_b.get_coverage("xiangning-2024", insured)
    assert coverage is not None
    assert coverage.usage().total_fen("MEDICAL") == 500000


def test_a_payment_raced_by_its_own_retry_is_recorded_once(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    first, second = make_app(), make_app()
    claim = (
        Journeys(first, clock)
        .assessed(
            insured,
            ["MEDICAL"],
            date(2024, 11, 3),
            invoices=(Invoice("F-001", date(2024, 11, 3), 50000),),
        )
        .claim
    )
    _lose_one_race(
        second,
        lambda: first.record_payment(
            RecordPayment("pay", claim.id, 40000, "BANK-1", date(2024, 11, 3))
        ),
    )
    result = second.record_payment(
        RecordPayment("pay", claim.id, 40000, "BANK-1", date(2024, 11, 3))
    )
    assert result.replayed
    assert [p.amount_fen for p in second.get_claim(claim.id).payments] == [40000]


def test_many_concurrent_assessments_of_one_person_never_exceed_the_limits(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """Six claims of six accidents, each with 1,500 yuan of invoices and a
    12-day stay, assessed by six threads at once on two replicas."""
    replicas = [make_app(), make_app()]
    claim_ids = []
    for n in range(6):
        day = date(2024, 11, 1 + 4 * n)
        claim = (
            Journeys(replicas[0], clock)
            .report(insured, ["MEDICAL", "HOSPITAL_ALLOWANCE"], day)
            .claim
        )
        replicas[0].record_documents(
            RecordDocuments(
                f"docs-{n}",
                claim.id,
                documents_for(
                    ["MEDICAL", "HOSPITAL_ALLOWANCE"],
                    day,
                    invoices=(Invoice(f"F-{n}", day, 150000),),
                    stays=(HospitalStay(day, day + timedelta(days=12)),),
                ),
            ),
        )
        claim_ids.append(claim.id)
    clock.set(date(2025, 1, 10))
    start = threading.Barrier(len(claim_ids))
    errors: list[BaseException] = []

    def assess(n: int) -> None:
        start.wait()
        try:
            replicas[n % 2].assess_claim(AssessClaim(f"assess-{n}", claim_ids[n]))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=assess, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors

    claims = [replicas[0].get_claim(i) for i in claim_ids]
    medical = sum(amounts(c).get("MEDICAL", 0) for c in claims if c.assessment)
    days = sum(
        len(line.days)
        for c in claims
        if c.assessment
        for line in c.assessment.lines
        if line.benefit == "HOSPITAL_ALLOWANCE"
    )
    assert medical == 500000  # 6 × 1,400 eligible, capped at 5,000
    assert days == 30  # overlapping stays count once: 32 days, capped at 30
    coverage = replicas[1].get_coverage("xiangning-2024", insured)
    assert coverage is not None
    assert coverage.usage().total_fen("MEDICAL") == medical


def test_example_9_paid_death_set_off_against_the_disability_across_instances(
    make_app: AppFactory, clock: Clock, insured: str
) -> None:
    """I2 on a real store: the set-offs, and nothing to recover or held, come
    back equal in another instance."""
    fall = date(2024, 12, 1)
    journeys = Journeys(make_app(), clock)
    death = journeys.assessed(
        insured,
        ["DEATH", "MEDICAL"],
        fall,
        assessed_on=date(2025, 2, 15),
        died_on=date(2025, 2, 9),
        invoices=(Invoice("F-9", fall, 60000),),
    ).claim
    journeys.pay_in_full(death.id, date(2025, 2, 16))
    disability = journeys.assessed(
        insured,
        ["DISABILITY"],
        fall,
        accident_id=death.accident_id,
        assessed_on=date(2025, 2, 20),
        items=("7.1-11",),
    ).claim
    other = make_app()
    rebuilt_death, rebuilt_disability = (
        other.get_claim(death.id),
        other.get_claim(disability.id),
    )
    assert rebuilt_disability == journeys.app.get_claim(disability.id)
    assert rebuilt_death.settlement == rebuilt_disability.settlement
    assert rebuilt_disability.status == "PAID"
    assert amounts(rebuilt_death) == {"DEATH": 1200000, "MEDICAL": 50000}
    assert rebuilt_death.paid_fen == 3050000 and rebuilt_death.to_recover_fen == 0
    coverage = other.get_coverage("xiangning-2024", insured)
    assert coverage is not None and coverage.held == {}

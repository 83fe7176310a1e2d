"""Replaying a claim's stored events rebuilds exactly its state: the repository's
claim, a fold of the stored events and the aggregate the last command returned
are equal, now and at every earlier version."""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RejectClaim,
    ReopenClaim,
    WithdrawClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.facts import Document, HospitalStay, Invoice
from adjudication.domain.overrides import DAYS, Override
from tests.builders import Journeys, documents_for, resident_id

FALL = date(2024, 11, 3)
SCHEME = "xiangning-2024"


def fold(events: list[Any]) -> Any:
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def stored(app: ClaimsApplication, aggregate_id: UUID) -> list[Any]:
    return list(app.events.get(aggregate_id))


def full_journey(app: ClaimsApplication, journeys: Journeys, insured: str) -> Any:
    """Medical and allowance: documents in two parts, an override, a partial
    payment, an appeal with more invoices, a reassessment, the rest paid."""
    benefits = ["MEDICAL", "HOSPITAL_ALLOWANCE"]
    claim = journeys.report(insured, benefits, FALL).claim
    docs = documents_for(
        benefits,
        FALL,
        invoices=(Invoice("F-001", FALL, 128000, 40000),),
        stays=(HospitalStay(FALL, date(2024, 11, 10), "乡宁县人民医院"),),
    )
    app.record_documents(RecordDocuments(journeys.request_id(), claim.id, docs[:3]))
    app.record_documents(RecordDocuments(journeys.request_id(), claim.id, docs[3:]))
    app.assess_claim(
        AssessClaim(
            journeys.request_id(),
            claim.id,
            [
                Override(
                    "HOSPITAL_ALLOWANCE", DAYS, 6, "DOCUMENT_CORRECTION", "住院天数更正"
                )
            ],
        ),
        actor="officer-1",
    )
    app.record_payment(RecordPayment(journeys.request_id(), claim.id, 50000, "BANK-1"))
    app.reopen_claim(ReopenClaim(journeys.request_id(), claim.id, "补充发票"))
    more = [Document("MEDICAL_INVOICES", invoices=(Invoice("F-002", FALL, 30000),))]
    app.record_documents(RecordDocuments(journeys.request_id(), claim.id, more))
    app.assess_claim(AssessClaim(journeys.request_id(), claim.id))
    return journeys.pay_in_full(claim.id, date(2024, 12, 1)).claim


def rejected_and_appealed(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> Any:
    result = journeys.assessed(
        insured,
        ["BURN"],
        FALL,
        burns=(("HEAD_NECK", "III", "5.5"), ("TRUNK_LIMBS", "II", "30")),
    )
    claim_id = result.claim.id
    app.reject_claim(
        RejectClaim(
            journeys.request_id(), claim_id, [Reason("FRAUD", "伪造")], "拒赔通知"
        )
    )
    app.reopen_claim(ReopenClaim(journeys.request_id(), claim_id, "申诉"))
    app.assess_claim(AssessClaim(journeys.request_id(), claim_id))
    return app.withdraw_claim(
        WithdrawClaim(journeys.request_id(), claim_id, "撤回")
    ).claim


def top_up(app: ClaimsApplication, journeys: Journeys, insured: str) -> Any:
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
    return journeys.pay_in_full(death.claim.id, date(2025, 3, 10)).claim


def rejected_at_report(app: ClaimsApplication, journeys: Journeys, insured: str) -> Any:
    return journeys.report(resident_id(9), ["DEATH"], FALL, cause="SELF_HARM").claim


JOURNEYS: dict[str, Callable[[ClaimsApplication, Journeys, str], Any]] = {
    "full": full_journey,
    "rejected-and-appealed": rejected_and_appealed,
    "top-up": top_up,
    "rejected-at-report": rejected_at_report,
}


@pytest.fixture(params=sorted(JOURNEYS))
def last(
    request: pytest.FixtureRequest,
    app: ClaimsApplication,
    journeys: Journeys,
    insured: str,
) -> Any:
    """The claim the journey's last command returned."""
    return JOURNEYS[request.param](app, journeys, insured)


def test_the_repository_rebuilds_the_claim_the_last_command_returned(
    app: ClaimsApplication, last: Any
) -> None:
    rebuilt = app.get_claim(last.id)
    assert rebuilt is not last
    assert rebuilt == last
    assert rebuilt.status == last.status
    assert rebuilt.assessment == last.assessment
    assert rebuilt.payments == last.payments


def test_folding_the_stored_events_rebuilds_the_claim(
    app: ClaimsApplication, last: Any
) -> None:
    events = stored(app, last.id)
    assert len(events) == last.version
    assert fold(events) == last


def test_at_every_version_the_claim_is_the_fold_of_its_first_events(
    app: ClaimsApplication, last: Any
) -> None:
    events = stored(app, last.id)
    for version in range(1, len(events) + 1):
        at_version = app.get_claim(last.id, version=version)
        assert at_version.version == version
        assert at_version == fold(events[:version])


def test_folding_the_coverage_events_rebuilds_the_benefit_ledger(
    app: ClaimsApplication, last: Any, insured: str
) -> None:
    coverage = app.get_coverage(SCHEME, last.insured_id_number)
    if coverage is None:
        assert last.status == "REJECTED"
        return
    assert fold(stored(app, coverage.id)) == coverage


def test_the_full_journey_ends_paid_with_its_history(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    last = full_journey(app, journeys, insured)
    names = [type(e).__name__ for e in stored(app, last.id)]
    assert names == [
        "Reported",
        "DocumentsReceived",
        "DocumentsReceived",
        "Assessed",
        "PaymentRecorded",
        "Reopened",
        "DocumentsReceived",
        "Assessed",
        "PaymentRecorded",
    ]
    assert last.status == "PAID"
    # 1,280 + 300 − 400 − 100 = 1,080 medical; 7 days × 30 = 210 allowance
    assert {line.benefit: line.amount_fen for line in last.assessment.lines} == {
        "MEDICAL": 108000,
        "HOSPITAL_ALLOWANCE": 21000,
    }
    coverage = app.get_coverage(SCHEME, insured)
    assert coverage is not None
    assert coverage.usage().total_fen("MEDICAL") == 108000
    assert coverage.usage().total_fen("HOSPITAL_ALLOWANCE") == 21000

"""I11 (scheme-2024.md §6): appeals can overturn automatic reasons. A reopened
claim may be re-decided with an automatic rejection reason set aside by an
officer citing an override reason (APPEAL_DECISION, COURT_RULING) with a text;
the event keeps both, and the set-aside stays until replaced."""

from datetime import date
from uuid import UUID

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.appeals import SetAside
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RejectClaim,
    ReopenClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.errors import InvalidCommand, StateForbids
from adjudication.domain.facts import Invoice
from tests.builders import Journeys, documents_for

FALL = date(2024, 11, 3)
F001 = Invoice("F-001", FALL, 128000, 40000)  # 780.00 payable
NOT_AN_ACCIDENT = SetAside("NOT_AN_ACCIDENT", "APPEAL_DECISION", "复核：系田间跌倒")


def keyed_as_disease(journeys: Journeys, insured: str) -> Claim:
    """A fall keyed as DISEASE by mistake: rejected at report, documented."""
    claim = journeys.report(insured, ["MEDICAL"], FALL, cause="DISEASE").claim
    assert claim.status == "REJECTED"
    assert claim.rejection is not None
    assert [r.code for r in claim.rejection.reasons] == ["NOT_AN_ACCIDENT"]
    return claim


def documented(app: ClaimsApplication, journeys: Journeys, claim_id: UUID) -> Claim:
    docs = documents_for(["MEDICAL"], FALL, invoices=(F001,))
    return app.record_documents(
        RecordDocuments(journeys.request_id(), claim_id, docs)
    ).claim


def fields_of(error: InvalidCommand) -> list[str]:
    return [v.field for v in error.violations]


def test_without_a_set_aside_the_reopened_claim_is_rejected_again(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉"))
    documented(app, journeys, claim.id)
    again = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert again.status == "REJECTED"


def test_an_appeal_setting_aside_not_an_accident_pays_the_claim(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉：录入错误"))
    documented(app, journeys, claim.id)
    paid = app.assess_claim(
        AssessClaim("assess", claim.id, (), set_asides=(NOT_AN_ACCIDENT,))
    )
    assert paid.claim.status == "ASSESSED"
    assert paid.claim.assessed_fen == 78000
    assert paid.claim.set_asides == (NOT_AN_ACCIDENT,)
    assessed = list(app.events.get(claim.id))[-1]
    assert type(assessed).__name__ == "Assessed"
    # the event keeps the reason set aside and the override reason cited
    assert tuple(assessed.set_asides) == (NOT_AN_ACCIDENT,)  # type: ignore[attr-defined]
    assert app.get_claim(claim.id) == paid.claim  # replays from the stored events


def test_a_set_aside_given_at_reopening_is_kept_for_the_reassessment(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    reopened = app.reopen_claim(
        ReopenClaim("appeal", claim.id, "法院判决", set_asides=(NOT_AN_ACCIDENT,))
    ).claim
    assert reopened.set_asides == (NOT_AN_ACCIDENT,)
    documented(app, journeys, claim.id)
    assessed = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert assessed.status == "ASSESSED" and assessed.assessed_fen == 78000


def test_the_set_aside_stays_for_a_later_reassessment_until_replaced(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉"))
    documented(app, journeys, claim.id)
    app.assess_claim(AssessClaim("assess", claim.id, (), set_asides=(NOT_AN_ACCIDENT,)))
    app.reopen_claim(ReopenClaim("appeal-2", claim.id, "补充材料"))
    again = app.assess_claim(AssessClaim("assess-2", claim.id)).claim
    assert again.status == "ASSESSED" and again.set_asides == (NOT_AN_ACCIDENT,)
    ruling = SetAside("NOT_AN_ACCIDENT", "COURT_RULING", "（2025）晋1029民初12号")
    app.reopen_claim(ReopenClaim("appeal-3", claim.id, "判决", set_asides=(ruling,)))
    replaced = app.assess_claim(AssessClaim("assess-3", claim.id)).claim
    assert replaced.set_asides == (ruling,)


def test_a_reason_left_standing_still_rejects_and_the_set_aside_is_kept(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    """Disease reported after two years: TIME_BARRED stands."""
    claim = journeys.report(
        insured, ["MEDICAL"], FALL, cause="DISEASE", reported_on=date(2026, 11, 4)
    ).claim
    app.reopen_claim(
        ReopenClaim("appeal", claim.id, "申诉", set_asides=(NOT_AN_ACCIDENT,))
    )
    documented(app, journeys, claim.id)
    rejected = app.assess_claim(AssessClaim("assess", claim.id)).claim
    assert rejected.rejection is not None
    assert [r.code for r in rejected.rejection.reasons] == ["TIME_BARRED"]
    assert rejected.set_asides == (NOT_AN_ACCIDENT,)


def test_setting_aside_a_reason_the_claim_does_not_have_is_invalid(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    wrong = SetAside("EXCLUDED_CAUSE", "APPEAL_DECISION", "复核")
    with pytest.raises(InvalidCommand) as caught:
        app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉", set_asides=(wrong,)))
    assert fields_of(caught.value) == ["set_asides[0].reason_code"]
    app.reopen_claim(ReopenClaim("appeal-ok", claim.id, "申诉"))
    documented(app, journeys, claim.id)
    with pytest.raises(InvalidCommand) as caught:
        app.assess_claim(AssessClaim("assess", claim.id, (), set_asides=(wrong,)))
    assert fields_of(caught.value) == ["set_asides[0].reason_code"]


def test_setting_aside_a_reason_that_is_not_automatic_is_invalid(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    documented(app, journeys, claim.id)
    app.reject_claim(RejectClaim("reject", claim.id, [Reason("FRAUD", "伪造")], "拒"))
    fraud = SetAside("FRAUD", "APPEAL_DECISION", "复核")
    with pytest.raises(InvalidCommand) as caught:
        app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉", set_asides=(fraud,)))
    assert fields_of(caught.value) == ["set_asides[0].reason_code"]
    assert "not an automatic reason" in caught.value.violations[0].description


def test_a_set_aside_needs_an_allowed_override_reason_and_a_text(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = keyed_as_disease(journeys, insured)
    bad = SetAside("NOT_AN_ACCIDENT", "CALCULATION_CORRECTION", " ")
    with pytest.raises(InvalidCommand) as caught:
        app.reopen_claim(ReopenClaim("appeal", claim.id, "申诉", set_asides=(bad, bad)))
    assert fields_of(caught.value) == [
        "set_asides[0].override_reason_code",
        "set_asides[0].text",
        "set_asides[1].reason_code",
        "set_asides[1].override_reason_code",
        "set_asides[1].text",
    ]


def test_a_claim_never_reopened_sets_no_reason_aside(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    documented(app, journeys, claim.id)
    with pytest.raises(StateForbids) as caught:
        app.assess_claim(
            AssessClaim("assess", claim.id, (), set_asides=(NOT_AN_ACCIDENT,))
        )
    assert caught.value.code == "CLAIM_NOT_REOPENED"

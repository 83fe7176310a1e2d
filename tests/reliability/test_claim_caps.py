"""A claim takes at most MAX_DOCUMENTS documents and is reopened at most
MAX_REOPENINGS times: however often it is written to, it cannot grow past the
size the input limits allow for."""

from datetime import date

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import MAX_DOCUMENTS, MAX_REOPENINGS
from adjudication.domain.commands import RecordDocuments, ReopenClaim, WithdrawClaim
from adjudication.domain.errors import StateForbids
from adjudication.domain.facts import Document
from tests.builders import Journeys
from tests.figures import measured


def test_a_claim_takes_no_more_than_its_most_documents(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], date(2024, 11, 4)).claim
    for n in range(MAX_DOCUMENTS // 10):
        app.record_documents(
            RecordDocuments(f"docs-{n}", claim.id, (Document(kind="CLAIM_FORM"),) * 10)
        )
    before = app.recorder.max_notification_id()
    with pytest.raises(StateForbids) as refused:
        app.record_documents(
            RecordDocuments("docs-one-more", claim.id, (Document(kind="CLAIM_FORM"),))
        )
    assert refused.value.code == "TOO_MANY_DOCUMENTS"
    assert app.recorder.max_notification_id() == before
    measured(f"{MAX_DOCUMENTS} documents recorded, the next refused TOO_MANY_DOCUMENTS")


def test_a_claim_is_reopened_no_more_than_its_most_times(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], date(2024, 11, 4)).claim
    for n in range(MAX_REOPENINGS):
        app.withdraw_claim(WithdrawClaim(f"w-{n}", claim.id, "撤回"))
        app.reopen_claim(ReopenClaim(f"r-{n}", claim.id, "申诉"))
    app.withdraw_claim(WithdrawClaim("w-last", claim.id, "撤回"))
    before = app.recorder.max_notification_id()
    with pytest.raises(StateForbids) as refused:
        app.reopen_claim(ReopenClaim("r-one-more", claim.id, "申诉"))
    assert refused.value.code == "TOO_MANY_REOPENINGS"
    assert app.recorder.max_notification_id() == before
    measured(f"reopened {MAX_REOPENINGS} times, the next refused TOO_MANY_REOPENINGS")

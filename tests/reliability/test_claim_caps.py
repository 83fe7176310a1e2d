"""A claim takes at most MAX_DOCUMENTS documents: however often documents are
recorded, it cannot grow past the size the input limits allow for."""

from datetime import date

import pytest

from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import MAX_DOCUMENTS
from adjudication.domain.commands import RecordDocuments
from adjudication.domain.errors import StateForbids
from adjudication.domain.facts import Document
from tests.builders import Journeys


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
    print(f"{MAX_DOCUMENTS} documents recorded, the next refused TOO_MANY_DOCUMENTS")

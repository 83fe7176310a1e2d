"""The claim's document, which the claim records read model stores as JSON and
the API maps to its messages: plain JSON values, so what the view stores and
reads back shows the claim exactly as the document built from the claim."""

import json
from datetime import date

from adjudication.api.mapping import ClaimPresenter, claim_message
from adjudication.claims.application import ClaimsApplication
from adjudication.domain.claim import Claim
from adjudication.domain.commands import (
    AssessClaim,
    RecordDocuments,
    RecordPayment,
    RejectClaim,
)
from adjudication.domain.eligibility import Reason
from adjudication.domain.facts import Invoice
from adjudication.domain.overrides import AMOUNT, ELIGIBLE, Override
from projections.claim_document import ClaimDocuments
from tests.builders import Journeys, documents_for

FALL = date(2024, 11, 3)


def every_version(app: ClaimsApplication, claim: Claim) -> list[Claim]:
    return [app.get_claim(claim.id, v) for v in range(1, claim.version + 1)]


def test_a_document_read_back_from_json_is_the_same_claim(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    documents = ClaimDocuments(app.catalogue, app.get_accident)
    paid = journeys.report(insured, ["MEDICAL", "BURN"], FALL).claim
    app.record_documents(
        RecordDocuments(
            journeys.request_id(),
            paid.id,
            documents_for(
                ["MEDICAL", "BURN"],
                FALL,
                invoices=(Invoice("F-001", FALL, 128000, 40000),),
                burns=(("HEAD_NECK", "II", "3.5"),),
            ),
        ),
    )
    overrides = [
        Override("MEDICAL", ELIGIBLE, 80000, "DOCUMENT_CORRECTION", "发票金额更正"),
        Override("BURN", AMOUNT, 10000, "SUPERVISOR_APPROVAL", "协商赔付"),
    ]
    app.assess_claim(AssessClaim(journeys.request_id(), paid.id, overrides))
    paid = app.record_payment(
        RecordPayment(
            journeys.request_id(),
            paid.id,
            50000,
            "BANK-1",
        )
    ).claim
    # Another accident of the same day (I10).
    rejected = journeys.report(insured, ["MEDICAL"], FALL, distinct_accident=True).claim
    reasons = [Reason("FRAUD", "伪造")]
    rejected = app.reject_claim(
        RejectClaim(journeys.request_id(), rejected.id, reasons, "非意外伤害")
    ).claim
    # every optional part of a claim is there to be read back
    final = documents.of(paid)
    assert final["assessment"] is not None and final["payments"]
    assert any(x["computed_fen"] is not None for x in final["assessment"]["lines"])
    assert any(x.get("computed_input") for x in final["assessment"]["lines"])
    assert any(d["burn"] for d in final["documents"])
    assert documents.of(rejected)["rejection"] is not None
    for claim in every_version(app, paid) + every_version(app, rejected):
        document = documents.of(claim)
        stored = json.loads(json.dumps(document, ensure_ascii=False))
        assert stored == document
        assert claim_message(stored) == ClaimPresenter(app).claim(claim)


def test_the_document_is_neutral_of_the_contract(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.report(insured, ["MEDICAL"], FALL).claim
    document = ClaimDocuments(app.catalogue, app.get_accident).of(claim)
    assert document["benefits"] == ["MEDICAL"]
    assert document["status"] == "AWAITING_DOCUMENTS"
    assert document["documents_complete_date"] is None
    assert document["missing_documents"][0]["display_name"] != ""
    message = claim_message(document)
    assert message.name == f"claims/{claim.id}"
    assert message.documents_complete_date == ""

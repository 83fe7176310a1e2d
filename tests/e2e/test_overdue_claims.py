"""The auditors' overdue list over a real channel (保险法 第二十三条)."""

from datetime import timedelta
from uuid import uuid4

import grpc
import pytest

from adjudication.v1 import audit_pb2, audit_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import MEDICAL_DOCS, Client, common_documents, error_of, invoices
from tests.e2e.conftest import (
    COVERED,
    SCHEME_ID,
    RunningServer,
    days_ago,
    today,
)


def test_a_claim_undecided_30_days_after_complete_documents_is_overdue(
    server: RunningServer,
) -> None:
    client = Client(server)
    allowance, fall = [pb.BENEFIT_HOSPITAL_ALLOWANCE], days_ago(50)
    late = client.report(COVERED[0], allowance, fall, reported_on=days_ago(45))
    recent = client.report(COVERED[1], allowance, fall, reported_on=days_ago(45))
    stay = pb.Document(
        kind="DISCHARGE_SUMMARY",
        stays=[
            pb.HospitalStay(admission_date=days_ago(50), discharge_date=days_ago(45))
        ],
    )
    for response, received in ((late, days_ago(40)), (recent, days_ago(20))):
        documented = client.call(
            "RecordDocuments",
            pb.RecordDocumentsRequest(
                request_id=f"docs-{response.claim.claim_id}",
                name=response.claim.name,
                documents=[*common_documents(days_ago(50)), stay],
                received_date=received,
            ),
        )
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    overdue = audit.ListOverdueClaims(
        audit_pb2.ListOverdueClaimsRequest(
            scheme_id=SCHEME_ID, min_position=documented.position
        ),
        timeout=10,
    )
    assert [c.name for c in overdue.claims] == [late.claim.name]
    assert overdue.claims[0].deadlines.decision_due_date == days_ago(10)


def test_a_claim_reopened_40_days_after_its_documents_awaits_them_before_the_clock_runs(
    server: RunningServer,
) -> None:
    """I13 (保险法 第二十三条) over the channel: documents complete 40 days ago,
    assessed, reopened today awaiting a new invoice; not overdue today and no
    decision due while it waits; the invoice comes today: due in 30 days,
    overdue as of the 31st day, and an unknown kind is an INVALID_ARGUMENT."""
    client = Client(server)
    cut = days_ago(45)
    claim = client.report(
        COVERED[2], [pb.BENEFIT_MEDICAL], cut, cause="CUT", reported_on=cut
    ).claim
    client.call(
        "RecordDocuments",
        pb.RecordDocumentsRequest(
            request_id=uuid4().hex,
            name=claim.name,
            documents=[
                *common_documents(cut),
                *MEDICAL_DOCS,
                invoices(("E2E-I13-1", cut, 50000, 0)),
            ],
            received_date=days_ago(40),
        ),
    )
    assert client.assess(claim).claim.status == pb.CLAIM_STATUS_ASSESSED

    def reopen(*kinds: str) -> pb.ReopenClaimResponse:
        return client.call(
            "ReopenClaim",
            pb.ReopenClaimRequest(
                request_id=uuid4().hex,
                name=claim.name,
                reason="补充发票",
                awaited_documents=kinds,
            ),
        )

    with pytest.raises(grpc.RpcError) as caught:
        reopen("MEDICAL_INVOICES", "PHOTO")
    code, _, fields = error_of(caught.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert fields == ["awaited_documents[1]"]

    reopened = reopen("MEDICAL_INVOICES").claim
    assert reopened.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
    assert [d.kind for d in reopened.missing_documents] == ["MEDICAL_INVOICES"]
    assert reopened.documents_complete_date == ""
    assert reopened.deadlines.decision_due_date == ""
    assert overdue(server, today().isoformat(), client.written) == []

    received = client.documents(claim, [invoices(("E2E-I13-2", cut, 30000, 0))]).claim
    assert received.status == pb.CLAIM_STATUS_READY_FOR_ASSESSMENT
    assert received.documents_complete_date == today().isoformat()
    in_30 = (today() + timedelta(days=30)).isoformat()
    assert received.deadlines.decision_due_date == in_30
    assert overdue(server, in_30, client.written) == []
    in_31 = (today() + timedelta(days=31)).isoformat()
    assert overdue(server, in_31, client.written) == [claim.name]


def overdue(server: RunningServer, as_of: str, position: int) -> list[str]:
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    response = audit.ListOverdueClaims(
        audit_pb2.ListOverdueClaimsRequest(
            scheme_id=SCHEME_ID, as_of_date=as_of, min_position=position
        ),
        timeout=10,
    )
    return [c.name for c in response.claims]

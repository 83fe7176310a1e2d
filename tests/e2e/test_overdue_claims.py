"""The auditors' overdue list over a real channel (保险法 第二十三条)."""

from adjudication.v1 import audit_pb2, audit_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client, common_documents
from tests.e2e.conftest import COVERED, SCHEME_ID, RunningServer, days_ago


def test_a_claim_undecided_30_days_after_complete_documents_is_overdue(
    server: RunningServer,
) -> None:
    client = Client(server)
    late = client.report(COVERED[0], [pb.BENEFIT_HOSPITAL_ALLOWANCE], days_ago(50))
    recent = client.report(COVERED[1], [pb.BENEFIT_HOSPITAL_ALLOWANCE], days_ago(50))
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

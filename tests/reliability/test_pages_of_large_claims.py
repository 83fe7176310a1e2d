"""Claims at their documents' limits: a default page of ListClaims stays within
PAGE_BYTES (it ends early, with a token), and the pages list every claim once.
Before, the page held every claim whatever its size: past gRPC's 4 MB limit a
few dozen such claims made the default page RESOURCE_EXHAUSTED for everyone."""

import grpc
import pytest

from adjudication.api.errors import MAX_VIOLATIONS
from adjudication.api.pagination import PAGE_BYTES
from adjudication.domain.claim import MAX_DOCUMENTS
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client, error_of
from tests.e2e.conftest import COVERED, RunningServer, days_ago
from tests.figures import measured

WIDE = "\U00020000"  # 4 bytes in UTF-8
CLAIMS = 10


def large_document(day: str) -> pb.Document:
    """A discharge summary whose stays are at their limits."""
    stay = pb.HospitalStay(admission_date=day, discharge_date=day, hospital=WIDE * 200)
    return pb.Document(kind="DISCHARGE_SUMMARY", stays=[stay] * 5)


def test_a_page_of_large_claims_stays_within_its_bytes(server: RunningServer) -> None:
    client = Client(server)
    made = set()
    for n in range(CLAIMS):
        day = days_ago(10 + n)
        claim = client.report(
            COVERED[n % len(COVERED)], [pb.BENEFIT_MEDICAL], day
        ).claim
        for batch in (20, MAX_DOCUMENTS - 20):
            client.documents(claim, [large_document(day)] * batch)
        made.add(claim.name)
    sizes, listed, token = [], [], ""
    while True:
        page = client.call(
            "ListClaims",
            pb.ListClaimsRequest(page_token=token, min_position=client.written),
            timeout=30,
        )
        sizes.append(page.ByteSize())
        listed += [c.name for c in page.claims]
        token = page.next_page_token
        if not token:
            break
    measured(
        f"{CLAIMS} claims of {MAX_DOCUMENTS} large documents: pages of "
        f"{sizes} bytes (PAGE_BYTES {PAGE_BYTES})"
    )
    assert sorted(listed) == sorted(set(listed)) and made <= set(listed)
    largest_claim = max(
        client.call("GetClaim", pb.GetClaimRequest(name=name)).claim.ByteSize()
        for name in made
    )
    assert all(size <= PAGE_BYTES + largest_claim for size in sizes)
    assert max(sizes) < 4 * 1024 * 1024 and len(sizes) > 1


def test_a_request_with_many_bad_fields_gets_a_status_it_can_read(
    server: RunningServer,
) -> None:
    """Its status names at most MAX_VIOLATIONS fields, each told briefly:
    before, 80 of them, or 20 long ones, made trailers past gRPC's 8 KB or
    16 KB, and the client saw RESOURCE_EXHAUSTED."""
    client = Client(server)
    day = days_ago(3)
    claim = client.report(COVERED[0], [pb.BENEFIT_MEDICAL], day).claim
    wrong = pb.Document(  # 4 faults: the stays, certificate and account misplaced
        kind="CLAIM_FORM",
        stays=[pb.HospitalStay(admission_date=day, discharge_date=day)],
        accident_certificate=pb.AccidentCertificate(issuer="村委会", issue_date=day),
        bank_account=pb.BankAccount(holder="张三", bank="农行", account_number="1"),
    )
    with pytest.raises(grpc.RpcError) as caught:
        client.documents(claim, [wrong] * 20)
    code, _, fields = error_of(caught.value)
    measured(f"20 documents of 4 faults each: {code.name}, {len(fields)} fields named")
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert len(fields) == MAX_VIOLATIONS
    # Each unknown type is told with every known one.
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    request = apb.StreamEventsRequest(event_types=[f"Claim.No{n}" for n in range(50)])
    with pytest.raises(grpc.RpcError) as caught:
        list(audit.StreamEvents(request, timeout=10))
    code, _, fields = error_of(caught.value)
    measured(f"50 unknown event types: {code.name}, {len(fields)} fields named")
    assert (code, len(fields)) == (grpc.StatusCode.INVALID_ARGUMENT, MAX_VIOLATIONS)

"""EnrollmentService over a real channel, and the claims it decides."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from adjudication.auth.roles import Role
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb
from adjudication.v1 import enrollment_pb2_grpc
from tests.e2e.client import Client, error_of
from tests.e2e.conftest import (
    COVERED,
    DIED,
    NOT_ENROLLED,
    SCHEME_ID,
    UNCONFIRMED,
    RunningServer,
    days_ago,
)
from tests.roster_factory import roster_with_bad_rows, write_xlsx


def enrollment(server: RunningServer) -> enrollment_pb2_grpc.EnrollmentServiceStub:
    return enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]


def test_claims_of_the_not_enrolled_unconfirmed_and_deceased_are_rejected_with_why(
    server: RunningServer,
) -> None:
    client = Client(server)
    expected = {
        NOT_ENROLLED: "NOT_ENROLLED",
        UNCONFIRMED: "NOT_CONFIRMED",
        DIED: "COVERAGE_ENDED",  # died 30 days ago; the accident is 10 days ago
    }
    for person, reason in expected.items():
        claim = client.report(person, [pb.BENEFIT_MEDICAL], days_ago(10)).claim
        assert claim.status == pb.CLAIM_STATUS_REJECTED
        assert [r.code for r in claim.rejection.reasons] == [reason]
    covered = client.report(COVERED[0], [pb.BENEFIT_MEDICAL], days_ago(10)).claim
    assert covered.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
    assert covered.township == "昌宁镇"  # from the roster, for the totals by township


def _chunks(path: Path, size: int = 16 * 1024) -> Iterator[epb.ImportRosterRequest]:
    header = epb.RosterHeader(
        request_id="xlsx-1", scheme_id=SCHEME_ID, township="光华镇", file_name=path.name
    )
    yield epb.ImportRosterRequest(header=header)
    with path.open("rb") as f:
        while chunk := f.read(size):
            yield epb.ImportRosterRequest(file_chunk=chunk)


def test_a_roster_workbook_streamed_in_chunks_reports_every_bad_row(
    server: RunningServer, tmp_path: Path
) -> None:
    bad = roster_with_bad_rows("光华镇", 120, seed=3)
    path = write_xlsx(tmp_path / "光华镇.xlsx", bad.rows)
    response = enrollment(server).ImportRoster(_chunks(path))
    assert not response.replayed
    assert {r.row_number: r.reason_code for r in response.submission.rejected} == (
        bad.rejections
    )
    assert response.submission.accepted == len(bad.rows) - len(bad.rejections)
    assert dict(response.submission.rejected_by_reason) == dict(
        Counter(bad.rejections.values())
    )
    again = enrollment(server).ImportRoster(_chunks(path))
    assert again.replayed and again.submission == response.submission

    submission = response.submission

    def listed(kind: int) -> list[epb.RowProblem]:
        problems: list[epb.RowProblem] = []
        token = ""
        while True:
            page = enrollment(server).ListRosterProblems(
                epb.ListRosterProblemsRequest(
                    scheme_id=submission.scheme_id,
                    township=submission.township,
                    digest=submission.digest,
                    kind=kind,
                    page_size=3,
                    page_token=token,
                )
            )
            problems += page.problems
            token = page.next_page_token
            if not token:
                return problems

    assert listed(epb.ROSTER_PROBLEM_KIND_REJECTED) == list(submission.rejected)
    assert listed(epb.ROSTER_PROBLEM_KIND_WARNING) == list(submission.warnings)
    assert submission.warnings
    with pytest.raises(grpc.RpcError) as caught:
        enrollment(server).ListRosterProblems(
            epb.ListRosterProblemsRequest(
                scheme_id=submission.scheme_id,
                township=submission.township,
                digest="0" * 64,
                kind=epb.ROSTER_PROBLEM_KIND_REJECTED,
            )
        )
    assert error_of(caught.value)[:2] == (grpc.StatusCode.NOT_FOUND, "ROSTER_NOT_FOUND")
    with pytest.raises(grpc.RpcError) as caught:
        enrollment(server).ListRosterProblems(
            epb.ListRosterProblemsRequest(scheme_id=submission.scheme_id)
        )
    assert error_of(caught.value) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
        ["township", "digest", "kind"],
    )


def test_the_insured_are_masked_unless_the_role_may_see_them(
    server: RunningServer,
) -> None:
    stub = enrollment(server)
    request = epb.GetInsuredRequest(scheme_id=SCHEME_ID, resident_id_number=COVERED[0])
    finance = (server.bearer("finance-1", Role.FINANCE),)
    masked = stub.GetInsured(request, metadata=finance).insured
    assert masked.resident_id_number == COVERED[0][:4] + "*" * 10 + COVERED[0][-4:]
    assert masked.name == "张**"
    assert masked.registration == epb.REGISTRATION_CONFIRMED
    assert [e.type for e in masked.history] == ["Enrolled", "RegistrationConfirmed"]
    officer = (server.bearer("officer-7", Role.CLAIMS_OFFICER),)
    full = stub.GetInsured(request, metadata=officer).insured
    assert full.resident_id_number == COVERED[0] and full.name == "张建国"

    seen: list[str] = []
    token = ""
    while True:
        page = stub.ListInsured(
            epb.ListInsuredRequest(
                scheme_id=SCHEME_ID, township="昌宁镇", page_size=4, page_token=token
            ),
            metadata=finance,
        )
        seen += [i.resident_id_number for i in page.insured]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 11 and all("*" * 10 in s for s in seen)
    unconfirmed = stub.ListInsured(
        epb.ListInsuredRequest(
            scheme_id=SCHEME_ID, registration=epb.REGISTRATION_PENDING
        )
    )
    assert len(unconfirmed.insured) == 1


def test_the_premium_statement_counts_the_confirmed_per_township(
    server: RunningServer,
) -> None:
    statement = enrollment(server).GetPremiumStatement(
        epb.GetPremiumStatementRequest(scheme_id=SCHEME_ID)
    )
    # 8 covered, the one who moved out and the one who died: all confirmed
    assert [(x.township, x.insured, x.premium_fen) for x in statement.lines] == [
        ("昌宁镇", 10, 20000)
    ]
    assert statement.total_premium_fen == 20000
    with pytest.raises(grpc.RpcError) as caught:
        enrollment(server).GetPremiumStatement(
            epb.GetPremiumStatementRequest(scheme_id=SCHEME_ID, as_of_date="01/02/2025")
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]

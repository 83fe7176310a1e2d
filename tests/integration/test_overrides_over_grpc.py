"""I8 over a real channel to an in-process server: an officer overrides an
input of a line (the grade), the returned line shows the computed and the
overridden input, and an amount override without a negotiated reason, or an
input its benefit does not take, is INVALID_ARGUMENT on the field."""

import socket
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import uuid4

import grpc
import pytest

from adjudication.api.server import Server, ServerSettings
from adjudication.claims.application import ClaimsApplication
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import claims_pb2_grpc
from tests.builders import Clock
from tests.e2e.client import MEDICAL_DOCS, common_documents, error_of, invoices

INSURED = "141029197005170014"
FALL = "2025-01-02"
GRADE_5 = "7.1-11"
METADATA = (("x-actor", "officer-7"),)


@pytest.fixture
def stub() -> Iterator[Any]:
    roster = InMemoryRoster()
    roster.enrol(INSURED, date(2024, 10, 14))
    app = ClaimsApplication(
        roster,
        clock=Clock(date(2025, 1, 10)),
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    enrolment = EnrolmentApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    server = Server(
        app, enrolment, ServerSettings(address=f"127.0.0.1:{port}", grace_seconds=1)
    )
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield claims_pb2_grpc.ClaimsServiceStub(channel)  # type: ignore[no-untyped-call]
    channel.close()
    server.stop()


def ready(stub: Any, benefit: int, *documents: pb.Document) -> pb.Claim:
    claim = stub.ReportClaim(
        pb.ReportClaimRequest(
            request_id=uuid4().hex,
            insured_id_number=INSURED,
            insured_name="张建国",
            benefits=[benefit],
            accident=pb.AccidentFacts(
                accident_date=FALL, place="田间", cause="FALL", description="摔伤"
            ),
            distinct_accident=True,
        ),
        metadata=METADATA,
    ).claim
    stub.RecordDocuments(
        pb.RecordDocumentsRequest(
            request_id=uuid4().hex,
            name=claim.name,
            documents=[*common_documents(FALL), *documents],
        ),
        metadata=METADATA,
    )
    return claim


def assess(stub: Any, claim: pb.Claim, *overrides: pb.Override) -> pb.Claim:
    return stub.AssessClaim(
        pb.AssessClaimRequest(
            request_id=uuid4().hex, name=claim.name, overrides=overrides
        ),
        metadata=METADATA,
    ).claim


def grade_5_claim(stub: Any) -> pb.Claim:
    appraisal = pb.DisabilityAppraisal(
        item_ids=[GRADE_5], appraisal_date="2025-01-08", institution="县人民医院"
    )
    return ready(
        stub,
        pb.BENEFIT_DISABILITY,
        pb.Document(kind="DISABILITY_APPRAISAL", appraisal=appraisal),
    )


def test_example_13_a_grade_override_over_grpc_pays_grade_8_and_shows_both_grades(
    stub: Any,
) -> None:
    claim = grade_5_claim(stub)
    grade_8 = pb.Override(
        benefit=pb.BENEFIT_DISABILITY,
        grade=8,
        reason_code="APPEAL_DECISION",
        reason_text="复核评定为八级",
    )
    assessed = assess(stub, claim, grade_8)
    (line,) = assessed.assessment.lines
    assert (line.amount_fen, line.ratio_percent) == (900000, 30)
    assert line.override_input == "grade"
    assert (line.computed_input, line.overridden_input) == (5, 8)
    assert line.override_reason_code == "APPEAL_DECISION"
    assert not line.HasField("computed_fen")
    read = stub.GetClaim(pb.GetClaimRequest(name=claim.name), metadata=METADATA)
    assert read.claim.assessment.lines[0] == line


def test_a_negotiated_amount_over_grpc_keeps_the_computed_amount(stub: Any) -> None:
    claim = ready(
        stub,
        pb.BENEFIT_MEDICAL,
        *MEDICAL_DOCS,
        invoices(("F-001", FALL, 128000, 40000)),
    )
    negotiated = pb.Override(
        benefit=pb.BENEFIT_MEDICAL,
        amount_fen=80000,
        reason_code="SUPERVISOR_APPROVAL",
        reason_text="协商赔付",
    )
    (line,) = assess(stub, claim, negotiated).assessment.lines
    assert (line.amount_fen, line.computed_fen) == (80000, 78000)
    assert line.override_input == "amount_fen"
    assert not line.HasField("computed_input")


@pytest.mark.parametrize(
    ("override", "field", "reason"),
    [
        (
            pb.Override(
                benefit=pb.BENEFIT_DISABILITY,
                amount_fen=900000,
                reason_code="APPEAL_DECISION",
                reason_text="复核",
            ),
            "overrides[0].amount_fen",
            "AMOUNT_OVERRIDE_NOT_NEGOTIATED",
        ),
        (
            # no value: an amount of 0, as a client before the inputs sends it
            pb.Override(
                benefit=pb.BENEFIT_DISABILITY,
                reason_code="CALCULATION_CORRECTION",
                reason_text="复核",
            ),
            "overrides[0].amount_fen",
            "AMOUNT_OVERRIDE_NOT_NEGOTIATED",
        ),
        (
            pb.Override(
                benefit=pb.BENEFIT_DISABILITY,
                eligible_fen=100000,
                reason_code="APPEAL_DECISION",
                reason_text="复核",
            ),
            "overrides[0].eligible_fen",
            "OVERRIDE_NOT_FOR_BENEFIT",
        ),
        (
            pb.Override(
                benefit=pb.BENEFIT_DISABILITY,
                grade=11,
                reason_code="APPEAL_DECISION",
                reason_text="复核",
            ),
            "overrides[0].grade",
            "OVERRIDE_OUT_OF_RANGE",
        ),
    ],
)
def test_a_bad_override_over_grpc_is_invalid_argument_on_its_field(
    stub: Any, override: pb.Override, field: str, reason: str
) -> None:
    claim = grade_5_claim(stub)
    with pytest.raises(grpc.RpcError) as caught:
        assess(stub, claim, override)
    assert error_of(caught.value) == (grpc.StatusCode.INVALID_ARGUMENT, reason, [field])
    read = stub.GetClaim(pb.GetClaimRequest(name=claim.name), metadata=METADATA)
    assert read.claim.status == pb.CLAIM_STATUS_READY_FOR_ASSESSMENT

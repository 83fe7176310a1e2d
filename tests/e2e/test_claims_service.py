"""ClaimsService over a real channel to the real server, on SQLite and PostgreSQL."""

from uuid import uuid4

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import (
    MEDICAL_DOCS,
    Client,
    common_documents,
    error_info,
    error_of,
    invoices,
)
from tests.e2e.conftest import (
    COVER_ENDED,
    COVERED,
    NOT_ENROLLED,
    RunningServer,
    days_ago,
    today,
)


def lines(claim: pb.Claim) -> dict[str, int]:
    return {
        pb.Benefit.Name(line.benefit): line.amount_fen
        for line in claim.assessment.lines
    }


def test_health_is_serving_overall_and_per_service_and_reflection_lists_the_service(
    server: RunningServer,
) -> None:
    assert server.health() == health_pb2.HealthCheckResponse.SERVING
    assert server.health("adjudication.v1.ClaimsService") == (
        health_pb2.HealthCheckResponse.SERVING
    )
    services = ProtoReflectionDescriptorDatabase(server.channel).get_services()
    assert "adjudication.v1.ClaimsService" in services
    assert "grpc.health.v1.Health" in services


def test_reflection_is_served_as_v1_too_for_newer_clients(
    server: RunningServer,
) -> None:
    # grpcurl and other newer clients ask grpc.reflection.v1 first; its
    # messages are v1alpha's on the wire.
    info = server.channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    asked = [
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(
            file_containing_symbol="adjudication.v1.ClaimsService"
        ),
    ]
    listed, files = list(info(iter(asked), timeout=10))
    names = {s.name for s in listed.list_services_response.service}
    assert {
        "adjudication.v1.ClaimsService",
        "grpc.reflection.v1.ServerReflection",
    } <= names
    described = [
        descriptor_pb2.FileDescriptorProto.FromString(raw)
        for raw in files.file_descriptor_response.file_descriptor_proto
    ]
    assert any(s.name == "ClaimsService" for f in described for s in f.service)


def test_medical_journey_report_document_assess_pay_and_read_back(
    server: RunningServer,
) -> None:
    client = Client(server)
    cut = days_ago(20)
    reported = client.report(COVERED[0], [pb.BENEFIT_MEDICAL], cut, cause="CUT").claim
    assert reported.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
    assert [d.kind for d in reported.missing_documents] == [
        "CLAIM_FORM",
        "ID_CARD",
        "HOUSEHOLD_REGISTER",
        "ACCIDENT_CERTIFICATE",
        "BANK_ACCOUNT",
        "DIAGNOSIS",
        "MEDICAL_RECORDS",
        "MEDICAL_INVOICES",
        "INSURANCE_SETTLEMENT",
    ]
    assert reported.missing_documents[0].display_name == "索赔申请书"

    documented = client.documents(
        reported,
        [*common_documents(cut), *MEDICAL_DOCS, invoices(("F-1", cut, 128000, 40000))],
    ).claim
    assert documented.status == pb.CLAIM_STATUS_READY_FOR_ASSESSMENT
    assert documented.deadlines.decision_due_date

    assessed = client.assess(documented).claim
    assert lines(assessed) == {"BENEFIT_MEDICAL": 78000}
    assert assessed.assessment.lines[0].explanation == (
        "1,280.00 − 400.00 reimbursed − 100.00 deductible = 780.00"
    )
    paid = client.pay(assessed, 78000).claim
    assert paid.status == pb.CLAIM_STATUS_PAID and paid.paid_fen == 78000
    assert client.get(paid) == paid
    assert client.get(paid, version=1).status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS


def test_every_benefit_and_the_top_up_over_the_wire(server: RunningServer) -> None:
    client = Client(server)
    person = COVERED[1]
    fall = days_ago(40)
    allowance = client.assessed(
        person,
        [pb.BENEFIT_HOSPITAL_ALLOWANCE],
        fall,
        pb.Document(
            kind="DISCHARGE_SUMMARY",
            stays=[pb.HospitalStay(admission_date=fall, discharge_date=days_ago(28))],
        ),
    )
    assert lines(allowance) == {"BENEFIT_HOSPITAL_ALLOWANCE": 36000}

    burn = client.assessed(
        COVERED[2],
        [pb.BENEFIT_BURN],
        fall,
        pb.Document(
            kind="BURN_DIAGNOSIS",
            burn=pb.BurnDiagnosis(
                areas=[
                    pb.BurnArea(region="HEAD_NECK", degree="III", area_percent="5.5")
                ],
                diagnosis_date=fall,
            ),
        ),
    )
    assert lines(burn) == {"BENEFIT_BURN": 2250000}

    disability = client.assessed(
        person,
        [pb.BENEFIT_DISABILITY],
        fall,
        pb.Document(
            kind="DISABILITY_APPRAISAL",
            appraisal=pb.DisabilityAppraisal(
                item_ids=["1.3-01"], appraisal_date=days_ago(5), institution="医院"
            ),
        ),
        accident_id=allowance.accident_id,
    )
    assert lines(disability) == {"BENEFIT_DISABILITY": 3000000}
    client.pay(disability, 3000000)

    death = client.assessed(
        person,
        [pb.BENEFIT_DEATH],
        fall,
        pb.Document(
            kind="DEATH_CERTIFICATE",
            death=pb.DeathCertificate(
                death_date=today().isoformat(),
                cause="颅脑损伤",
                caused_by_accident=True,
            ),
        ),
        pb.Document(kind="HOUSEHOLD_DEREGISTRATION"),
        pb.Document(kind="BENEFICIARY_PROOF"),
        accident_id=allowance.accident_id,
    )
    assert lines(death) == {"BENEFIT_DEATH": 0, "BENEFIT_TOP_UP": 3000000}


def test_claims_that_cannot_be_paid_are_recorded_and_rejected_with_reasons(
    server: RunningServer,
) -> None:
    client = Client(server)
    cases = {
        "NOT_ENROLLED": client.report(NOT_ENROLLED, [pb.BENEFIT_MEDICAL]),
        "COVERAGE_ENDED": client.report(
            COVER_ENDED, [pb.BENEFIT_MEDICAL], days_ago(10)
        ),
        "NOT_AN_ACCIDENT": client.report(
            COVERED[3], [pb.BENEFIT_DEATH], cause="DISEASE"
        ),
        # Another accident of the same day (I10).
        "EXCLUDED_CAUSE": client.report(
            COVERED[3],
            [pb.BENEFIT_MEDICAL],
            cause="DRUNK_DRIVING",
            distinct_accident=True,
        ),
        "OUTSIDE_COVERAGE_PERIOD": client.report(
            COVERED[3], [pb.BENEFIT_MEDICAL], "2024-10-13"
        ),
    }
    for code, response in cases.items():
        assert response.claim.status == pb.CLAIM_STATUS_REJECTED
        assert [r.code for r in response.claim.rejection.reasons] == [code]
        assert response.claim.deadlines.rejection_notice_due_date


def test_bad_input_is_invalid_argument_naming_every_bad_field(
    server: RunningServer,
) -> None:
    client = Client(server)
    request = pb.ReportClaimRequest(
        request_id=uuid4().hex,
        insured_id_number="141029197503090012",
        insured_name=" ",
        benefits=[pb.BENEFIT_TOP_UP],
        accident=pb.AccidentFacts(accident_date=days_ago(1), place="", cause="UFO"),
    )
    with pytest.raises(grpc.RpcError) as caught:
        client.call("ReportClaim", request)
    code, reason, fields = error_of(caught.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and reason == "INVALID_ARGUMENT"
    assert set(fields) == {
        "insured_id_number",
        "insured_name",
        "benefits[0]",
        "accident.place",
        "accident.description",
        "accident.cause",
    }

    claim = client.report(COVERED[4], [pb.BENEFIT_MEDICAL]).claim
    bad_docs = [pb.Document(kind="MEDICAL_INVOICES", invoices=[pb.Invoice(number="X")])]
    with pytest.raises(grpc.RpcError) as caught:
        client.documents(claim, bad_docs)
    code, _, fields = error_of(caught.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert fields == ["documents[0].invoices[0].issue_date"]
    assert client.get(claim).version == 1  # nothing written

    with pytest.raises(grpc.RpcError) as caught:
        client.call("GetClaim", pb.GetClaimRequest(name="claims/not-a-uuid"))
    assert error_of(caught.value)[:1] == (grpc.StatusCode.INVALID_ARGUMENT,)


def test_state_errors_are_failed_precondition_with_a_stable_reason(
    server: RunningServer,
) -> None:
    client = Client(server)
    claim = client.report(COVERED[5], [pb.BENEFIT_MEDICAL], days_ago(15)).claim
    with pytest.raises(grpc.RpcError) as caught:
        client.assess(claim)
    code, reason, types = error_of(caught.value)
    assert (code, reason, types) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "DOCUMENTS_MISSING",
        ["DOCUMENTS_MISSING"],
    )
    assert "INSURANCE_SETTLEMENT" in caught.value.details()  # type: ignore[attr-defined]

    with pytest.raises(grpc.RpcError) as caught:
        client.pay(claim, 100)
    assert error_of(caught.value)[1] == "NOT_ASSESSED"

    client.documents(
        claim,
        [
            *common_documents(days_ago(15)),
            *MEDICAL_DOCS,
            invoices(("F-9", days_ago(15), 50000, 0)),
        ],
    )
    assessed = client.assess(claim).claim
    with pytest.raises(grpc.RpcError) as caught:
        client.pay(assessed, 40001)
    assert error_of(caught.value)[1] == "AMOUNT_EXCEEDS_ASSESSMENT"
    client.pay(assessed, 40000, reference="BANK-77")
    with pytest.raises(grpc.RpcError) as caught:
        client.pay(assessed, 1, reference="BANK-78")
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "ALREADY_PAID",
    )

    with pytest.raises(grpc.RpcError) as caught:
        client.get(pb.Claim(name=f"claims/{uuid4()}"))
    assert error_of(caught.value)[:2] == (grpc.StatusCode.NOT_FOUND, "CLAIM_NOT_FOUND")


def test_a_repeated_request_id_replays_and_a_reused_one_is_already_exists(
    server: RunningServer,
) -> None:
    client = Client(server)
    first = client.report(COVERED[6], [pb.BENEFIT_MEDICAL], request_id="report-once")
    again = client.report(COVERED[6], [pb.BENEFIT_MEDICAL], request_id="report-once")
    assert again.replayed and not first.replayed
    assert again.claim == first.claim
    with pytest.raises(grpc.RpcError) as caught:
        client.report(COVERED[7], [pb.BENEFIT_MEDICAL], request_id="report-once")
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.ALREADY_EXISTS,
        "REQUEST_ID_REUSED",
    )


def test_list_claims_pages_through_every_claim_once_and_filters(
    server: RunningServer,
) -> None:
    client = Client(server)
    responses = [
        client.report(COVERED[7], [benefit], days_ago(30 + n))
        for n, benefit in enumerate([pb.BENEFIT_MEDICAL] * 5 + [pb.BENEFIT_BURN] * 2)
    ]
    reported = [r.claim for r in responses]
    written = max(r.position for r in responses)
    assert written > 0
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        page = client.call(
            "ListClaims",
            pb.ListClaimsRequest(
                page_size=3,
                page_token=token,
                insured_id_number=COVERED[7],
                min_position=written,  # read-your-writes from the read model
            ),
        )
        seen += [c.name for c in page.claims]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert seen == [c.name for c in reported] and pages == 3

    burns = client.call(
        "ListClaims",
        pb.ListClaimsRequest(insured_id_number=COVERED[7], benefit=pb.BENEFIT_BURN),
    )
    assert [c.name for c in burns.claims] == [c.name for c in reported[5:]]
    window = client.call(
        "ListClaims",
        pb.ListClaimsRequest(
            insured_id_number=COVERED[7],
            accident_date_from=days_ago(32),
            accident_date_to=days_ago(31),
            status=pb.CLAIM_STATUS_AWAITING_DOCUMENTS,
        ),
    )
    assert [c.name for c in window.claims] == [c.name for c in reported[1:3]]
    with pytest.raises(grpc.RpcError) as caught:
        client.call(
            "ListClaims",
            pb.ListClaimsRequest(page_size=3, page_token=page.next_page_token or "bad"),
        )
    assert error_of(caught.value)[2] == ["page_token"]


def test_every_rpc_is_logged_once_as_json_with_personal_data_masked(
    server: RunningServer,
) -> None:
    client = Client(server, actor="officer-42")
    client.report(COVERED[0], [pb.BENEFIT_MEDICAL], request_id="logged-request")
    server.terminate()
    lines_ = [line for line in server.logs().splitlines() if "logged-request" in line]
    assert len(lines_) == 1
    import json

    entry = json.loads(lines_[0])
    assert entry["method"] == "adjudication.v1.ClaimsService/ReportClaim"
    assert entry["code"] == "OK"
    assert entry["actor"] == "officer-42" and entry["claim"].startswith("claims/")
    assert "duration_ms" in entry
    assert COVERED[0] not in server.logs()


def test_a_decision_takes_effect_on_its_decision_date(server: RunningServer) -> None:
    """I14: a claim carried over with the day it was really decided; a day in
    the future is refused, naming the contract's field."""
    client = Client(server)
    cut = days_ago(20)
    claim = client.report(COVERED[5], [pb.BENEFIT_MEDICAL], cut, reported_on=cut).claim
    received = days_ago(10)
    client.call(
        "RecordDocuments",
        pb.RecordDocumentsRequest(
            request_id=uuid4().hex,
            name=claim.name,
            documents=[
                *common_documents(cut),
                *MEDICAL_DOCS,
                invoices(("F-M", cut, 30000, 0)),
            ],
            received_date=received,
        ),
    )
    with pytest.raises(grpc.RpcError) as caught:
        client.call(
            "AssessClaim",
            pb.AssessClaimRequest(
                request_id=uuid4().hex, name=claim.name, decision_date=days_ago(-1)
            ),
        )
    assert error_of(caught.value) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "DATE_IN_FUTURE",
        ["decision_date"],
    )
    decided = client.call(
        "AssessClaim",
        pb.AssessClaimRequest(
            request_id=uuid4().hex, name=claim.name, decision_date=days_ago(8)
        ),
    ).claim
    assert decided.assessment.assessment_date == days_ago(8)
    assert decided.deadlines.payment_due_date == days_ago(-2)


def test_an_invoice_claimed_twice_is_refused_naming_the_claim_that_holds_it(
    server: RunningServer,
) -> None:
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    client = Client(server)
    cut = days_ago(15)
    docs = [*common_documents(cut), *MEDICAL_DOCS, invoices(("F-DUP", cut, 20000, 0))]
    first = client.report(COVERED[7], [pb.BENEFIT_MEDICAL], cut).claim
    client.documents(first, docs)
    second = client.report(
        COVERED[7], [pb.BENEFIT_MEDICAL], accident_id=first.accident_id
    ).claim
    with pytest.raises(grpc.RpcError) as caught:
        client.documents(second, docs)
    code, reason, fields = error_of(caught.value)
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_INVOICE")
    assert fields == [f"documents[{len(docs) - 1}].invoices[0].number"]
    status = rpc_status.from_call(caught.value)  # type: ignore[arg-type]
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    next(d for d in status.details if d.Is(info.DESCRIPTOR)).Unpack(info)
    assert info.metadata["claim_id"] == first.claim_id


def test_an_accident_is_recorded_once_unless_the_report_says_distinct_accident(
    server: RunningServer,
) -> None:
    """I10: the refusal names the recorded accident in the ErrorInfo metadata."""
    client = Client(server)
    first = client.report(COVERED[5], [pb.BENEFIT_MEDICAL], days_ago(3)).claim
    with pytest.raises(grpc.RpcError) as caught:
        client.report(COVERED[5], [pb.BENEFIT_DISABILITY], days_ago(3))
    code, reason, types = error_of(caught.value)
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    assert reason == "ACCIDENT_ALREADY_RECORDED" == types[0]
    assert dict(error_info(caught.value).metadata) == {
        "accident_ids": first.accident_id
    }
    same = client.report(
        COVERED[5], [pb.BENEFIT_DISABILITY], accident_id=first.accident_id
    ).claim
    assert same.accident_id == first.accident_id
    other = client.report(
        COVERED[5], [pb.BENEFIT_MEDICAL], days_ago(3), distinct_accident=True
    ).claim
    assert other.accident_id != first.accident_id


def test_an_appeal_sets_an_automatic_reason_aside_and_the_claim_is_paid(
    server: RunningServer,
) -> None:
    """I11: a fall keyed as DISEASE, rejected at report, reopened on appeal with
    NOT_AN_ACCIDENT set aside, documented and assessed."""
    client = Client(server)
    day = days_ago(6)
    rejected = client.report(COVERED[6], [pb.BENEFIT_MEDICAL], day, cause="DISEASE")
    claim = rejected.claim
    assert claim.status == pb.CLAIM_STATUS_REJECTED
    wrong = pb.SetAside(
        reason_code="EXCLUDED_CAUSE", override_reason_code="APPEAL_DECISION", text="x"
    )
    with pytest.raises(grpc.RpcError) as caught:
        client.call(
            "ReopenClaim",
            pb.ReopenClaimRequest(
                request_id=uuid4().hex,
                name=claim.name,
                reason="申诉",
                set_asides=[wrong],
            ),
        )
    code, reason, fields = error_of(caught.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and reason == "INVALID_ARGUMENT"
    assert fields == ["set_asides[0].reason_code"]
    aside = pb.SetAside(
        reason_code="NOT_AN_ACCIDENT",
        override_reason_code="APPEAL_DECISION",
        text="复核：系田间跌倒，录入错误",
    )
    reopened = client.call(
        "ReopenClaim",
        pb.ReopenClaimRequest(request_id=uuid4().hex, name=claim.name, reason="申诉"),
    ).claim
    assert reopened.status == pb.CLAIM_STATUS_AWAITING_DOCUMENTS
    client.documents(
        reopened,
        [*common_documents(day), *MEDICAL_DOCS, invoices(("F-A", day, 50000, 0))],
    )
    assessed = client.call(
        "AssessClaim",
        pb.AssessClaimRequest(
            request_id=uuid4().hex, name=claim.name, set_asides=[aside]
        ),
    ).claim
    assert assessed.status == pb.CLAIM_STATUS_ASSESSED
    assert assessed.assessed_fen == 40000
    assert list(assessed.set_asides) == [aside]
    assert list(client.get(assessed).set_asides) == [aside]


def test_an_officer_corrects_an_accident_and_its_claims_follow(
    server: RunningServer,
) -> None:
    """I10: CorrectAccident keeps the claims' accident date in step and rejects
    an open claim the corrected accident leaves uncovered."""
    client = Client(server)
    reported = client.report(COVERED[7], [pb.BENEFIT_MEDICAL], days_ago(9)).claim
    request = pb.CorrectAccidentRequest(
        request_id=uuid4().hex,
        accident_id=reported.accident_id,
        accident=pb.AccidentFacts(
            accident_date=days_ago(8),
            place="村道",
            cause="DRUNK_DRIVING",
            description="酒后驾驶摩托车摔伤",
        ),
        reason_code="DOCUMENT_CORRECTION",
        reason_text="交警事故认定书",
    )
    corrected = client.call("CorrectAccident", request)
    assert corrected.accident_id == reported.accident_id
    assert corrected.accident.accident_date == days_ago(8)
    (claim,) = corrected.claims
    assert claim.accident.accident_date == days_ago(8)
    assert claim.accident.cause == "DRUNK_DRIVING"
    assert claim.status == pb.CLAIM_STATUS_REJECTED
    assert [r.code for r in claim.rejection.reasons] == ["EXCLUDED_CAUSE"]
    assert client.get(claim) == claim  # the read model follows
    again = client.call("CorrectAccident", request)
    assert again.replayed

    bad = pb.CorrectAccidentRequest(
        request_id=uuid4().hex,
        accident_id=reported.accident_id,
        accident=pb.AccidentFacts(accident_date="soon", place="", cause="FALL"),
        reason_code="DOCUMENT_CORRECTION",
    )
    with pytest.raises(grpc.RpcError) as caught:
        client.call("CorrectAccident", bad)
    code, _, fields = error_of(caught.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert fields == ["accident.accident_date"]

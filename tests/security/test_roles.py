"""Each role calls every RPC of the real server, on SQLite and PostgreSQL:
what the roles table of the README says each may do, it may do, and every
other call is PERMISSION_DENIED naming the roles it needs. The denied calls
of each role are counted and printed (`pytest -s`)."""

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import message_factory

from adjudication.auth.roles import POLICY, Role
from adjudication.v1 import audit_pb2, claims_pb2, enrollment_pb2, reconciliation_pb2
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.client import Client, error_info, error_of, paid_claim
from tests.e2e.conftest import COVERED, RunningServer
from tests.figures import measured

OFFICERS_WORK = {
    "ReportClaim",
    "RecordDocuments",
    "AssessClaim",
    "RejectClaim",
    "RecordPayment",
    "RecordRecovery",
    "WithdrawClaim",
    "GetClaim",
    "ListClaims",
    "GetInsured",
    "ListInsured",
}
SUPERVISORS_WORK = {
    *OFFICERS_WORK,
    "AssessClaim with overrides",
    "ReopenClaim",
    "CorrectAccident",
}
AUDITORS_WORK = {
    "GetClaimHistory",
    "GetClaimAsOf",
    "StreamEvents",
    "ListOverdueClaims",
    "ListBackdatedSteps",
    "VerifyLog",
    "GetInsured",
    "ListInsured",
}
FINANCES_WORK = {
    "ListPayments",
    "GetTotals",
    "ReconcileBankStatement",
    "GetPremiumStatement",
    "GetClaim",
    "ListClaims",
    "GetInsured",
    "ListInsured",
}
ENROLMENT_OFFICERS_WORK = {
    "ImportRoster",
    "ListRosterProblems",
    "ConfirmRegistrations",
    "GetInsured",
    "ListInsured",
    "GetPremiumStatement",
}
MAY = {
    Role.CLAIMS_OFFICER: OFFICERS_WORK,
    Role.SUPERVISOR: SUPERVISORS_WORK,
    Role.AUDITOR: AUDITORS_WORK,
    Role.FINANCE: FINANCES_WORK,
    Role.ENROLMENT_OFFICER: ENROLMENT_OFFICERS_WORK,
}
FILES = (claims_pb2, audit_pb2, reconciliation_pb2, enrollment_pb2)
METHODS = {
    m.name: m
    for f in FILES
    for s in f.DESCRIPTOR.services_by_name.values()
    for m in s.methods
}
CALLS = [*sorted(METHODS), "AssessClaim with overrides"]


def call(channel: grpc.Channel, name: str, metadata: Any) -> grpc.StatusCode:
    """An empty (or overriding) request: what matters is whether it gets past
    the interceptor, not whether it is a sensible request."""
    method = METHODS[name.split()[0]]
    path = f"/{method.containing_service.full_name}/{method.name}"
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    request = request_class()
    if name == "AssessClaim with overrides":
        request.overrides.append(pb.Override(benefit=pb.BENEFIT_MEDICAL))
    kind = (
        ("stream" if method.client_streaming else "unary")
        + "_"
        + ("stream" if method.server_streaming else "unary")
    )
    stub = getattr(channel, kind)(
        path,
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    argument: Any = iter([request]) if method.client_streaming else request
    try:
        responses = stub(argument, metadata=metadata, timeout=10)
        if method.server_streaming:
            list(responses)
        return grpc.StatusCode.OK
    except grpc.RpcError as e:
        return e.code()  # type: ignore[no-any-return]


@pytest.fixture
def channel(server: RunningServer) -> Iterator[grpc.Channel]:
    """Without the test fixture's own tokens: each call says who it is."""
    with grpc.insecure_channel(server.address) as channel:
        yield channel


def test_the_policy_table_is_the_roles_table() -> None:
    for role, work in MAY.items():
        allowed = {
            method.rpartition("/")[2]
            for method, rule in POLICY.items()
            if role in rule.roles
        }
        if role in POLICY["/adjudication.v1.ClaimsService/AssessClaim"].escalated_roles:
            allowed.add("AssessClaim with overrides")
        assert allowed == work, role


def test_each_role_may_do_its_work_and_nothing_else(
    server: RunningServer, channel: grpc.Channel
) -> None:
    denied: Counter[str] = Counter()
    for role, work in MAY.items():
        metadata = (server.bearer(f"{role.lower()}-1", role),)
        for name in CALLS:
            code = call(channel, name, metadata)
            if name in work:
                assert code != grpc.StatusCode.PERMISSION_DENIED, (role, name)
            else:
                assert code == grpc.StatusCode.PERMISSION_DENIED, (role, name, code)
                denied[str(role)] += 1
    measured(f"denied calls of {len(CALLS)} per role: {dict(denied)}")
    assert denied == {str(r): len(CALLS) - len(work) for r, work in MAY.items()}


def test_without_a_credential_every_rpc_is_unauthenticated_but_health_is_open(
    server: RunningServer, channel: grpc.Channel
) -> None:
    codes = Counter(call(channel, name, ()).name for name in CALLS)
    measured(f"without a credential: {dict(codes)}")
    assert codes == {"UNAUTHENTICATED": len(CALLS)}
    assert server.health() == 1  # SERVING, asked without a credential
    wrong = (("authorization", "Bearer adj_not-a-token"),)
    assert call(channel, "GetClaim", wrong) == grpc.StatusCode.UNAUTHENTICATED


def test_a_refusal_names_the_roles_needed_and_is_logged_with_who_and_where(
    server: RunningServer, channel: grpc.Channel
) -> None:
    stub = pb_stub(channel)
    officer = (server.bearer("officer-3", Role.CLAIMS_OFFICER),)
    with pytest.raises(grpc.RpcError) as caught:
        stub.ReopenClaim(pb.ReopenClaimRequest(name="claims/x"), metadata=officer)
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_REQUIRED",
    )
    assert dict(error_info(caught.value).metadata) == {
        "roles": "SUPERVISOR",
        "method": "/adjudication.v1.ClaimsService/ReopenClaim",
    }
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetClaim(pb.GetClaimRequest(name="claims/x"))
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.UNAUTHENTICATED,
        "CREDENTIAL_REQUIRED",
    )
    server.terminate()
    denials = [
        json.loads(line)
        for line in server.logs().splitlines()
        if '"event": "denied"' in line
    ]
    assert [
        (d["principal"], d["method"].rpartition("/")[2], d["code"]) for d in denials
    ] == [
        ("officer-3", "ReopenClaim", "PERMISSION_DENIED"),
        (None, "GetClaim", "UNAUTHENTICATED"),
    ]
    assert all(d["peer"].startswith("ipv4:127.0.0.1:") for d in denials)


def pb_stub(channel: grpc.Channel) -> Any:
    from adjudication.v1 import claims_pb2_grpc

    return claims_pb2_grpc.ClaimsServiceStub(channel)  # type: ignore[no-untyped-call]


def test_the_actor_of_every_event_is_the_principal_not_what_the_caller_says(
    server: RunningServer,
) -> None:
    officer = Client(server, actor="officer-9", role=Role.CLAIMS_OFFICER)
    officer.metadata = (*officer.metadata, ("x-actor", "the-director"))
    claim = officer.report(COVERED[1], [pb.BENEFIT_MEDICAL]).claim
    history = audit_history(server, claim.name)
    assert [e.actor for e in history] == ["officer-9"]
    assert json.loads(history[0].payload_json)["actor"] == "officer-9"


def audit_history(server: RunningServer, name: str) -> Any:
    from adjudication.v1 import audit_pb2_grpc

    stub = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    return stub.GetClaimHistory(audit_pb2.GetClaimHistoryRequest(name=name)).events


def test_finance_sees_references_and_amounts_not_who_was_paid(
    server: RunningServer,
) -> None:
    officer_client = Client(server)
    paid = paid_claim(officer_client, COVERED[2], 12000, "ABC2024110800017")
    request = pb.GetClaimRequest(name=paid.name, min_position=officer_client.written)
    stub = server.claims()
    finance = (server.bearer("finance-2", Role.FINANCE),)
    officer = (server.bearer("officer-2", Role.CLAIMS_OFFICER),)
    masked = stub.GetClaim(request, metadata=finance).claim
    full = stub.GetClaim(request, metadata=officer).claim
    assert full.insured_id_number == COVERED[2] and full.insured_name == "张建国"
    assert masked.insured_id_number == COVERED[2][:4] + "*" * 10 + COVERED[2][-4:]
    assert masked.insured_name == "张**"
    accounts = [d.bank_account for d in masked.documents if d.kind == "BANK_ACCOUNT"]
    assert [(a.holder, a.account_number) for a in accounts] == [
        ("张**", "************5678")
    ]
    assert [p.reference for p in masked.payments] == ["ABC2024110800017"]
    assert masked.paid_fen == full.paid_fen > 0
    listed = stub.ListClaims(
        pb.ListClaimsRequest(min_position=officer_client.written), metadata=finance
    ).claims
    assert [c.name for c in listed] == [paid.name]
    assert COVERED[2] not in str(listed) and "张建国" not in str(listed)

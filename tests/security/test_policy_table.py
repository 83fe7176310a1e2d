"""Every RPC of every service has a line in the policy table, and the table
names no RPC that does not exist: a new RPC fails here until someone decides
who may call it (and until then the interceptor refuses it to everyone)."""

from pathlib import Path
from typing import Any

import grpc
import pytest

from adjudication.api.access import AccessInterceptor
from adjudication.api.server import SERVICES
from adjudication.auth.roles import LOCAL, OPEN_SERVICES, POLICY, Role
from adjudication.v1 import audit_pb2, claims_pb2, enrollment_pb2, reconciliation_pb2
from adjudication.v1 import claims_pb2 as pb

FILES = (claims_pb2, audit_pb2, reconciliation_pb2, enrollment_pb2)


def every_rpc() -> set[str]:
    return {
        f"/{service.full_name}/{method.name}"
        for file in FILES
        for service in file.DESCRIPTOR.services_by_name.values()
        for method in service.methods
    }


def test_the_four_services_are_the_ones_served() -> None:
    served = {
        s.full_name for f in FILES for s in f.DESCRIPTOR.services_by_name.values()
    }
    assert (
        served
        == set(SERVICES)
        == {
            "adjudication.v1.ClaimsService",
            "adjudication.v1.AuditService",
            "adjudication.v1.ReconciliationService",
            "adjudication.v1.EnrollmentService",
        }
    )


def test_every_rpc_of_every_service_has_a_policy() -> None:
    missing = every_rpc() - set(POLICY)
    assert not missing, f"RPCs without a line in auth/roles.py POLICY: {missing}"


def test_the_policy_names_only_rpcs_that_exist() -> None:
    assert set(POLICY) - every_rpc() == set()


def test_every_rpc_is_open_to_some_role() -> None:
    assert [method for method, rule in POLICY.items() if not rule.roles] == []


def test_health_and_reflection_stay_open() -> None:
    assert {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    } == OPEN_SERVICES


def test_an_assessment_that_overrides_or_sets_aside_needs_a_supervisor() -> None:
    rule = POLICY["/adjudication.v1.ClaimsService/AssessClaim"]
    plain = pb.AssessClaimRequest(name="claims/x")
    overriding = pb.AssessClaimRequest(
        name="claims/x", overrides=[pb.Override(benefit=pb.BENEFIT_MEDICAL)]
    )
    setting_aside = pb.AssessClaimRequest(
        name="claims/x", set_asides=[pb.SetAside(reason_code="NOT_AN_ACCIDENT")]
    )
    assert rule.roles_for(plain) == {Role.CLAIMS_OFFICER, Role.SUPERVISOR}
    assert rule.roles_for(overriding) == {Role.SUPERVISOR}
    assert rule.roles_for(setting_aside) == {Role.SUPERVISOR}


class Details:
    def __init__(self, method: str) -> None:
        self.method = method
        self.invocation_metadata = ()


class Aborted(Exception):
    pass


class Context:
    """What the interceptor reads of a call: no credential, from a peer."""

    def invocation_metadata(self) -> tuple[()]:
        return ()

    def auth_context(self) -> dict[str, Any]:
        return {}

    def peer(self) -> str:
        return "ipv4:127.0.0.1:40000"

    def abort_with_status(self, status: Any) -> None:
        self.code = status.code
        raise Aborted


def test_a_method_missing_from_the_table_is_refused_to_everyone() -> None:
    """Even the local user of a loopback server without credentials, who has
    every role, cannot call an RPC nobody wrote a policy for."""
    assert LOCAL.roles == frozenset(Role)
    handler = grpc.unary_unary_rpc_method_handler(lambda request, context: "served")
    guarded = AccessInterceptor(None).intercept_service(
        lambda _: handler, Details("/adjudication.v1.ClaimsService/DeleteEverything")
    )
    assert guarded is not None
    context = Context()
    with pytest.raises(Aborted):
        guarded.unary_unary(pb.GetClaimRequest(), context)
    assert context.code == grpc.StatusCode.PERMISSION_DENIED


def test_the_readme_documents_every_role_and_every_refusal() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("`")[1] for line in readme.splitlines() if line.startswith("| `")
    }
    assert {*map(str, Role), "ADMIN"} <= rows
    for reason in (
        "CREDENTIAL_REQUIRED",
        "CREDENTIAL_NOT_RECOGNISED",
        "ROLE_REQUIRED",
        "CREDENTIALS_UNAVAILABLE",
    ):
        assert f"| `{reason}` |" in readme

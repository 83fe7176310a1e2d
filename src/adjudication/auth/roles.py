"""The roles and the policy table: which roles may call each RPC, and which see
personal data. One table for every service, so a new RPC without a line here
is refused to everyone (and fails tests/security/test_policy_table.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    CLAIMS_OFFICER = "CLAIMS_OFFICER"
    SUPERVISOR = "SUPERVISOR"
    AUDITOR = "AUDITOR"
    FINANCE = "FINANCE"
    ENROLMENT_OFFICER = "ENROLMENT_OFFICER"


@dataclass(frozen=True)
class Principal:
    """Who calls: the name recorded as the actor of every event it causes."""

    name: str
    roles: frozenset[Role]

    @property
    def sees_personal_data(self) -> bool:
        return bool(self.roles & SEES_PERSONAL_DATA)


# Finance reconciles with references and amounts; it needs no one's identity.
SEES_PERSONAL_DATA = frozenset(
    {Role.CLAIMS_OFFICER, Role.SUPERVISOR, Role.AUDITOR, Role.ENROLMENT_OFFICER}
)


@dataclass(frozen=True)
class Rule:
    """The roles an RPC needs; a request `escalates` holds for needs
    `escalated_roles` instead (an assessment that overrides the rules)."""

    roles: frozenset[Role]
    escalates: Callable[[Any], bool] | None = None
    escalated_roles: frozenset[Role] = frozenset()

    def roles_for(self, request: Any) -> frozenset[Role]:
        if self.escalates is not None and self.escalates(request):
            return self.escalated_roles
        return self.roles


def _only(*roles: Role) -> Rule:
    return Rule(frozenset(roles))


# A supervisor may do whatever an officer does.
OFFICER = _only(Role.CLAIMS_OFFICER, Role.SUPERVISOR)
SUPERVISOR = _only(Role.SUPERVISOR)
CLAIM_READER = _only(Role.CLAIMS_OFFICER, Role.SUPERVISOR, Role.FINANCE)
AUDITOR = _only(Role.AUDITOR)
FINANCE = _only(Role.FINANCE)
ENROLMENT = _only(Role.ENROLMENT_OFFICER)
INSURED_READER = _only(
    Role.ENROLMENT_OFFICER,
    Role.CLAIMS_OFFICER,
    Role.SUPERVISOR,
    Role.AUDITOR,
    Role.FINANCE,
)


def _overrides_the_rules(request: Any) -> bool:
    return bool(request.overrides or request.set_asides)


CLAIMS = "adjudication.v1.ClaimsService"
AUDIT = "adjudication.v1.AuditService"
RECONCILIATION = "adjudication.v1.ReconciliationService"
ENROLLMENT = "adjudication.v1.EnrollmentService"

POLICY: dict[str, Rule] = {
    f"/{CLAIMS}/ReportClaim": OFFICER,
    f"/{CLAIMS}/RecordDocuments": OFFICER,
    f"/{CLAIMS}/AssessClaim": Rule(
        OFFICER.roles, _overrides_the_rules, SUPERVISOR.roles
    ),
    f"/{CLAIMS}/RejectClaim": OFFICER,
    f"/{CLAIMS}/RecordPayment": OFFICER,
    f"/{CLAIMS}/RecordRecovery": OFFICER,
    f"/{CLAIMS}/WithdrawClaim": OFFICER,
    f"/{CLAIMS}/ReopenClaim": SUPERVISOR,
    f"/{CLAIMS}/CorrectAccident": SUPERVISOR,
    f"/{CLAIMS}/GetClaim": CLAIM_READER,
    f"/{CLAIMS}/ListClaims": CLAIM_READER,
    f"/{AUDIT}/GetClaimHistory": AUDITOR,
    f"/{AUDIT}/GetClaimAsOf": AUDITOR,
    f"/{AUDIT}/StreamEvents": AUDITOR,
    f"/{AUDIT}/ListOverdueClaims": AUDITOR,
    f"/{AUDIT}/ListBackdatedSteps": AUDITOR,
    f"/{AUDIT}/VerifyLog": AUDITOR,
    f"/{RECONCILIATION}/ListPayments": FINANCE,
    f"/{RECONCILIATION}/GetTotals": FINANCE,
    f"/{RECONCILIATION}/ReconcileBankStatement": FINANCE,
    f"/{ENROLLMENT}/ImportRoster": ENROLMENT,
    f"/{ENROLLMENT}/ListRosterProblems": ENROLMENT,
    f"/{ENROLLMENT}/ConfirmRegistrations": ENROLMENT,
    f"/{ENROLLMENT}/GetInsured": INSURED_READER,
    f"/{ENROLLMENT}/ListInsured": INSURED_READER,
    f"/{ENROLLMENT}/GetPremiumStatement": _only(Role.ENROLMENT_OFFICER, Role.FINANCE),
}

# Open to anyone who can reach the port: load balancers and tools must find
# the service and its health without a credential.
OPEN_SERVICES = frozenset(
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    }
)

# Where no credential is configured (only ever on a loopback address): the one
# local user, with every role.
LOCAL = Principal("local", frozenset(Role))

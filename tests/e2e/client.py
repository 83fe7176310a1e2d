"""A test client of ClaimsService: whole journeys over a real channel."""

from datetime import UTC, date, datetime, time
from typing import Any
from uuid import uuid4

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from adjudication.auth.roles import Role
from adjudication.v1 import claims_pb2 as pb
from tests.e2e.conftest import RunningServer, days_ago


def common_documents(
    accident_date: str, holder: str = "张建国", account: str = "6228480012345678"
) -> list[pb.Document]:
    """The documents every claim needs, the payee's account `account` of
    `holder`."""
    return [
        pb.Document(kind="CLAIM_FORM"),
        pb.Document(kind="ID_CARD"),
        pb.Document(kind="HOUSEHOLD_REGISTER"),
        pb.Document(
            kind="ACCIDENT_CERTIFICATE",
            accident_certificate=pb.AccidentCertificate(
                issuer="村民委员会", issue_date=accident_date
            ),
        ),
        pb.Document(
            kind="BANK_ACCOUNT",
            bank_account=pb.BankAccount(
                holder=holder, bank="中国农业银行", account_number=account
            ),
        ),
    ]


MEDICAL_DOCS = [
    pb.Document(kind="DIAGNOSIS"),
    pb.Document(kind="MEDICAL_RECORDS"),
    pb.Document(kind="INSURANCE_SETTLEMENT"),
]


def invoices(*items: tuple[str, str, int, int]) -> pb.Document:
    return pb.Document(
        kind="MEDICAL_INVOICES",
        invoices=[
            pb.Invoice(number=n, issue_date=d, amount_fen=a, reimbursed_fen=r)
            for n, d, a, r in items
        ],
    )


class Client:
    def __init__(
        self,
        server: RunningServer,
        actor: str = "officer-7",
        role: Role = Role.SUPERVISOR,
    ) -> None:
        """`actor`: the principal whose token the calls carry (a supervisor
        by default, who may also override and reopen)."""
        self.stub = server.claims()
        self.metadata = (server.bearer(actor, role),)
        self.written = 0  # the last log position this client's commands wrote

    def call(self, method: str, request: Any, **kwargs: Any) -> Any:
        response = getattr(self.stub, method)(request, metadata=self.metadata, **kwargs)
        self.written = max(self.written, getattr(response, "position", 0))
        return response

    def report(
        self,
        insured: str,
        benefits: list[int],
        accident_date: str | None = None,
        cause: str = "FALL",
        accident_id: str = "",
        request_id: str | None = None,
        distinct_accident: bool = False,
        reported_on: str = "",
    ) -> pb.ReportClaimResponse:
        """`reported_on`: the day the claim was reported (today when empty)."""
        request = pb.ReportClaimRequest(
            request_id=request_id or uuid4().hex,
            insured_id_number=insured,
            insured_name="张建国",
            benefits=benefits,
            distinct_accident=distinct_accident,
        )
        if reported_on:
            # 02:00 UTC is 10:00 that day in China Standard Time.
            noon = datetime.combine(date.fromisoformat(reported_on), time(2), UTC)
            request.report_time.FromDatetime(noon)
        if accident_id:
            request.accident_id = accident_id
        else:
            request.accident.CopyFrom(
                pb.AccidentFacts(
                    accident_date=accident_date or days_ago(10),
                    place="田间",
                    cause=cause,
                    description="劳动时受伤",
                )
            )
        return self.call("ReportClaim", request)

    def documents(
        self, claim: pb.Claim, documents: list[pb.Document], request_id: str = ""
    ) -> pb.RecordDocumentsResponse:
        return self.call(
            "RecordDocuments",
            pb.RecordDocumentsRequest(
                request_id=request_id or uuid4().hex,
                name=claim.name,
                documents=documents,
            ),
        )

    def assess(
        self, claim: pb.Claim, *overrides: pb.Override
    ) -> pb.AssessClaimResponse:
        return self.call(
            "AssessClaim",
            pb.AssessClaimRequest(
                request_id=uuid4().hex, name=claim.name, overrides=overrides
            ),
        )

    def pay(
        self,
        claim: pb.Claim,
        amount_fen: int,
        reference: str = "",
        request_id: str = "",
    ) -> pb.RecordPaymentResponse:
        return self.call(
            "RecordPayment",
            pb.RecordPaymentRequest(
                request_id=request_id or uuid4().hex,
                name=claim.name,
                amount_fen=amount_fen,
                reference=reference or f"BANK-{uuid4().hex[:10]}",
            ),
        )

    def get(self, claim: pb.Claim, version: int = 0) -> pb.Claim:
        request = pb.GetClaimRequest(
            name=claim.name, version=version, min_position=self.written
        )
        return self.call("GetClaim", request, timeout=10).claim

    def assessed(
        self,
        insured: str,
        benefits: list[int],
        accident_date: str,
        *extra: pb.Document,
        accident_id: str = "",
    ) -> pb.Claim:
        claim = self.report(
            insured, benefits, accident_date, accident_id=accident_id
        ).claim
        self.documents(claim, [*common_documents(accident_date), *extra])
        return self.assess(claim).claim


def paid_claim(
    client: Client,
    person: str,
    amount: int,
    reference: str,
    distinct_accident: bool = False,
) -> pb.Claim:
    """`distinct_accident`: the person had another accident that day already."""
    day = days_ago(12)
    claim = client.report(
        person, [pb.BENEFIT_MEDICAL], day, distinct_accident=distinct_accident
    ).claim
    client.documents(
        claim,
        [*common_documents(day), *MEDICAL_DOCS, invoices((reference, day, amount, 0))],
    )
    assessed = client.assess(claim).claim
    return client.pay(assessed, assessed.assessed_fen, reference=reference).claim


def error_of(error: grpc.RpcError) -> tuple[grpc.StatusCode, str, list[str]]:
    """The code, the ErrorInfo reason, and the BadRequest fields or the
    PreconditionFailure types of a failed call."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, "every error carries a google.rpc.Status"
    reason, subjects = "", []
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        bad = error_details_pb2.BadRequest()
        failure = error_details_pb2.PreconditionFailure()
        if detail.Is(info.DESCRIPTOR):
            detail.Unpack(info)
            reason = info.reason
        elif detail.Is(bad.DESCRIPTOR):
            detail.Unpack(bad)
            subjects += [v.field for v in bad.field_violations]
        elif detail.Is(failure.DESCRIPTOR):
            detail.Unpack(failure)
            subjects += [v.type for v in failure.violations]
    return error.code(), reason, subjects  # type: ignore[attr-defined]


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    """The ErrorInfo of a failed call, with its metadata."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, "every error carries a google.rpc.Status"
    info = error_details_pb2.ErrorInfo()
    for detail in status.details:
        if detail.Is(info.DESCRIPTOR):
            detail.Unpack(info)
    return info

"""The malformed requests that were INTERNAL, and the accepted ones that
stalled a read model on PostgreSQL, on the real server and both stores: each
is INVALID_ARGUMENT naming its field, writes nothing, and the read models go
on."""

import base64
import io
from collections.abc import Callable
from typing import Any

import grpc
from openpyxl import Workbook

from adjudication.api.pagination import filter_digest
from adjudication.v1 import audit_pb2 as apb
from adjudication.v1 import audit_pb2_grpc, enrollment_pb2_grpc, reconciliation_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import enrollment_pb2 as epb
from adjudication.v1 import reconciliation_pb2 as rpb
from tests.e2e.client import MEDICAL_DOCS, Client, error_of, invoices, paid_claim
from tests.e2e.conftest import COVERED, SCHEME_ID, RunningServer, days_ago
from tests.figures import measured
from tests.reliability.logs import LogPositions


def outcome(call: Callable[[], Any]) -> tuple[grpc.StatusCode, list[str]]:
    """The call's code and the fields its error names."""
    try:
        call()
    except grpc.RpcError as e:
        code, _, fields = error_of(e)
        return code, fields
    return grpc.StatusCode.OK, []


def token(after: str, criteria: object) -> str:
    """A page token of the listing, ending at `after` (JSON as given)."""
    raw = f'{{"after": {after}, "filter": "{filter_digest(criteria)}"}}'
    return base64.urlsafe_b64encode(raw.encode()).decode()


def xlsx(*rows: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "乡镇", "村", "户籍类型"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(
    stub: Any, data: bytes, township: str = "昌宁镇", file_name: str = "r.xlsx"
) -> Any:
    header = epb.RosterHeader(
        request_id="hostile",
        scheme_id=SCHEME_ID,
        township=township,
        file_name=file_name,
    )
    return stub.ImportRoster(
        iter(
            [
                epb.ImportRosterRequest(header=header),
                epb.ImportRosterRequest(file_chunk=data),
            ]
        )
    )


def test_malformed_requests_are_invalid_arguments_that_write_nothing(
    server: RunningServer, store_env: dict[str, str]
) -> None:
    client = Client(server)
    claims = client.stub
    enrolment = enrollment_pb2_grpc.EnrollmentServiceStub(server.channel)  # type: ignore[no-untyped-call]
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    ledger = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]
    paid_claim(client, COVERED[0], 12_000, "INV-HOSTILE-1")

    def report(**report_time: int) -> Any:
        request = pb.ReportClaimRequest(
            request_id="r-hostile",
            insured_id_number=COVERED[1],
            insured_name="张建国",
            benefits=[pb.BENEFIT_MEDICAL],
            accident=pb.AccidentFacts(
                accident_date=days_ago(3), place="田间", cause="FALL"
            ),
        )
        request.report_time.seconds = report_time.get("seconds", 1_700_000_000)
        request.report_time.nanos = report_time.get("nanos", 0)
        return lambda: claims.ReportClaim(request, metadata=client.metadata)

    to_pay = client.assessed(
        COVERED[3],
        [pb.BENEFIT_MEDICAL],
        days_ago(5),
        *MEDICAL_DOCS,
        invoices(("INV-HOSTILE-3", days_ago(5), 30_000, 0)),
    )
    reported = client.report(COVERED[4], [pb.BENEFIT_MEDICAL], days_ago(4)).claim
    good_roster = xlsx([COVERED[2], "张三", "昌宁镇", "东关村", "农业"])
    cases: dict[str, tuple[Callable[[], Any], str]] = {
        "registration answer 7": (
            lambda: enrolment.ConfirmRegistrations(
                epb.ConfirmRegistrationsRequest(
                    request_id="c-hostile",
                    scheme_id=SCHEME_ID,
                    source="公安局",
                    answers=[
                        epb.RegistrationAnswer(
                            resident_id_number=COVERED[0],
                            result=7,  # type: ignore[arg-type]
                        )
                    ],
                )
            ),
            "answers[0].result",
        ),
        "seconds=253402300800": (report(seconds=253402300800), "report_time.seconds"),
        "nanos=-1": (report(nanos=-1), "report_time.nanos"),
        "as_of_time beyond 9999": (
            lambda: audit.GetClaimAsOf(
                apb.GetClaimAsOfRequest(
                    name="claims/00000000-0000-0000-0000-000000000000",
                    as_of_time={"seconds": 253402300800},
                )
            ),
            "as_of_time.seconds",
        ),
        "page token after 1e999": (
            lambda: enrolment.ListInsured(
                epb.ListInsuredRequest(
                    scheme_id=SCHEME_ID,
                    page_token=token("1e999", (SCHEME_ID, "", "")),
                )
            ),
            "page_token",
        ),
        "page token after 2^70": (
            lambda: enrolment.ListInsured(
                epb.ListInsuredRequest(
                    scheme_id=SCHEME_ID,
                    page_token=token(str(2**70), (SCHEME_ID, "", "")),
                )
            ),
            "page_token",
        ),
        "page token of ListClaims after 2^70": (
            lambda: claims.ListClaims(
                pb.ListClaimsRequest(
                    page_token=token(str(2**70), (None, None, "", None, None))
                ),
                metadata=client.metadata,
            ),
            "page_token",
        ),
        "as_of_date 0001-01-01": (
            lambda: audit.ListOverdueClaims(
                apb.ListOverdueClaimsRequest(
                    scheme_id=SCHEME_ID, as_of_date="0001-01-01"
                )
            ),
            "as_of_date",
        ),
        "truncated XLSX": (
            lambda: upload(enrolment, good_roster[: len(good_roster) * 2 // 3]),
            "file_chunk",
        ),
        "NUL in a roster cell": (
            lambda: upload(
                enrolment,
                f"身份证号,姓名,村,户籍类型\n{COVERED[2]},张\x00三,东关村,农业\n".encode(),
                file_name="r.csv",
            ),
            "file_chunk",
        ),
        "NUL in a township": (
            lambda: upload(enrolment, good_roster, township="昌宁\x00镇"),
            "header.township",
        ),
        "NUL in ListClaims.insured_id_number": (
            lambda: claims.ListClaims(
                pb.ListClaimsRequest(insured_id_number="1410\x00"),
                metadata=client.metadata,
            ),
            "insured_id_number",
        ),
        "NUL in ListInsured.township": (
            lambda: enrolment.ListInsured(
                epb.ListInsuredRequest(scheme_id=SCHEME_ID, township="昌宁\x00镇")
            ),
            "township",
        ),
        "NUL in ListPayments.township": (
            lambda: ledger.ListPayments(rpb.ListPaymentsRequest(township="昌\x00")),
            "township",
        ),
        "NUL in a payment reference": (
            lambda: client.pay(to_pay, 100, reference="BANK\x00REF"),
            "reference",
        ),
        "a 3 MB account holder": (
            lambda: client.documents(
                reported,
                [
                    pb.Document(
                        kind="BANK_ACCOUNT",
                        bank_account=pb.BankAccount(
                            holder="张" * 1_000_000,
                            bank="中国农业银行",
                            account_number="6228480012345678",
                        ),
                    )
                ],
            ),
            "documents[0].bank_account.holder",
        ),
    }
    positions = LogPositions(store_env)
    wrong = []
    try:
        for what, (call, field) in cases.items():
            before = positions()
            code, fields = outcome(call)
            written = positions() != before
            measured(
                f"{what}: {code.name} {fields}, {'WROTE' if written else 'nothing'}"
            )
            if (code, fields, written) != (
                grpc.StatusCode.INVALID_ARGUMENT,
                [field],
                False,
            ):
                wrong.append(what)
    finally:
        positions.close()
    assert not wrong
    # The read models follow the log still: what is written is readable.
    head = paid_claim(client, COVERED[5], 12_000, "INV-HOSTILE-2")
    lines = ledger.ListPayments(
        rpb.ListPaymentsRequest(min_position=client.written), timeout=10
    ).lines
    assert {line.claim for line in lines} >= {head.name}
    listed = claims.ListClaims(
        pb.ListClaimsRequest(min_position=client.written),
        metadata=client.metadata,
        timeout=10,
    ).claims
    assert head.name in {c.name for c in listed}
    measured(f"read models at position {client.written} within 10 s")

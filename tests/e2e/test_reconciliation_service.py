"""ReconciliationService over a real channel: the ledger fed by the server's own
projection worker, and a bank statement with a planted missing payment and a
planted amount mismatch."""

from adjudication.v1 import audit_pb2, audit_pb2_grpc, reconciliation_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import reconciliation_pb2 as rpb
from tests.e2e.client import Client, common_documents
from tests.e2e.conftest import COVERED, SCHEME_ID, TODAY, RunningServer, days_ago


def paid_claim(client: Client, person: str, amount: int, reference: str) -> pb.Claim:
    day = days_ago(12)
    claim = client.report(person, [pb.BENEFIT_MEDICAL], day).claim
    client.documents(
        claim,
        [
            *common_documents(day),
            pb.Document(kind="DIAGNOSIS"),
            pb.Document(kind="MEDICAL_RECORDS"),
            pb.Document(kind="INSURANCE_SETTLEMENT"),
            pb.Document(
                kind="MEDICAL_INVOICES",
                invoices=[
                    pb.Invoice(number=reference, issue_date=day, amount_fen=amount)
                ],
            ),
        ],
    )
    assessed = client.assess(claim).claim
    return client.pay(assessed, assessed.assessed_fen, reference=reference).claim


def last_position(server: RunningServer, claim: pb.Claim) -> int:
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)  # type: ignore[no-untyped-call]
    history = audit.GetClaimHistory(audit_pb2.GetClaimHistoryRequest(name=claim.name))
    return int(history.events[-1].position)


def test_the_ledger_lists_payments_and_finds_what_the_bank_statement_lacks(
    server: RunningServer,
) -> None:
    client = Client(server)
    first = paid_claim(client, COVERED[0], 30000, "BANK-A")
    second = paid_claim(client, COVERED[1], 50000, "BANK-B")
    third = paid_claim(client, COVERED[2], 70000, "BANK-C")
    position = last_position(server, third)
    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]

    listed = finance.ListPayments(
        rpb.ListPaymentsRequest(min_position=position, page_size=2), timeout=10
    )
    rest = finance.ListPayments(
        rpb.ListPaymentsRequest(page_size=2, page_token=listed.next_page_token)
    )
    lines = [*listed.lines, *rest.lines]
    assert [x.claim for x in lines] == [first.name, second.name, third.name]
    assert [x.amount_fen for x in lines] == [20000, 40000, 60000]
    assert {x.township for x in lines} == {"昌宁镇"}
    assert not rest.next_page_token

    statement = finance.ReconcileBankStatement(
        rpb.ReconcileBankStatementRequest(
            date_from=days_ago(30),
            date_to=TODAY.isoformat(),
            lines=[
                rpb.BankStatementLine(
                    reference="BANK-A", amount_fen=20000, date=TODAY.isoformat()
                ),
                rpb.BankStatementLine(
                    reference="BANK-C", amount_fen=6000, date=TODAY.isoformat()
                ),
                rpb.BankStatementLine(
                    reference="BANK-Z", amount_fen=100, date=TODAY.isoformat()
                ),
            ],
        )
    )
    assert [x.reference for x in statement.matched] == ["BANK-A"]
    assert [x.reference for x in statement.missing_in_bank] == ["BANK-B"]
    assert [x.reference for x in statement.missing_in_ledger] == ["BANK-Z"]
    assert [
        (m.bank.amount_fen, m.ledger.amount_fen) for m in statement.amount_mismatches
    ] == [(6000, 60000)]

    totals = finance.GetTotals(
        rpb.GetTotalsRequest(scheme_id=SCHEME_ID, min_position=position), timeout=10
    )
    assert totals.paid_fen == 120000
    assert [(t.township, t.month, t.paid_fen) for t in totals.paid] == [
        ("昌宁镇", TODAY.strftime("%Y-%m"), 120000)
    ]
    assert totals.premium_fen == 20000  # ten confirmed insured
    assert totals.loss_ratio == "6.0000"
    assert [
        (a.benefit, a.township, a.assessed_fen, a.claims) for a in totals.assessed
    ] == [("MEDICAL", "昌宁镇", 120000, 3)]

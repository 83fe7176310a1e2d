"""ReconciliationService over a real channel: the ledger fed by the server's own
projection worker, and a bank statement with a planted missing payment and a
planted amount mismatch."""

import grpc
import pytest

from adjudication.v1 import audit_pb2, audit_pb2_grpc, reconciliation_pb2_grpc
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import reconciliation_pb2 as rpb
from tests.e2e.client import (
    MEDICAL_DOCS,
    Client,
    common_documents,
    error_of,
    invoices,
    paid_claim,
)
from tests.e2e.conftest import COVERED, SCHEME_ID, RunningServer, days_ago, today


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
            date_to=today().isoformat(),
            lines=[
                rpb.BankStatementLine(
                    reference="BANK-A", amount_fen=20000, date=today().isoformat()
                ),
                rpb.BankStatementLine(
                    reference="BANK-C", amount_fen=6000, date=today().isoformat()
                ),
                rpb.BankStatementLine(
                    reference="BANK-Z", amount_fen=100, date=today().isoformat()
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
        ("昌宁镇", today().strftime("%Y-%m"), 120000)
    ]
    assert totals.premium_fen == 20000  # ten confirmed insured
    assert totals.loss_ratio == "6.0000"
    assert [
        (a.benefit, a.township, a.assessed_fen, a.claims) for a in totals.assessed
    ] == [("MEDICAL", "昌宁镇", 120000, 3)]


def test_payments_are_listed_and_totalled_by_the_benefits_they_paid(
    server: RunningServer,
) -> None:
    """MEDICAL 300.00 − 100.00 deductible = 200.00 and HOSPITAL_ALLOWANCE
    12 days × 30.00 = 360.00, paid as 300.00 then 260.00: medical is paid by
    the first payment, the allowance by both."""
    client = Client(server)
    fall = days_ago(40)
    claim = client.report(
        COVERED[3], [pb.BENEFIT_MEDICAL, pb.BENEFIT_HOSPITAL_ALLOWANCE], fall
    ).claim
    client.documents(
        claim,
        [
            *common_documents(fall),
            *MEDICAL_DOCS,
            invoices(("F-9", fall, 30000, 0)),
            pb.Document(
                kind="DISCHARGE_SUMMARY",
                stays=[
                    pb.HospitalStay(admission_date=fall, discharge_date=days_ago(28))
                ],
            ),
        ],
    )
    assessed = client.assess(claim).claim
    assert assessed.assessed_fen == 56000
    client.pay(assessed, 30000, reference="BANK-1")
    client.pay(assessed, 26000, reference="BANK-2")
    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]

    def listed(benefit: str) -> list[tuple[str, list[tuple[str, int]]]]:
        response = finance.ListPayments(
            rpb.ListPaymentsRequest(benefit=benefit, min_position=client.written),
            timeout=10,
        )
        return [
            (x.reference, [(b.benefit, b.amount_fen) for b in x.benefits])
            for x in response.lines
        ]

    assert listed("") == [
        ("BANK-1", [("MEDICAL", 20000), ("HOSPITAL_ALLOWANCE", 10000)]),
        ("BANK-2", [("HOSPITAL_ALLOWANCE", 26000)]),
    ]
    assert [reference for reference, _ in listed("MEDICAL")] == ["BANK-1"]
    assert [reference for reference, _ in listed("HOSPITAL_ALLOWANCE")] == [
        "BANK-1",
        "BANK-2",
    ]
    assert listed("DEATH") == []

    totals = finance.GetTotals(
        rpb.GetTotalsRequest(scheme_id=SCHEME_ID, min_position=client.written),
        timeout=10,
    )
    month = today().strftime("%Y-%m")
    assert [
        (t.township, t.month, t.benefit, t.paid_fen, t.payments)
        for t in totals.paid_by_benefit
    ] == [
        ("昌宁镇", month, "HOSPITAL_ALLOWANCE", 36000, 2),
        ("昌宁镇", month, "MEDICAL", 20000, 1),
    ]

    with pytest.raises(grpc.RpcError) as caught:
        finance.ListPayments(rpb.ListPaymentsRequest(benefit="FUNERAL"))
    assert error_of(caught.value)[0] == grpc.StatusCode.INVALID_ARGUMENT
    assert error_of(caught.value)[2] == ["benefit"]


def test_a_claim_decided_at_0_is_a_decision_the_totals_count_apart(
    server: RunningServer,
) -> None:
    """A 50.00 village-clinic invoice: all of it is deductible, the claim is
    decided at 0 (零结案), not rejected, and the finance totals count it."""
    client = Client(server)
    cut = days_ago(20)
    claim = client.report(COVERED[4], [pb.BENEFIT_MEDICAL], cut).claim
    client.documents(
        claim, [*common_documents(cut), *MEDICAL_DOCS, invoices(("V-1", cut, 5000, 0))]
    )
    decided = client.assess(claim).claim
    assert decided.status == pb.CLAIM_STATUS_DECIDED_AT_ZERO
    assert not decided.HasField("rejection")
    assert [line.reason_code for line in decided.assessment.lines] == [
        "NO_ELIGIBLE_EXPENSES"
    ]
    assert decided.deadlines.rejection_notice_due_date  # notified with reasons
    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]
    totals = finance.GetTotals(
        rpb.GetTotalsRequest(scheme_id=SCHEME_ID, min_position=client.written),
        timeout=10,
    )
    assert [(t.township, t.claims) for t in totals.decided_at_zero] == [("昌宁镇", 1)]
    with pytest.raises(grpc.RpcError) as caught:
        client.pay(decided, 100, reference="BANK-0")
    assert error_of(caught.value)[:2] == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "NOTHING_OWED",
    )


def test_an_overpayment_is_to_recover_and_its_recovery_is_a_ledger_line(
    server: RunningServer,
) -> None:
    """I7, I10: a paid claim whose accident is corrected to an excluded cause
    stays decided at 0, its 300 to recover; RecordRecovery records the refund,
    the ledger lists it and the totals net it off."""
    client = Client(server)
    paid = paid_claim(client, COVERED[3], 40000, "BANK-R")  # 400 − 100 = 300
    corrected = client.call(
        "CorrectAccident",
        pb.CorrectAccidentRequest(
            request_id="correct-r",
            accident_id=paid.accident_id,
            accident=pb.AccidentFacts(
                accident_date=paid.accident.accident_date,
                place="村道",
                cause="SELF_HARM",
                description="故意自伤",
            ),
            reason_code="DOCUMENT_CORRECTION",
            reason_text="公安机关认定",
        ),
    )
    (claim,) = corrected.claims
    assert claim.status == pb.CLAIM_STATUS_DECIDED_AT_ZERO
    assert (claim.to_recover_fen, claim.outstanding_fen) == (30000, 0)

    def recover(amount: int, day: str = "", reference: str = "REFUND-R") -> pb.Claim:
        request = pb.RecordRecoveryRequest(
            request_id=f"recover-{amount}-{day}",
            name=claim.name,
            amount_fen=amount,
            reference=reference,
            recovery_date=day,
        )
        return client.call("RecordRecovery", request).claim

    with pytest.raises(grpc.RpcError) as too_much:
        recover(30001)
    assert error_of(too_much.value)[:2] == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "AMOUNT_EXCEEDS_OVERPAYMENT",
    )
    with pytest.raises(grpc.RpcError) as future:
        recover(100, "2999-01-01")
    code, _, fields = error_of(future.value)
    assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, ["recovery_date"])
    recovered = recover(30000)
    assert (recovered.to_recover_fen, recovered.recovered_fen) == (0, 30000)
    assert [(r.amount_fen, r.reference) for r in recovered.recoveries] == [
        (30000, "REFUND-R")
    ]

    finance = reconciliation_pb2_grpc.ReconciliationServiceStub(server.channel)  # type: ignore[no-untyped-call]
    position = last_position(server, claim)
    listed = finance.ListPayments(
        rpb.ListPaymentsRequest(min_position=position), timeout=10
    )
    assert [(x.kind, x.amount_fen, x.reference) for x in listed.lines] == [
        (rpb.LEDGER_LINE_KIND_PAYMENT, 30000, "BANK-R"),
        (rpb.LEDGER_LINE_KIND_RECOVERY, 30000, "REFUND-R"),
    ]
    totals = finance.GetTotals(
        rpb.GetTotalsRequest(scheme_id=SCHEME_ID, min_position=position), timeout=10
    )
    assert (totals.paid_fen, totals.recovered_fen, totals.to_recover_fen) == (
        30000,
        30000,
        0,
    )
    assert totals.loss_ratio == "0.0000"

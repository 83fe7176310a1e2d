"""`adjudication.v1.ReconciliationService`: the finance bureau's reads, from the
payment ledger read model."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import grpc

from adjudication.api.pagination import page_of, page_size, read_token
from adjudication.api.read_models import ReadYourWrites
from adjudication.api.request_reader import RequestReader
from adjudication.api.rpc import rpc
from adjudication.domain.benefits import BENEFITS
from adjudication.domain.calendar import scheme_date
from adjudication.domain.errors import Violations
from adjudication.enrolment.application import EnrolmentApplication
from adjudication.v1 import reconciliation_pb2 as pb
from adjudication.v1 import reconciliation_pb2_grpc
from projections.claim_summary import ClaimSummaryView
from projections.payment_ledger import (
    PAYMENT,
    RECOVERY,
    TOP_UP_GRANTED,
    LedgerLine,
    PaymentLedgerView,
)
from projections.reconciliation import BankLine, reconcile

_KINDS = {
    PAYMENT: "LEDGER_LINE_KIND_PAYMENT",
    TOP_UP_GRANTED: "LEDGER_LINE_KIND_TOP_UP_GRANTED",
    RECOVERY: "LEDGER_LINE_KIND_RECOVERY",
}
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def _line(line: LedgerLine) -> pb.LedgerLine:
    return pb.LedgerLine(
        position=line.position,
        claim=f"claims/{line.claim_id}",
        kind=_KINDS[line.kind],
        reference=line.reference,
        amount_fen=line.amount_fen,
        date=line.day.isoformat(),
        township=line.township,
        scheme_id=line.scheme_id,
        benefits=[
            pb.PaidBenefit(benefit=b, amount_fen=fen) for b, fen in line.benefits
        ],
    )


class ReconciliationService(reconciliation_pb2_grpc.ReconciliationServiceServicer):
    def __init__(
        self,
        ledger: PaymentLedgerView,
        summaries: ClaimSummaryView,
        enrolment: EnrolmentApplication,
        fresh: ReadYourWrites,
    ) -> None:
        """`ledger` and `summaries`: the payment ledger and claim summary read
        models; `fresh`: the server's bound on waits for them."""
        self.fresh = fresh
        self.ledger = ledger
        self.summaries = summaries
        self.enrolment = enrolment

    def _period(self, read: RequestReader, start: str, end: str) -> tuple[date, date]:
        return (
            read.optional_day(start, "date_from") or date.min,
            read.optional_day(end, "date_to") or date.max,
        )

    @rpc
    def ListPayments(
        self, request: pb.ListPaymentsRequest, context: grpc.ServicerContext
    ) -> pb.ListPaymentsResponse:
        read = RequestReader()
        day_from, day_to = self._period(read, request.date_from, request.date_to)
        size = page_size(
            request.page_size, read.problems, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        if request.benefit and request.benefit not in BENEFITS:
            read.problems.add(
                "benefit", f"unknown benefit code; one of {', '.join(BENEFITS.codes())}"
            )
        read.done()
        criteria = (day_from, day_to, request.township, request.benefit)
        after = max(read_token(request.page_token, criteria), 0)
        self.fresh.see(request.min_position, self.ledger)
        lines = self.ledger.lines(
            day_from, day_to, request.township, after, size + 1, request.benefit
        )
        page, token = page_of(lines, size, lambda x: x.position, criteria)
        return pb.ListPaymentsResponse(
            lines=[_line(x) for x in page], next_page_token=token
        )

    @rpc
    def GetTotals(
        self, request: pb.GetTotalsRequest, context: grpc.ServicerContext
    ) -> pb.GetTotalsResponse:
        if not request.scheme_id:
            problems = Violations()
            problems.add("scheme_id", "required")
            problems.raise_if_any()
        self.fresh.see(request.min_position, self.ledger, self.summaries)
        paid = self.ledger.paid_totals(request.scheme_id)
        by_benefit = self.ledger.paid_by_benefit(request.scheme_id)
        premium = sum(
            x.premium_fen
            for x in self.enrolment.premium_statement(
                request.scheme_id, scheme_date(self.enrolment.clock())
            )
        )
        paid_fen = sum(fen for _, _, fen, _ in paid)
        recovered, to_recover = self.ledger.recoveries(request.scheme_id)
        assessed = self.summaries.assessed_totals(request.scheme_id)
        ratio = (
            (Decimal(paid_fen - recovered) / Decimal(premium)).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
            if premium
            else Decimal(0)
        )
        return pb.GetTotalsResponse(
            scheme_id=request.scheme_id,
            paid=[
                pb.PaidTotal(township=t, month=m, paid_fen=fen, payments=n)
                for t, m, fen, n in paid
            ],
            paid_fen=paid_fen,
            premium_fen=premium,
            loss_ratio=f"{ratio:.4f}",
            assessed=[
                pb.AssessedTotal(
                    date=day.isoformat(),
                    benefit=benefit,
                    township=township,
                    assessed_fen=fen,
                    claims=claims,
                )
                for day, benefit, township, fen, claims in assessed
            ],
            paid_by_benefit=[
                pb.PaidBenefitTotal(
                    township=t, month=m, benefit=b, paid_fen=fen, payments=n
                )
                for t, m, b, fen, n in by_benefit
            ],
            decided_at_zero=[
                pb.DecidedAtZeroTotal(township=t, claims=n)
                for t, n in self.summaries.decided_at_zero(request.scheme_id)
            ],
            recovered_fen=recovered,
            to_recover_fen=to_recover,
        )

    @rpc
    def ReconcileBankStatement(
        self,
        request: pb.ReconcileBankStatementRequest,
        context: grpc.ServicerContext,
    ) -> pb.ReconcileBankStatementResponse:
        read = RequestReader()
        day_from, day_to = self._period(read, request.date_from, request.date_to)
        bank = [
            BankLine(
                line.reference,
                line.amount_fen,
                read.day(line.date, f"lines[{i}].date"),
            )
            for i, line in enumerate(request.lines)
        ]
        read.done()
        self.fresh.see(request.min_position, self.ledger)
        ledger: list[LedgerLine] = []
        after = 0
        while batch := self.ledger.lines(day_from, day_to, "", after, 5000):
            ledger += batch
            after = batch[-1].position
        result = reconcile(ledger, bank)

        def bank_line(line: BankLine) -> pb.BankStatementLine:
            return pb.BankStatementLine(
                reference=line.reference,
                amount_fen=line.amount_fen,
                date=line.day.isoformat(),
            )

        return pb.ReconcileBankStatementResponse(
            matched=[_line(x) for x in result.matched],
            missing_in_ledger=[bank_line(x) for x in result.missing_in_ledger],
            missing_in_bank=[_line(x) for x in result.missing_in_bank],
            amount_mismatches=[
                pb.AmountMismatch(bank=bank_line(b), ledger=_line(x))
                for b, x in result.amount_mismatches
            ],
        )

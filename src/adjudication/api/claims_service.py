"""`adjudication.v1.ClaimsService`: the claim lifecycle for insurer core systems."""

from datetime import UTC
from typing import Any
from uuid import UUID

import grpc

from adjudication.api.mapping import (
    ClaimPresenter,
    benefit_of,
    claim_message,
    status_of,
)
from adjudication.api.pagination import page_in_bytes, page_size, read_token
from adjudication.api.read_models import ReadYourWrites, required
from adjudication.api.request_reader import RequestReader
from adjudication.api.rpc import actor_of, rpc
from adjudication.claims.application import ClaimsApplication, CommandResult
from adjudication.domain import commands
from adjudication.domain.resident_id import normalise
from adjudication.v1 import claims_pb2 as pb
from adjudication.v1 import claims_pb2_grpc
from projections.claim_records import ClaimRecordsView
from projections.claim_summary import ClaimSummaryView

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class ClaimsService(claims_pb2_grpc.ClaimsServiceServicer):
    def __init__(
        self,
        app: ClaimsApplication,
        summaries: ClaimSummaryView | None,
        records: ClaimRecordsView | None,
        fresh: ReadYourWrites | None = None,
    ) -> None:
        """`summaries` and `records`: the claim summary read model ListClaims
        reads and the claim records read model GetClaim reads; `fresh`: the
        server's bound on waits for them."""
        self.fresh = fresh or ReadYourWrites(app.recorder.max_notification_id)
        self.app = app
        self.present = ClaimPresenter(app)
        self.summaries = summaries
        self.records = records

    def _result(self, result: CommandResult) -> dict[str, Any]:
        return {
            "claim": self.present.claim(result.claim),
            "replayed": result.replayed,
            "position": result.position,
        }

    @rpc
    def ReportClaim(
        self, request: pb.ReportClaimRequest, context: grpc.ServicerContext
    ) -> pb.ReportClaimResponse:
        read = RequestReader()
        benefits = tuple(read.benefits(list(request.benefits), "benefits"))
        which = request.WhichOneof("accident_reference")
        accident = (
            read.accident(request.accident, "accident") if which == "accident" else None
        )
        accident_id = (
            read.uuid(request.accident_id, "accident_id")
            if which == "accident_id"
            else None
        )
        read.done()
        outcome = self.app.report_claim(
            commands.ReportClaim(
                request.request_id,
                request.insured_id_number,
                request.insured_name,
                benefits,
                accident=accident,
                accident_id=accident_id,
                reported_at=request.report_time.ToDatetime(tzinfo=UTC)
                if request.HasField("report_time")
                else None,
                distinct_accident=request.distinct_accident,
            ),
            actor=actor_of(context),
        )
        result = self._result(outcome)
        return pb.ReportClaimResponse(**result)

    @rpc
    def RecordDocuments(
        self, request: pb.RecordDocumentsRequest, context: grpc.ServicerContext
    ) -> pb.RecordDocumentsResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        documents = tuple(read.documents(list(request.documents), "documents"))
        received_on = read.optional_day(request.received_date, "received_date")
        read.done()
        result = self._result(
            self.app.record_documents(
                commands.RecordDocuments(
                    request.request_id,
                    claim_id,
                    documents,
                    received_on,
                ),
                actor=actor_of(context),
            )
        )
        return pb.RecordDocumentsResponse(**result)

    @rpc
    def AssessClaim(
        self, request: pb.AssessClaimRequest, context: grpc.ServicerContext
    ) -> pb.AssessClaimResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        overrides = tuple(read.overrides(list(request.overrides), "overrides"))
        decided_on = read.optional_day(request.decision_date, "decision_date")
        set_asides = tuple(read.set_asides(list(request.set_asides)))
        read.done()
        result = self._result(
            self.app.assess_claim(
                commands.AssessClaim(
                    request.request_id,
                    claim_id,
                    overrides,
                    decided_on,
                    set_asides,
                ),
                actor=actor_of(context),
            )
        )
        return pb.AssessClaimResponse(**result)

    @rpc
    def RejectClaim(
        self, request: pb.RejectClaimRequest, context: grpc.ServicerContext
    ) -> pb.RejectClaimResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        decided_on = read.optional_day(request.decision_date, "decision_date")
        read.done()
        result = self._result(
            self.app.reject_claim(
                commands.RejectClaim(
                    request.request_id,
                    claim_id,
                    tuple(read.reasons(list(request.reasons))),
                    request.text,
                    decided_on,
                ),
                actor=actor_of(context),
            )
        )
        return pb.RejectClaimResponse(**result)

    @rpc
    def RecordPayment(
        self, request: pb.RecordPaymentRequest, context: grpc.ServicerContext
    ) -> pb.RecordPaymentResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        paid_on = read.optional_day(request.payment_date, "payment_date")
        read.done()
        result = self._result(
            self.app.record_payment(
                commands.RecordPayment(
                    request.request_id,
                    claim_id,
                    request.amount_fen,
                    request.reference,
                    paid_on,
                ),
                actor=actor_of(context),
            )
        )
        return pb.RecordPaymentResponse(**result)

    @rpc
    def RecordRecovery(
        self, request: pb.RecordRecoveryRequest, context: grpc.ServicerContext
    ) -> pb.RecordRecoveryResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        recovered_on = read.optional_day(request.recovery_date, "recovery_date")
        read.done()
        result = self._result(
            self.app.record_recovery(
                commands.RecordRecovery(
                    request.request_id,
                    claim_id,
                    request.amount_fen,
                    request.reference,
                    recovered_on,
                ),
                actor=actor_of(context),
            )
        )
        return pb.RecordRecoveryResponse(**result)

    @rpc
    def WithdrawClaim(
        self, request: pb.WithdrawClaimRequest, context: grpc.ServicerContext
    ) -> pb.WithdrawClaimResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        read.done()
        result = self._result(
            self.app.withdraw_claim(
                commands.WithdrawClaim(request.request_id, claim_id, request.reason),
                actor=actor_of(context),
            )
        )
        return pb.WithdrawClaimResponse(**result)

    @rpc
    def ReopenClaim(
        self, request: pb.ReopenClaimRequest, context: grpc.ServicerContext
    ) -> pb.ReopenClaimResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        set_asides = tuple(read.set_asides(list(request.set_asides)))
        read.done()
        result = self._result(
            self.app.reopen_claim(
                commands.ReopenClaim(
                    request.request_id,
                    claim_id,
                    request.reason,
                    tuple(request.awaited_documents),
                    set_asides,
                ),
                actor=actor_of(context),
            )
        )
        return pb.ReopenClaimResponse(**result)

    @rpc
    def CorrectAccident(
        self, request: pb.CorrectAccidentRequest, context: grpc.ServicerContext
    ) -> pb.CorrectAccidentResponse:
        read = RequestReader()
        accident_id = read.uuid(request.accident_id, "accident_id")
        facts = read.accident(request.accident, "accident")
        read.done()
        outcome = self.app.correct_accident(
            commands.CorrectAccident(
                request.request_id,
                accident_id,
                facts,
                request.reason_code,
                request.reason_text,
            ),
            actor=actor_of(context),
        )
        accident = outcome.accident
        return pb.CorrectAccidentResponse(
            accident_id=str(accident.id),
            accident=pb.AccidentFacts(
                accident_date=accident.occurred_on.isoformat(),
                place=accident.place,
                cause=accident.cause,
                description=accident.description,
            ),
            claims=[self.present.claim(c) for c in outcome.claims],
            position=outcome.position,
            replayed=outcome.replayed,
        )

    @rpc
    def GetClaim(
        self, request: pb.GetClaimRequest, context: grpc.ServicerContext
    ) -> pb.GetClaimResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        if request.version < 0:
            read.problems.add("version", "must be 0 (the latest) or more")
        read.done()
        if request.version:
            claim = self.app.get_claim(claim_id, request.version)
            return pb.GetClaimResponse(claim=self.present.claim(claim))
        self.fresh.see(request.min_position, self.records)
        return pb.GetClaimResponse(claim=self._latest(claim_id))

    def _latest(self, claim_id: UUID) -> pb.Claim:
        """A claim as the claims read model shows it, or from the event store
        if the read model has not seen it yet (or there is none)."""
        recorded = self.records.claim(claim_id) if self.records is not None else None
        if recorded is not None:
            return claim_message(recorded)
        return self.present.claim(self.app.get_claim(claim_id))

    @rpc
    def ListClaims(
        self, request: pb.ListClaimsRequest, context: grpc.ServicerContext
    ) -> pb.ListClaimsResponse:
        read = RequestReader()
        size = page_size(
            request.page_size, read.problems, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        if request.status not in pb.ClaimStatus.values():
            read.problems.add("status", "unknown status")
        if request.benefit not in pb.Benefit.values():
            read.problems.add("benefit", "unknown benefit")
        status = status_of(request.status) if _known_status(request.status) else None
        benefit = (
            benefit_of(request.benefit) if _known_benefit(request.benefit) else None
        )
        insured = (
            normalise(request.insured_id_number) if request.insured_id_number else ""
        )
        accident_from = read.optional_day(
            request.accident_date_from, "accident_date_from"
        )
        accident_to = read.optional_day(request.accident_date_to, "accident_date_to")
        read.done()
        criteria = (status, benefit, insured, accident_from, accident_to)
        after = read_token(request.page_token, criteria)
        self.fresh.see(request.min_position, self.summaries, self.records)
        rows = required(self.summaries, "claim summary").claims(
            after=after,
            limit=size + 1,
            status=str(status or ""),
            benefit=str(benefit or ""),
            insured_id_number=insured,
            accident_from=accident_from,
            accident_to=accident_to,
        )
        claims, token = page_in_bytes(
            rows,
            size,
            lambda r: r.reported_position,
            criteria,
            lambda r: self._latest(r.claim_id),
        )
        return pb.ListClaimsResponse(claims=claims, next_page_token=token)


def _known_status(value: int) -> bool:
    return value != pb.CLAIM_STATUS_UNSPECIFIED and value in pb.ClaimStatus.values()


def _known_benefit(value: int) -> bool:
    return value != pb.BENEFIT_UNSPECIFIED and value in pb.Benefit.values()

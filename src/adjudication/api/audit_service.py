"""`adjudication.v1.AuditService`: a claim's events, a claim as it was, the
claims application's event log, and the log verified against the notary's
digest chain, for auditors. Read-only."""

from collections.abc import Iterator
from datetime import UTC, date
from functools import cached_property

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adjudication.adapters import checkpoints
from adjudication.adapters.notary import Notary
from adjudication.adapters.storage import CLAIMS_LOG, ENROLMENT_LOG
from adjudication.api.mapping import ClaimPresenter, timestamp
from adjudication.api.pagination import (
    make_token,
    page_in_bytes,
    page_size,
    read_token,
)
from adjudication.api.read_models import ReadYourWrites, required
from adjudication.api.request_reader import RequestReader
from adjudication.api.rpc import actor_of, rpc
from adjudication.api.rpc_stream import rpc_stream
from adjudication.api.streams import StreamGate
from adjudication.claims.application import ClaimsApplication
from adjudication.claims.audit_log import AuditLog, RecordedEvent
from adjudication.domain.calendar import scheme_date
from adjudication.domain.effective_dates import recorded_late
from adjudication.v1 import audit_pb2 as pb
from adjudication.v1 import audit_pb2_grpc
from projections.claim_summary import ClaimSummaryView

DEFAULT_BATCH_SIZE = 100
MAX_BATCH_SIZE = 1000
# A StreamEvents message holds fewer events than its batch size rather than
# more bytes than this (but always one event): what a stream keeps in memory
# while its client reads is bounded, and far below the client's message limit.
MAX_MESSAGE_BYTES = 1 << 20
# Events one page of ListBackdatedSteps reads at most, so a call stays short.
BACKDATED_SCAN = 20_000


class AuditService(audit_pb2_grpc.AuditServiceServicer):
    def __init__(
        self,
        app: ClaimsApplication,
        summaries: ClaimSummaryView | None = None,
        signing_key: Ed25519PrivateKey | None = None,
        enrolment_notary: Notary | None = None,
        streams: StreamGate | None = None,
        fresh: ReadYourWrites | None = None,
    ) -> None:
        """`summaries`: the claim summary read model the overdue list reads;
        `signing_key`: the key VerifyLog signs checkpoints with (by default the
        one `ADJUDICATION_SIGNING_KEY_FILE` names, if any); `enrolment_notary`:
        the enrolment log's, for VerifyLog of that log; `streams`: the server's
        bounds on event streams; `fresh`: its bound on waits for the read
        model."""
        self.streams = streams or StreamGate()
        self.fresh = fresh or ReadYourWrites(app.recorder.max_notification_id)
        self.signing_key = signing_key or checkpoints.configured_key()
        self.notaries = {CLAIMS_LOG: app.notary}
        if enrolment_notary is not None:
            self.notaries[ENROLMENT_LOG] = enrolment_notary
        self.summaries = summaries
        self.app = app
        self.log = AuditLog(app)
        self.present = ClaimPresenter(app)

    @rpc
    def GetClaimHistory(
        self, request: pb.GetClaimHistoryRequest, context: grpc.ServicerContext
    ) -> pb.GetClaimHistoryResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        read.done()
        return pb.GetClaimHistoryResponse(
            events=[_claim_event(e) for e in self.log.claim_history(claim_id)]
        )

    @rpc
    def GetClaimAsOf(
        self, request: pb.GetClaimAsOfRequest, context: grpc.ServicerContext
    ) -> pb.GetClaimAsOfResponse:
        read = RequestReader()
        claim_id = read.claim_id(request.name)
        which = request.WhichOneof("as_of")
        if which is None:
            read.problems.add("as_of", "give either as_of_time or version")
        elif which == "version" and request.version < 1:
            read.problems.add("version", "must be 1 or more")
        read.done()
        if which == "version":
            claim = self.app.get_claim(claim_id, request.version)
        else:
            instant = request.as_of_time.ToDatetime(tzinfo=UTC)
            claim = self.log.claim_as_of(claim_id, instant)
        return pb.GetClaimAsOfResponse(claim=self.present.claim(claim))

    @rpc_stream
    def StreamEvents(
        self, request: pb.StreamEventsRequest, context: grpc.ServicerContext
    ) -> Iterator[pb.StreamEventsResponse]:
        read = RequestReader()
        if request.after_position < 0:
            read.problems.add("after_position", "must not be negative")
        if request.batch_size < 0:
            read.problems.add("batch_size", "must not be negative")
        if request.limit < 0:
            read.problems.add("limit", "must not be negative (0: no limit)")
        topics = []
        for i, event_type in enumerate(request.event_types):
            topic = self.log.topics.get(event_type)
            if topic is None:
                read.problems.add(
                    f"event_types[{i}]",
                    f"unknown event type {event_type!r}; known: "
                    + ", ".join(sorted(self.log.topics)),
                )
            else:
                topics.append(topic)
        read.done()
        size = min(request.batch_size or DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE)
        yield from self.streams.stream(
            actor_of(context), context, self.stream_events(request, size, topics)
        )

    def stream_events(
        self,
        request: pb.StreamEventsRequest,
        size: int,
        topics: list[str],
    ) -> Iterator[pb.StreamEventsResponse]:
        """The claims' log (never the enrolment's, kept apart on both stores);
        the access interceptor masks its personal data for a caller whose role
        may not see it, as in every response."""
        left = request.limit or None
        after = request.after_position
        # The end as the call began: the stream ends there, new events or not.
        end = self.log.end()
        while after < end and (left is None or left > 0):
            wanted = size if left is None else min(size, left)
            batch = self.log.read(after, wanted, end, topics)
            if not batch:
                return
            yield from _messages([_log_event(e) for e in batch])
            if len(batch) < wanted:
                return
            after = batch[-1].position
            if left is not None:
                left -= len(batch)

    @rpc
    def ListOverdueClaims(
        self, request: pb.ListOverdueClaimsRequest, context: grpc.ServicerContext
    ) -> pb.ListOverdueClaimsResponse:
        read = RequestReader()
        as_of = read.optional_day(request.as_of_date, "as_of_date")
        size = page_size(request.page_size, read.problems, 50, 500)
        try:
            scheme = self.app.catalogue.get(request.scheme_id)
        except KeyError:
            read.problems.add("scheme_id", f"unknown scheme year {request.scheme_id!r}")
        read.done()
        day = as_of or scheme_date(self.app.clock())
        criteria = (request.scheme_id, day)
        after = read_token(request.page_token, criteria)
        self.fresh.see(request.min_position, self.summaries)
        summaries = required(self.summaries, "claim summary")
        rows = summaries.overdue(scheme.id, scheme.statutory, day, after, size + 1)
        claims, token = page_in_bytes(
            rows,
            size,
            lambda r: r.reported_position,
            criteria,
            lambda r: self.present.claim(self.app.get_claim(r.claim_id)),
        )
        return pb.ListOverdueClaimsResponse(claims=claims, next_page_token=token)

    @rpc
    def ListBackdatedSteps(
        self, request: pb.ListBackdatedStepsRequest, context: grpc.ServicerContext
    ) -> pb.ListBackdatedStepsResponse:
        read = RequestReader()
        size = page_size(request.page_size, read.problems, 100, 1000)
        try:
            scheme = self.app.catalogue.get(request.scheme_id)
        except KeyError:
            read.problems.add("scheme_id", f"unknown scheme year {request.scheme_id!r}")
        read.done()
        criteria = (request.scheme_id,)
        after = max(read_token(request.page_token, criteria), 0)
        days = scheme.windows.backdated_report_days
        steps, last = self._backdated(after, size, days)
        more = last < self.log.end()
        return pb.ListBackdatedStepsResponse(
            steps=[_log_event(e) for e in steps],
            next_page_token=make_token(last, criteria) if more else "",
            threshold_days=days,
        )

    def _backdated(
        self, after: int, size: int, days: int
    ) -> tuple[list[RecordedEvent], int]:
        """Up to `size` late steps after `after`, reading at most
        BACKDATED_SCAN events; and the position read up to."""
        found: list[RecordedEvent] = []
        end = min(self.log.end(), after + BACKDATED_SCAN)
        while after < end:
            batch = self.log.read(after, MAX_BATCH_SIZE, end, self.claim_topics)
            if not batch:
                break
            for event in batch:
                after = event.position
                effective = event.effective_date
                if effective is not None and recorded_late(
                    scheme_date(event.recorded_at), effective, days
                ):
                    found.append(event)
                    if len(found) == size:
                        return found, after
        return found, end

    @rpc
    def VerifyLog(
        self, request: pb.VerifyLogRequest, context: grpc.ServicerContext
    ) -> pb.VerifyLogResponse:
        read = RequestReader()
        checkpoint = None
        log = request.log or request.checkpoint.log or CLAIMS_LOG
        notary = self.notaries.get(log)
        if notary is None:
            read.problems.add(
                "log", f"no log {log!r}: one of {', '.join(self.notaries)}"
            )
        elif request.HasField("checkpoint") and request.checkpoint.log != log:
            read.problems.add(
                "checkpoint.log", f"the checkpoint is of another log than {log}"
            )
        if request.HasField("checkpoint"):
            given = request.checkpoint
            checkpoint = checkpoints.Checkpoint(
                given.log,
                given.position,
                given.digest,
                given.signed_at,
                given.public_key,
                given.signature,
            )
            try:
                bytes.fromhex(checkpoint.digest)
                if self.signing_key is not None:
                    checkpoint.check_signature(self.signing_key.public_key())
            except ValueError:
                read.problems.add("checkpoint.digest", "not a hex SHA-256 digest")
            except checkpoints.InvalidCheckpoint as error:
                read.problems.add(
                    "checkpoint.signature", str(error), "CHECKPOINT_NOT_SIGNED"
                )
        read.done()
        assert notary is not None
        verification = (
            notary.verify()
            if checkpoint is None
            else checkpoints.verify_against(notary, checkpoint)
        )
        response = pb.VerifyLogResponse(
            intact=verification.intact,
            checked_events=verification.checked,
            head_position=verification.head,
            head_digest=verification.head_digest.hex(),
            end_position=verification.end,
            log=log,
        )
        if verification.broken is not None:
            response.first_broken_position = verification.broken.position
            response.broken_reason = verification.broken.reason
            response.description = verification.broken.description
        elif self.signing_key is not None and verification.head:
            signed = checkpoints.sign(
                self.signing_key,
                log,
                verification.head,
                verification.head_digest,
            )
            response.checkpoint.CopyFrom(
                pb.LogCheckpoint(
                    log=signed.log,
                    position=signed.position,
                    digest=signed.digest,
                    signed_at=signed.signed_at,
                    public_key=signed.public_key,
                    signature=signed.signature,
                )
            )
        return response

    @cached_property
    def claim_topics(self) -> list[str]:
        return [t for name, t in self.log.topics.items() if name.startswith("Claim.")]


def _messages(events: list[pb.LogEvent]) -> Iterator[pb.StreamEventsResponse]:
    """The events in order, in messages of at most MAX_MESSAGE_BYTES."""
    message = pb.StreamEventsResponse()
    size = 0
    for event in events:
        event_size = event.ByteSize()
        if message.events and size + event_size > MAX_MESSAGE_BYTES:
            yield message
            message, size = pb.StreamEventsResponse(), 0
        message.events.append(event)
        size += event_size
    if message.events:
        yield message


def _claim_event(event: RecordedEvent) -> pb.ClaimEvent:
    return pb.ClaimEvent(
        position=event.position,
        version=event.version,
        event_type=event.name,
        record_time=timestamp(event.recorded_at),
        actor=str(event.attributes.get("actor", "")),
        request_id=str(event.attributes.get("request_id", "")),
        payload_json=event.payload_json,
        effective_date=_iso(event.effective_date),
    )


def _log_event(event: RecordedEvent) -> pb.LogEvent:
    return pb.LogEvent(
        position=event.position,
        originator_id=str(event.originator_id),
        version=event.version,
        event_type=event.event_type,
        record_time=timestamp(event.recorded_at),
        payload_json=event.payload_json,
        effective_date=_iso(event.effective_date),
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""

"""The claims application's events as auditors read them: a claim's history
with the positions of its events in the log, a claim as of an instant, and the
log itself in batches.

Payloads come from the stored events' JSON (the library's JSONTranscoder):
its `{"_type_": ..., "_data_": ...}` wrappers are replaced by their data, so
dates, instants and decimals are ISO or decimal strings, UUIDs canonical
strings and value objects plain objects.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import get_topic

from adjudication.adapters.event_positions import notifications_of
from adjudication.claims.application import ClaimsApplication
from adjudication.domain.accident import Accident, AccidentRegister
from adjudication.domain.claim import Claim
from adjudication.domain.coverage import Coverage
from adjudication.domain.effective_dates import effective_date_of
from adjudication.domain.errors import NotFound
from adjudication.domain.invoices import InvoiceRegister
from adjudication.service_layer.receipts import CommandReceipt

# The aggregates whose events the claims application records.
AGGREGATES: tuple[type[Aggregate], ...] = (
    Claim,
    Accident,
    AccidentRegister,
    Coverage,
    InvoiceRegister,
    CommandReceipt,
)
CLAIM_TOPIC_PREFIX = get_topic(Claim) + "."
# Attributes every event has that the record shows apart from its payload.
NOT_PAYLOAD = ("timestamp", "class_version")


@dataclass(frozen=True)
class RecordedEvent:
    position: int
    originator_id: UUID
    version: int
    topic: str
    recorded_at: datetime
    # The event's attributes (not its originator id, version or timestamp).
    attributes: dict[str, Any]

    @property
    def event_type(self) -> str:
        """Aggregate and event class, e.g. `Claim.PaymentRecorded`."""
        return self.topic.partition(":")[2]

    @property
    def name(self) -> str:
        """The event class, e.g. `PaymentRecorded`."""
        return self.event_type.rpartition(".")[2]

    @property
    def effective_date(self) -> date | None:
        """The day a claim's step took effect; None for other events."""
        if not self.topic.startswith(CLAIM_TOPIC_PREFIX):
            return None
        return effective_date_of(self.attributes)

    @property
    def payload_json(self) -> str:
        return json.dumps(self.attributes, ensure_ascii=False, separators=(",", ":"))


def event_types(aggregates: Sequence[type[Aggregate]] = AGGREGATES) -> dict[str, str]:
    """Event type (`Claim.Assessed`) to the library's topic, for every event
    class the aggregates can record."""
    types: dict[str, str] = {}
    for cls in aggregates:
        events = [
            value
            for name, value in vars(cls).items()
            if isinstance(value, type)
            and issubclass(value, Aggregate.Event)
            and value.__qualname__ == f"{cls.__qualname__}.{name}"
            and name != "Event"
        ]
        created = [e for e in events if issubclass(e, Aggregate.Created)]
        for event_class in events:
            # The library's default `Created` is never recorded when the
            # aggregate names its own creation event.
            if event_class.__name__ == "Created" and len(created) > 1:
                continue
            types[event_class.__qualname__] = get_topic(event_class)
    return types


def plain_state(mapper: Mapper[UUID], notification: Notification) -> dict[str, Any]:
    """The stored event's state as plain JSON values."""
    state = notification.state
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    decoded: dict[str, Any] = json.loads(state, object_hook=_unwrap)
    return decoded


def _unwrap(obj: dict[str, Any]) -> Any:
    if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
        if obj["_type_"] == "uuid_hex":
            return str(UUID(obj["_data_"]))
        return obj["_data_"]
    return obj


class AuditLog:
    def __init__(self, app: ClaimsApplication) -> None:
        self.app = app

    @cached_property
    def topics(self) -> dict[str, str]:
        return event_types()

    def recorded(self, notification: Notification) -> RecordedEvent:
        attributes = plain_state(self.app.mapper, notification)
        timestamp = attributes.get("timestamp")
        if not isinstance(timestamp, str):
            raise ValueError(f"event {notification.id} of the log has no recorded time")
        for key in NOT_PAYLOAD:
            attributes.pop(key, None)
        originator_id = notification.originator_id
        return RecordedEvent(
            position=notification.id,
            originator_id=originator_id
            if isinstance(originator_id, UUID)
            else UUID(originator_id),
            version=notification.originator_version,
            topic=notification.topic,
            recorded_at=datetime.fromisoformat(timestamp),
            attributes=attributes,
        )

    def claim_history(self, claim_id: UUID) -> list[RecordedEvent]:
        """Every event of the claim, oldest first."""
        found = notifications_of(self.app.recorder, claim_id)
        if not found or not found[0].topic.startswith(CLAIM_TOPIC_PREFIX):
            raise NotFound(f"no claim {claim_id}", "CLAIM_NOT_FOUND")
        return [self.recorded(n) for n in found]

    def claim_as_of(self, claim_id: UUID, instant: datetime) -> Claim:
        """The claim after its last event recorded at or before the instant,
        from its events read once."""
        found = notifications_of(self.app.recorder, claim_id)
        if not found or not found[0].topic.startswith(CLAIM_TOPIC_PREFIX):
            raise NotFound(f"no claim {claim_id}", "CLAIM_NOT_FOUND")
        events = [self.app.mapper.to_domain_event(n) for n in found]
        then = [
            i
            for i, e in enumerate(events)
            if isinstance(e, Aggregate.Event) and e.timestamp <= instant
        ]
        if not then:
            raise NotFound(
                f"claim {claim_id} was not reported yet at {instant.isoformat()}",
                "CLAIM_NOT_FOUND",
            )
        claim = project_aggregate(None, events[: max(then) + 1])
        if not isinstance(claim, Claim):
            raise NotFound(f"no claim {claim_id}", "CLAIM_NOT_FOUND")
        return claim

    def end(self) -> int:
        """The position of the last event of the log (0 when empty)."""
        return self.app.recorder.max_notification_id() or 0

    def read(
        self, after: int, limit: int, stop: int, topics: Sequence[str] = ()
    ) -> list[RecordedEvent]:
        """At most `limit` events after position `after`, up to `stop`."""
        found = self.app.recorder.select_notifications(
            after, limit, stop, list(topics), inclusive_of_start=False
        )
        return [self.recorded(n) for n in found]

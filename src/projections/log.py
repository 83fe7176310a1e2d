"""The application whose log projections follow: the claims' event store, read
only (named `CLAIMS_LOG` like the claims application, so the same tables)."""

from collections import OrderedDict
from typing import ClassVar, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import TrackingRecorder

from adjudication.adapters.storage import (
    CLAIMS_LOG,
    ENROLMENT_LOG,
    READ_MODELS_POOL,
    ServiceApplication,
)

A = TypeVar("A", bound=Aggregate)
# The aggregates a projection keeps as its last events left them.
FOLLOWED_AGGREGATES = 4096


class ClaimsLog(ServiceApplication):
    name = CLAIMS_LOG
    pool_role = READ_MODELS_POOL


class EnrolmentLog(ServiceApplication):
    """The enrolment's event store, read only (its notary follows it)."""

    name = ENROLMENT_LOG
    pool_role = READ_MODELS_POOL


class ReadsTheLog:
    """For projections that summarise an aggregate as it stood after each of its
    events, read from the claims' event store (a rebuild then gives the same
    rows). The runner sets `log_env`.

    The aggregates the last events left are kept (up to
    `FOLLOWED_AGGREGATES`, the least recent dropped): the next event of one
    is applied to it, as reading its events from the store would, instead of
    reading them all again for each event."""

    log_env: ClassVar[dict[str, str]] = {}

    def __init__(self, view: TrackingRecorder) -> None:
        super().__init__(view)  # type: ignore[call-arg]
        # Opened with the projection, not by its first event: a worker's thread
        # never waits for a connection of a store a shutdown cannot close yet.
        # The store's tables exist already; several workers creating them at
        # once would make PostgreSQL refuse ("tuple concurrently updated").
        self.log = ClaimsLog(env={**self.log_env, "CREATE_TABLE": "n"})
        self._followed: OrderedDict[UUID, Aggregate] = OrderedDict()

    def share_followed(self, followed: "OrderedDict[UUID, Aggregate]") -> None:
        """Keep the aggregates in `followed`, with other projections that
        take the same events in the same order (`batches.AllViews`)."""
        self._followed = followed

    def as_of(self, aggregate: type[A], domain_event: DomainEventProtocol[UUID]) -> A:
        """The event's aggregate as it stood after the event."""
        originator, version = (
            domain_event.originator_id,
            domain_event.originator_version,
        )
        last = self._followed.pop(originator, None)
        found: Aggregate | None
        if last is not None and last.version == version:
            found = last  # another view's projection applied the event
        elif last is not None and last.version == version - 1:
            found = domain_event.mutate(last)  # type: ignore[attr-defined]
        elif version == 1:
            found = domain_event.mutate(None)  # type: ignore[attr-defined]
        else:
            found = self.log.repository.get(originator, version=version)
        if found is not None:
            self._followed[originator] = found
            if len(self._followed) > FOLLOWED_AGGREGATES:
                self._followed.popitem(last=False)
        if not isinstance(found, aggregate):
            raise TypeError(f"{domain_event.originator_id} is no {aggregate.__name__}")
        return found


def reader_of(projection: object) -> ClaimsLog | None:
    """The projection's own reader of the log, if it reads it."""
    return projection.log if isinstance(projection, ReadsTheLog) else None

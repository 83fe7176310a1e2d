"""The application whose log projections follow: the claims' event store, read
only (named `CLAIMS_LOG` like the claims application, so the same tables)."""

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
    rows). The runner sets `log_env`."""

    log_env: ClassVar[dict[str, str]] = {}

    def __init__(self, view: TrackingRecorder) -> None:
        super().__init__(view)  # type: ignore[call-arg]
        # Opened with the projection, not by its first event: a worker's thread
        # never waits for a connection of a store a shutdown cannot close yet.
        # The store's tables exist already; several workers creating them at
        # once would make PostgreSQL refuse ("tuple concurrently updated").
        self.log = ClaimsLog(env={**self.log_env, "CREATE_TABLE": "n"})

    def as_of(self, aggregate: type[A], domain_event: DomainEventProtocol[UUID]) -> A:
        """The event's aggregate as it stood after the event."""
        found: Aggregate = self.log.repository.get(
            domain_event.originator_id, version=domain_event.originator_version
        )
        if not isinstance(found, aggregate):
            raise TypeError(f"{domain_event.originator_id} is no {aggregate.__name__}")
        return found


def reader_of(projection: object) -> ClaimsLog | None:
    """The projection's own reader of the log, if it reads it."""
    return projection.log if isinstance(projection, ReadsTheLog) else None

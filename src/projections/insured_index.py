"""The insured of each scheme year, for ListInsured: an in-memory read model
folded from the Insured events of the enrolment log, caught up before each
read."""

import threading
from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

from adjudication.domain.enrolment import Insured
from projections.events import (
    CoverEnded,
    Enrolled,
    RegistrationConfirmed,
    RegistrationNotFound,
)

INSURED_TOPIC = get_topic(Insured)


@dataclass
class InsuredEntry:
    order: int
    scheme_id: str
    resident_id_number: str
    name: str
    township: str
    village: str
    registration: str = "PENDING"
    confirmed_on: date | None = None
    covered_until: date | None = None
    cover_end_reason: str = ""


class InsuredIndex:
    def __init__(self, app: Application[UUID]) -> None:
        """`app`: the enrolment application, whose log it reads."""
        self.app = app
        self._position = 0
        self._entries: dict[UUID, InsuredEntry] = {}
        self._lock = threading.Lock()

    def catch_up(self) -> None:
        with self._lock:
            while notifications := self.app.recorder.select_notifications(
                start=self._position + 1, limit=5000
            ):
                for notification in notifications:
                    # Only the insured's events: a roster's are many and large.
                    if notification.topic.startswith(INSURED_TOPIC + "."):
                        self._apply(self.app.mapper.to_domain_event(notification))
                self._position = notifications[-1].id

    def entries(
        self, scheme_id: str, township: str, registration: str, after: int, limit: int
    ) -> list[InsuredEntry]:
        """The first `limit` insured of the scheme year after the order
        `after`, of the township and registration if given."""
        self.catch_up()
        with self._lock:
            matching = (
                e
                for e in self._entries.values()
                if e.order > after
                and e.scheme_id == scheme_id
                and (not township or e.township == township)
                and (not registration or e.registration == registration)
            )
            return [e for _, e in zip(range(limit), matching, strict=False)]

    @singledispatchmethod
    def _apply(self, happened: DomainEventProtocol[UUID]) -> None:
        """An event of the insured that changes nothing listed: skipped."""

    @_apply.register
    def _enrolled(self, happened: Enrolled) -> None:
        self._entries[happened.originator_id] = InsuredEntry(
            order=len(self._entries),
            scheme_id=happened.scheme_id,
            resident_id_number=happened.resident_id_number,
            name=happened.name,
            township=happened.township,
            village=happened.village,
        )

    @_apply.register
    def _confirmed(self, happened: RegistrationConfirmed) -> None:
        entry = self._entries[happened.originator_id]
        entry.registration, entry.confirmed_on = "CONFIRMED", happened.confirmed_on

    @_apply.register
    def _not_found(self, happened: RegistrationNotFound) -> None:
        self._entries[happened.originator_id].registration = "NOT_FOUND"

    @_apply.register
    def _cover_ended(self, happened: CoverEnded) -> None:
        entry = self._entries[happened.originator_id]
        entry.covered_until, entry.cover_end_reason = happened.last_day, happened.reason

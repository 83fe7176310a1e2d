"""ListClaims' index: each claim's filterable facts, kept in the process and
caught up from the application's notification log before every query.

Every replica reads the same log, so every replica lists the same claims; the
persistent read models of the projections replace this index.
"""

import threading
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from adjudication.api.pagination import make_token, read_token
from adjudication.application import ClaimsApplication
from adjudication.domain.claim import Claim, ClaimStatus

CATCH_UP_BATCH = 500
CLAIM_TOPICS = tuple(
    get_topic(cls)
    for cls in vars(Claim).values()
    if isinstance(cls, type) and issubclass(cls, Aggregate.Event)
)


@dataclass(frozen=True)
class Entry:
    order: int  # position in the order claims were reported
    claim_id: UUID
    status: ClaimStatus
    benefits: tuple[str, ...]
    insured_id_number: str
    accident_date: date


@dataclass(frozen=True)
class ClaimFilter:
    status: ClaimStatus | None = None
    benefit: str | None = None
    insured_id_number: str | None = None
    accident_from: date | None = None
    accident_to: date | None = None

    def matches(self, entry: Entry) -> bool:
        return (
            (self.status is None or entry.status == self.status)
            and (self.benefit is None or self.benefit in entry.benefits)
            and (
                self.insured_id_number is None
                or entry.insured_id_number == self.insured_id_number
            )
            and (
                self.accident_from is None or entry.accident_date >= self.accident_from
            )
            and (self.accident_to is None or entry.accident_date <= self.accident_to)
        )


class ClaimIndex:
    def __init__(self, app: ClaimsApplication) -> None:
        self.app = app
        self._position = 0
        self._entries: dict[UUID, Entry] = {}
        self._lock = threading.Lock()

    def catch_up(self) -> None:
        with self._lock:
            while True:
                notifications = self.app.recorder.select_notifications(
                    start=self._position + 1, limit=CATCH_UP_BATCH, topics=CLAIM_TOPICS
                )
                if not notifications:
                    return
                changed = dict.fromkeys(n.originator_id for n in notifications)
                for claim_id in changed:
                    assert isinstance(claim_id, UUID)
                    self._index(self.app.get_claim(claim_id))
                self._position = notifications[-1].id

    def _index(self, claim: Claim) -> None:
        known = self._entries.get(claim.id)
        self._entries[claim.id] = Entry(
            order=known.order if known else len(self._entries),
            claim_id=claim.id,
            status=claim.status,
            benefits=tuple(claim.benefits),
            insured_id_number=claim.insured_id_number,
            accident_date=claim.accident_date,
        )

    def page(
        self, criteria: ClaimFilter, page_size: int, page_token: str
    ) -> tuple[list[UUID], str]:
        """Claim ids of one page in reporting order, and the next page's token."""
        after = read_token(page_token, criteria)
        self.catch_up()
        with self._lock:
            entries = list(self._entries.values())  # in insertion order
        matching = [e for e in entries if e.order > after and criteria.matches(e)]
        page = matching[:page_size]
        more = len(matching) > page_size
        token = make_token(page[-1].order, criteria) if more and page else ""
        return [e.claim_id for e in page], token

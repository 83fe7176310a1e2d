"""Whole claims as the contract shows them, for GetClaim: each claim's message
as it stood after its latest event, with its missing documents and statutory
due dates."""

import base64
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from adjudication.api.mapping import ClaimPresenter
from adjudication.domain.accident import Accident
from adjudication.domain.claim import Claim
from adjudication.domain.deadlines import DueDates, statutory_due_dates
from adjudication.schemes import load_catalogue_with
from adjudication.v1 import claims_pb2 as pb
from projections.log import ClaimsLog, ReadsTheLog
from projections.views import PostgresView, SQLiteView, ViewTables


class RecordTables(ViewTables):
    TABLES: ClassVar[dict[str, str]] = {
        "records": "claim_id TEXT PRIMARY KEY, version BIGINT, position BIGINT, "
        "message TEXT",
    }

    def claim(self, claim_id: UUID) -> pb.Claim | None:
        rows = self.query(
            "SELECT message FROM {records} WHERE claim_id = %s", (str(claim_id),)
        )
        return pb.Claim.FromString(base64.b64decode(rows[0][0])) if rows else None


class SQLiteClaimRecords(RecordTables, SQLiteView):
    pass


class PostgresClaimRecords(RecordTables, PostgresView):
    pass


class _Source:
    """The claims' event store as the claim presenter needs it."""

    def __init__(self, log: ClaimsLog, schemes: str | None) -> None:
        self.log = log
        self.catalogue = load_catalogue_with(schemes)

    def get_accident(self, accident_id: UUID) -> Accident:
        accident: Accident = self.log.repository.get(accident_id)
        return accident

    def due_dates(self, claim: Claim) -> DueDates:
        return statutory_due_dates(self.catalogue, claim)


class ClaimRecords(ReadsTheLog, Projection[SQLiteClaimRecords | PostgresClaimRecords]):
    name = "claim_records"

    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self._present: ClaimPresenter | None = None

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if not isinstance(domain_event, Claim.Event):
            self.view.apply([], tracking)
            return
        if self._present is None:
            source = _Source(self.log, self.log_env.get("ADJUDICATION_SCHEMES"))
            self._present = ClaimPresenter(source)
        claim: Claim = self.as_of(domain_event)
        message = self._present.claim(claim).SerializeToString(deterministic=True)
        self.view.apply(
            [
                (
                    "INSERT INTO {records} VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (claim_id) DO UPDATE SET version = excluded.version, "
                    "position = excluded.position, message = excluded.message",
                    (
                        str(claim.id),
                        claim.version,
                        tracking.notification_id,
                        base64.b64encode(message).decode(),
                    ),
                )
            ],
            tracking,
        )

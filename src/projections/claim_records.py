"""Whole claims for GetClaim: each claim's document (`claim_document`) as it
stood after its latest event, as JSON, sealed (it holds ID numbers, names and
bank accounts).

The view is named `claim_records_v3`: the first `claim_records` stored
serialized messages of the API's contract, `claim_records_v2` the document
unsealed. A new name has its own tables (or SQLite file) and tracking, so a
fresh start or a rebuild fills it from the start of the log; the old ones
are dropped when the read models start (`projections.retired`)."""

import json
from functools import lru_cache, singledispatchmethod
from typing import ClassVar, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from adjudication.domain.accident import Accident
from adjudication.domain.claim import Claim
from adjudication.schemes import load_catalogue_with
from projections.claim_document import ClaimDocument, ClaimDocuments
from projections.events import AccidentCorrected
from projections.log import ReadsTheLog
from projections.views import FollowsTheLog, PostgresView, SQLiteView, ViewTables


class ClaimRecordsView(FollowsTheLog, Protocol):
    """What GetClaim and ListClaims read."""

    def claim(self, claim_id: UUID) -> ClaimDocument | None: ...


class RecordTables(ViewTables):
    TABLES: ClassVar[dict[str, str]] = {
        "records": "claim_id TEXT PRIMARY KEY, version BIGINT, position BIGINT, "
        "document TEXT",
    }
    SEALED: ClassVar[dict[str, int]] = {"records": 3}

    def claim(self, claim_id: UUID) -> ClaimDocument | None:
        rows = self.query(
            "SELECT document FROM {records} WHERE claim_id = %s", (str(claim_id),)
        )
        document: ClaimDocument | None = (
            json.loads(self.sealer.unseal(rows[0][0])) if rows else None
        )
        return document

    def record(
        self, claim_id: UUID, version: int, document: ClaimDocument, tracking: Tracking
    ) -> None:
        """The claim's document as of its event at `tracking`."""
        text = json.dumps(
            document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        self.apply(
            [
                (
                    "INSERT INTO {records} VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (claim_id) DO UPDATE SET version = excluded.version, "
                    "position = excluded.position, document = excluded.document",
                    (
                        str(claim_id),
                        version,
                        tracking.notification_id,
                        self.sealer.seal(text),
                    ),
                )
            ],
            tracking,
        )


class SQLiteClaimRecords(RecordTables, SQLiteView):
    pass


class PostgresClaimRecords(RecordTables, PostgresView):
    pass


class ClaimRecords(ReadsTheLog, Projection[SQLiteClaimRecords | PostgresClaimRecords]):
    name = "claim_records_v3"

    def __init__(self, view: SQLiteClaimRecords | PostgresClaimRecords) -> None:
        super().__init__(view)
        catalogue = load_catalogue_with(self.log_env.get("ADJUDICATION_SCHEMES"))
        # Accidents change only when corrected, and each claim of a corrected
        # accident then records it (AccidentCorrected, in the same transaction):
        # cached until then.
        self._accidents = lru_cache(maxsize=4096)(self._accident)
        self.documents = ClaimDocuments(catalogue, self._accidents)

    def _accident(self, accident_id: UUID) -> Accident:
        accident: Accident = self.log.repository.get(accident_id)
        return accident

    @singledispatchmethod
    def process_event(
        self, domain_event: DomainEventProtocol[UUID], tracking: Tracking
    ) -> None:
        """Events of the other aggregates: nothing to the records."""
        self.view.skip(tracking)

    @process_event.register
    def _claim_changed(self, domain_event: Claim.Event, tracking: Tracking) -> None:
        if isinstance(domain_event, AccidentCorrected):
            self._accidents.cache_clear()
        claim = self.as_of(Claim, domain_event)
        self.view.record(claim.id, claim.version, self.documents.of(claim), tracking)

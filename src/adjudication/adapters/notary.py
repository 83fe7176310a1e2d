"""The notary: a digest chain over each log (claims, enrolment), so that a row
deleted, edited, inserted or moved by someone who can write the database
directly (a superuser, the tables' owner, anyone with the SQLite file) is
noticed.

Each event of the log, in the order of its position, gets a link:

    link = SHA-256(previous link
                   || position         (8 bytes, big-endian)
                   || aggregate id     (the UUID's 16 bytes)
                   || version          (8 bytes, big-endian)
                   || len(topic)       (4 bytes, big-endian) || topic (UTF-8)
                   || len(state)       (8 bytes, big-endian) || state (as stored))

with 32 zero bytes before the first event. The notary follows the log exactly
once (its links and its tracking record are written in one transaction; a
second notary racing it loses on the links' primary key and carries on from
the new head) and keeps the links in its own table: on PostgreSQL
`notary_links` and `notary_tracking` beside the claims' events
(`enrolment_notary_links`, `enrolment_notary_tracking` for the enrolment's), on
SQLite the file `<events>.notary.sqlite3` beside each log's file.

What it cannot see: an event changed before it was notarised, and the links
recomputed after a change by someone who can also write the notary's table.
Signed checkpoints (`adapters.checkpoints`), kept outside the database, catch
the latter.
"""

import hashlib
import struct
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Notification,
    Tracking,
)
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL, Identifier

from adjudication.adapters.event_positions import notifications_of
from adjudication.adapters.storage import CLAIMS_LOG, created_racing

GENESIS = bytes(32)
BATCH = 500
# The name the notary's tracking records carry for the log they follow.
NOTARY = "notary"


def tables_prefix(log: str) -> str:
    """The prefix of a log's notary tables on PostgreSQL: `notary` for the
    claims log (the first it chained), `<log>_notary` for another."""
    return NOTARY if log == CLAIMS_LOG else f"{log.lower()}_{NOTARY}"


def chain(previous: bytes, notification: Notification) -> bytes:
    """The link of one event, given the link before it (see the module)."""
    topic = notification.topic.encode("utf-8")
    state = bytes(notification.state)
    digest = hashlib.sha256(previous)
    digest.update(struct.pack(">Q", notification.id))
    digest.update(UUID(str(notification.originator_id)).bytes)
    digest.update(struct.pack(">Q", notification.originator_version))
    digest.update(struct.pack(">I", len(topic)) + topic)
    digest.update(struct.pack(">Q", len(state)) + state)
    return digest.digest()


@dataclass(frozen=True)
class Link:
    position: int
    originator_id: UUID
    version: int
    previous: bytes
    digest: bytes


@dataclass(frozen=True)
class Broken:
    """The first position where the log and its chain disagree, and how."""

    position: int
    reason: str  # one of the constants below
    description: str


# The ways the chain can break, as VerifyLog names them.
EVENT_MISSING = "EVENT_MISSING"  # a notarised event is gone (deleted, moved)
EVENT_ALTERED = "EVENT_ALTERED"  # a notarised event's stored fields changed
EVENT_NOT_NOTARISED = "EVENT_NOT_NOTARISED"  # an event inserted below the head
LINK_ALTERED = "LINK_ALTERED"  # the notary's own links do not follow each other
CHECKPOINT_MISMATCH = "CHECKPOINT_MISMATCH"  # the chain differs from a checkpoint


@dataclass(frozen=True)
class Verification:
    checked: int  # events checked against their links
    head: int  # the position the chain reaches (0: nothing notarised)
    head_digest: bytes  # the notary's link there
    end: int  # the log's last position (after the head: not chained yet)
    broken: Broken | None
    digest_at: bytes | None = None  # the recomputed link at the position asked

    @property
    def intact(self) -> bool:
        return self.broken is None


class LogTampered(Exception):
    """Stored events no longer match their links: someone changed the log
    outside the service. Nothing may be decided on them."""

    code = "LOG_TAMPERED"

    def __init__(self, message: str, positions: Sequence[int]) -> None:
        super().__init__(message)
        self.positions = tuple(sorted(positions))


class LinkStore(Protocol):
    def head(self) -> Link | None:
        """The last link, if any."""

    def append(self, links: Sequence[Link]) -> None:
        """Record links following the head, with the tracking record of the
        last, in one transaction. IntegrityError when another notary did."""

    def links(self, after: int, limit: int) -> list[Link]:
        """Links after a position, in order."""

    def links_of(self, originator_id: UUID) -> list[Link]:
        """Every link of one aggregate's events."""

    def close(self) -> None: ...


class Notary:
    """Notarises a log and checks it against its links."""

    def __init__(self, recorder: ApplicationRecorder, store: LinkStore) -> None:
        self.recorder = recorder
        self.store = store

    def notarise(self) -> int:
        """Chain every event up to the end of the log as it is now; the head's
        position afterwards. Safe to run in several processes at once."""
        end = self.recorder.max_notification_id() or 0
        while True:
            head = self.store.head()
            after = head.position if head else 0
            if after >= end:
                return after
            batch = self.recorder.select_notifications(
                after, BATCH, stop=end, inclusive_of_start=False
            )
            if not batch:  # the last events went while this was reading
                return after
            links, previous = [], head.digest if head else GENESIS
            for notification in batch:
                digest = chain(previous, notification)
                links.append(
                    Link(
                        notification.id,
                        UUID(str(notification.originator_id)),
                        notification.originator_version,
                        previous,
                        digest,
                    )
                )
                previous = digest
            try:
                self.store.append(links)
            except IntegrityError:
                continue  # another notary got there first: go on from its head

    def verify(self, at: int | None = None) -> Verification:
        """Recompute the chain from the first event and compare it with the
        links; the first position where they differ. `at`: a position whose
        recomputed link the verification keeps (to compare with a
        checkpoint)."""
        head_link = self.store.head()
        head = head_link.position if head_link else 0
        previous, checked, digest_at = GENESIS, 0, None
        events = _events(self.recorder, head)
        event = next(events, None)
        broken = None
        for link in _links(self.store):
            broken = _compare(link, event, previous)
            if broken is not None:
                break
            assert event is not None
            previous, checked = link.digest, checked + 1
            if link.position == at:
                digest_at = link.digest
            event = next(events, None)
        if broken is None and event is not None:
            broken = _not_notarised(event.id)
        return Verification(
            checked,
            head,
            head_link.digest if head_link else GENESIS,
            self.recorder.max_notification_id() or 0,
            broken,
            digest_at,
        )

    def check(self, *originator_ids: UUID) -> None:
        """The aggregates' stored events against their links, after notarising
        the log up to its end (so that none of their events is left
        unchecked). LogTampered names the positions that differ.

        An event of theirs after the head can only have been written since,
        by a command racing this one: it is left to the next check."""
        head = self.notarise()
        wrong: list[int] = []
        for originator_id in originator_ids:
            links = {link.position: link for link in self.store.links_of(originator_id)}
            for event in notifications_of(self.recorder, originator_id):
                link = links.pop(event.id, None)
                if link is None:
                    if event.id <= head:
                        wrong.append(event.id)
                    continue
                if (
                    link.version != event.originator_version
                    or chain(link.previous, event) != link.digest
                ):
                    wrong.append(event.id)
            wrong += links  # notarised events that are gone
        if wrong:
            raise LogTampered(
                "the stored events at positions "
                f"{', '.join(map(str, sorted(wrong)))} differ from their "
                "notarised digests",
                wrong,
            )


def _compare(link: Link, event: Notification | None, previous: bytes) -> Broken | None:
    """How the event at the link's position (the next one of the log) and the
    link disagree, if they do, given the link recomputed before it."""
    if event is not None and event.id < link.position:
        return _not_notarised(event.id)
    if event is None or event.id > link.position:
        return Broken(
            link.position,
            EVENT_MISSING,
            f"the event notarised at position {link.position} (aggregate "
            f"{link.originator_id} version {link.version}) is gone",
        )
    if link.previous != previous:
        return Broken(
            link.position,
            LINK_ALTERED,
            f"the link at position {link.position} does not follow the one before it",
        )
    if chain(previous, event) != link.digest:
        return Broken(
            link.position,
            EVENT_ALTERED,
            f"the event at position {link.position} differs from the one "
            "notarised there",
        )
    return None


def _not_notarised(position: int) -> Broken:
    return Broken(
        position,
        EVENT_NOT_NOTARISED,
        f"the event at position {position} is in no link: it was inserted, or "
        "moved there, after the events around it were notarised",
    )


def _events(recorder: ApplicationRecorder, head: int) -> Iterator[Notification]:
    after = 0
    while after < head:
        batch = recorder.select_notifications(
            after, BATCH, stop=head, inclusive_of_start=False
        )
        if not batch:
            return
        yield from batch
        after = batch[-1].id


def _links(store: LinkStore) -> Iterator[Link]:
    after = 0
    while batch := store.links(after, BATCH):
        yield from batch
        after = batch[-1].position


# -- the link stores ---------------------------------------------------------------


class NotaryTables:
    """The links table, written once for both stores: `{links}` is its name."""

    LINKS: ClassVar[str] = (
        "position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL, "
        "version BIGINT NOT NULL, previous TEXT NOT NULL, digest TEXT NOT NULL"
    )
    SELECT = "SELECT position, originator_id, version, previous, digest FROM {links} "

    @staticmethod
    def _link(row: Sequence[Any]) -> Link:
        position, originator_id, version, previous, digest = row
        return Link(
            int(position),
            UUID(originator_id),
            int(version),
            bytes.fromhex(previous),
            bytes.fromhex(digest),
        )

    @staticmethod
    def _row(link: Link) -> tuple[Any, ...]:
        return (
            link.position,
            str(link.originator_id),
            link.version,
            link.previous.hex(),
            link.digest.hex(),
        )


class SQLiteLinkStore(NotaryTables, SQLiteTrackingRecorder):
    """The links in their own SQLite file (the library's SQLite tracking table
    has one name per file). Triggers refuse to change or delete a link."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS links ({self.LINKS})",
            "CREATE INDEX IF NOT EXISTS links_originator_id ON links (originator_id)",
            *sqlite_append_only("links"),
        ]

    def head(self) -> Link | None:
        found = self._select(
            self.SELECT.format(links="links") + "ORDER BY position DESC LIMIT 1"
        )
        return found[0] if found else None

    def append(self, links: Sequence[Link]) -> None:
        if not links:
            return
        with self.datastore.transaction(commit=True) as c:
            c.executemany(
                "INSERT INTO links VALUES (?, ?, ?, ?, ?)",
                [self._row(link) for link in links],
            )
            self._insert_tracking(c, Tracking(NOTARY, links[-1].position))

    def links(self, after: int, limit: int) -> list[Link]:
        return self._select(
            self.SELECT.format(links="links")
            + "WHERE position > ? ORDER BY position LIMIT ?",
            (after, limit),
        )

    def links_of(self, originator_id: UUID) -> list[Link]:
        return self._select(
            self.SELECT.format(links="links") + "WHERE originator_id = ?",
            (str(originator_id),),
        )

    def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Link]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, tuple(params))
            return [self._link(tuple(row)) for row in c.fetchall()]

    def close(self) -> None:
        self.datastore.close()


def sqlite_append_only(table: str) -> list[str]:
    """SQLite's nearest to privileges: triggers refusing UPDATE and DELETE (it
    has no TRUNCATE; a DELETE without WHERE fires the trigger too)."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_append_only_{op.lower()} "
        f"BEFORE {op} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


class PostgresLinkStore(NotaryTables, PostgresTrackingRecorder):
    """`<prefix>_links` and `<prefix>_tracking` in the events' schema."""

    def __init__(self, datastore: PostgresDatastore, prefix: str = NOTARY) -> None:
        super().__init__(datastore, tracking_table_name=f"{prefix}_tracking")
        self.links_table = SQL("{}.{}").format(
            Identifier(datastore.schema or "public"), Identifier(f"{prefix}_links")
        )
        self.sql_create_statements += [
            SQL(f"CREATE TABLE IF NOT EXISTS {{}} ({self.LINKS})").format(
                self.links_table
            ),
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (originator_id)").format(
                Identifier(f"{prefix}_links_originator_id"), self.links_table
            ),
        ]

    def _sql(self, text: str) -> SQL:
        return SQL(text.replace("{links}", "{0}"))

    def head(self) -> Link | None:
        found = self._select(
            self.SELECT + "ORDER BY position DESC LIMIT 1",
        )
        return found[0] if found else None

    def append(self, links: Sequence[Link]) -> None:
        if not links:
            return
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                self._sql("INSERT INTO {links} VALUES (%s, %s, %s, %s, %s)").format(
                    self.links_table
                ),
                [self._row(link) for link in links],
            )
            self._insert_tracking(curs, Tracking(NOTARY, links[-1].position))

    def links(self, after: int, limit: int) -> list[Link]:
        return self._select(
            self.SELECT + "WHERE position > %s ORDER BY position LIMIT %s",
            (after, limit),
        )

    def links_of(self, originator_id: UUID) -> list[Link]:
        return self._select(
            self.SELECT + "WHERE originator_id = %s", (str(originator_id),)
        )

    def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Link]:
        # One statement in autocommit, as the library reads: a transaction
        # rolled back would make psycopg forget the prepared statements.
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql(sql).format(self.links_table), tuple(params))
            return [self._link(tuple(row.values())) for row in curs.fetchall()]

    def close(self) -> None:
        """The datastore is the application's: it closes it."""


class MemoryLinkStore:
    """The links of the library's in-memory store (unit tests)."""

    def __init__(self) -> None:
        self._links: list[Link] = []
        self._lock = threading.Lock()

    def head(self) -> Link | None:
        return self._links[-1] if self._links else None

    def append(self, links: Sequence[Link]) -> None:
        with self._lock:
            last = self._links[-1].position if self._links else 0
            if links and links[0].position <= last:
                raise IntegrityError(f"links up to {last} are recorded already")
            self._links += links

    def links(self, after: int, limit: int) -> list[Link]:
        return [link for link in self._links if link.position > after][:limit]

    def links_of(self, originator_id: UUID) -> list[Link]:
        return [link for link in self._links if link.originator_id == originator_id]

    def close(self) -> None:
        pass


def notary_file(events_file: str) -> str:
    path = Path(events_file)
    return str(path.with_name(f"{path.stem}.{NOTARY}{path.suffix}"))


def notary_of(app: Application[UUID]) -> Notary:
    """The notary of an application's log, its links where its events are."""
    datastore = getattr(app.factory, "datastore", None)
    create = app.env.get("CREATE_TABLE", "y").lower() not in ("n", "no", "0", "f")
    store: LinkStore
    if isinstance(datastore, PostgresDatastore):
        postgres = PostgresLinkStore(datastore, tables_prefix(app.name))
        if create:
            created_racing(postgres.create_table)
        store = postgres
    elif (
        isinstance(datastore, SQLiteDatastore)
        and not datastore.pool.is_sqlite_memory_mode
    ):
        sqlite = SQLiteLinkStore(
            SQLiteDatastore(
                notary_file(datastore.pool.db_name),
                lock_timeout=datastore.pool.lock_timeout,
                single_row_tracking=datastore.single_row_tracking,
            )
        )
        sqlite.create_table()
        store = sqlite
    else:
        store = MemoryLinkStore()
    return Notary(app.recorder, store)


def notarised_and_verified(app: Application[UUID]) -> Verification:
    """The application's log chained up to its end, then verified."""
    notary = notary_of(app)
    try:
        notary.notarise()
        return notary.verify()
    finally:
        notary.store.close()

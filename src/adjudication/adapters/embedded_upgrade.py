"""An embedded SQLite file of an earlier version, upgraded on the first start:
the enrolment log, which shared the claims' table, moved to its own file, and
payloads written before encryption sealed.

The claims' events keep their rows, so their positions (which the read models
track and clients hold) stay. SQLite gives a new row the largest rowid plus
one: when the last row was the enrolment log's, a marker event of the claims
log takes its rowid, so no position is given twice. The file's `user_version`
says it is done; the upgrade runs in one transaction of the claims file, and a
crash before its commit leaves it to the next start."""

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.compressor import ZlibCompressor
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import (
    DatetimeAsISO,
    JSONTranscoder,
    Mapper,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from eventsourcing.utils import Environment

from adjudication.adapters.keys import KeyRingCipher, is_plain

SEPARATE_LOGS = 1  # the claims file's user_version once upgraded
ENROLMENT_TOPICS = "adjudication.domain.enrolment:%"
TABLE = "stored_events"  # the library's, on SQLite


@dataclass(frozen=True)
class EnrolmentLogMovedOut(DomainEvent):
    """Where the last rows of the enrolment log were in the claims' table."""


MARKER_ID: UUID = uuid5(NAMESPACE_URL, "urn:adjudication:enrolment-log-moved-out")


def upgrade(claims_file: str, enrolment_file: str, env: Mapping[str, str]) -> None:
    """`env`: the library's settings of the cipher (see `keys.configure`)."""
    if not Path(claims_file).exists():
        return
    conn = sqlite3.connect(claims_file, timeout=30, isolation_level=None)
    try:
        if _version(conn) >= SEPARATE_LOGS:
            return
        conn.execute("BEGIN IMMEDIATE")
        if _version(conn) < SEPARATE_LOGS:
            if _has_events(conn):
                _upgrade(conn, enrolment_file, env)
            conn.execute(f"PRAGMA user_version = {SEPARATE_LOGS}")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _has_events(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    )
    return found.fetchone() is not None


def _upgrade(
    conn: sqlite3.Connection, enrolment_file: str, env: Mapping[str, str]
) -> None:
    cipher = KeyRingCipher(Environment(env=env))
    compressor = ZlibCompressor()

    def sealed(state: bytes) -> bytes:
        if not is_plain(state, cipher):
            return state
        return cipher.encrypt(compressor.compress(state))

    for rowid, state in conn.execute(f"SELECT rowid, state FROM {TABLE}").fetchall():
        conn.execute(
            f"UPDATE {TABLE} SET state = ? WHERE rowid = ?", (sealed(state), rowid)
        )
    moved = conn.execute(
        f"SELECT rowid, originator_id, originator_version, topic, state FROM {TABLE} "
        "WHERE topic LIKE ? ORDER BY rowid",
        (ENROLMENT_TOPICS,),
    ).fetchall()
    if not moved:
        return
    last = conn.execute(f"SELECT MAX(rowid) FROM {TABLE}").fetchone()[0]
    _copy(enrolment_file, moved)
    conn.execute(f"DELETE FROM {TABLE} WHERE topic LIKE ?", (ENROLMENT_TOPICS,))
    if moved[-1][0] == last:
        marker = _marker(env)
        conn.execute(
            f"INSERT INTO {TABLE} (rowid, originator_id, originator_version, topic, "
            "state) VALUES (?, ?, ?, ?, ?)",
            (last, MARKER_ID.hex, 1, marker.topic, marker.state),
        )


def _copy(enrolment_file: str, rows: list[tuple[int, str, int, str, bytes]]) -> None:
    """The enrolment log's rows, in their order, into its own file, in one
    transaction: a file that has them already (a crash after this) is kept."""
    datastore = SQLiteDatastore(enrolment_file)
    try:
        recorder = SQLiteApplicationRecorder(datastore)
        recorder.create_table()
        if recorder.max_notification_id() is None:
            recorder.insert_events(
                [StoredEvent(UUID(o), v, t, s) for _, o, v, t, s in rows]
            )
    finally:
        datastore.close()


def _marker(env: Mapping[str, str]) -> StoredEvent:
    transcoder = JSONTranscoder()
    transcoder.register(DatetimeAsISO())
    mapper: Mapper[UUID] = Mapper(
        transcoder, ZlibCompressor(), KeyRingCipher(Environment(env=env))
    )
    return mapper.to_stored_event(
        EnrolmentLogMovedOut(
            originator_id=MARKER_ID,
            originator_version=1,
            timestamp=DomainEvent.create_timestamp(),
        )
    )

"""Where one aggregate's events sit in its application's log.

The library reads an aggregate's events by (originator_id, version) and the
application's log by position, but never both at once. Its SQLite and
PostgreSQL application recorders keep the position beside every event in the
same table (SQLite: the table's `rowid`; PostgreSQL: the `notification_id`
column), so one indexed query per store, on the primary key's leading column,
answers "every event of this aggregate, with its position". That query needs
the recorder's table and datastore, which are the library's internals: they
live here, and only here.

The library's in-memory (POPO) store, used by unit tests, keeps no such column:
its log is scanned.
"""

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

SCAN_BATCH = 1000


def notifications_of(
    recorder: ApplicationRecorder, originator_id: UUID
) -> list[Notification]:
    """Every event of one aggregate as a notification (its position in the
    log as `id`), in version order; empty when there is no such aggregate."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, originator_id)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, originator_id)
    if isinstance(recorder, POPOApplicationRecorder):
        return _scan(recorder, originator_id)
    raise NotImplementedError(f"no positions query for {type(recorder).__name__}")


def positions_of(recorder: ApplicationRecorder, originator_id: UUID) -> dict[int, int]:
    """Version to position of every event of one aggregate."""
    return {
        n.originator_version: n.id for n in notifications_of(recorder, originator_id)
    }


def _sqlite(
    recorder: SQLiteApplicationRecorder, originator_id: UUID
) -> list[Notification]:
    # The library stores UUIDs as their hex (see its insert and select_events).
    statement = (
        "SELECT rowid, originator_version, topic, state "
        f"FROM {recorder.events_table_name} "
        "WHERE originator_id = ? ORDER BY originator_version"
    )
    with recorder.datastore.transaction(commit=False) as c:
        c.execute(statement, [originator_id.hex])
        return [
            Notification(
                id=row["rowid"],
                originator_id=originator_id,
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in c.fetchall()
        ]


def _postgres(
    recorder: PostgresApplicationRecorder, originator_id: UUID
) -> list[Notification]:
    datastore = recorder.datastore
    statement = SQL(
        "SELECT notification_id, originator_version, topic, state "
        "FROM {schema}.{table} "
        "WHERE originator_id = %s ORDER BY originator_version"
    ).format(
        schema=Identifier(datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    key: UUID | str = (
        originator_id if datastore.originator_id_type == "uuid" else str(originator_id)
    )
    with datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(statement, [key], prepare=True)
        return [
            Notification(
                id=row["notification_id"],
                originator_id=originator_id,
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in curs.fetchall()
        ]


def _scan(recorder: ApplicationRecorder, originator_id: UUID) -> list[Notification]:
    found: list[Notification] = []
    after = 0
    while True:
        batch: Sequence[Notification] = recorder.select_notifications(
            after, SCAN_BATCH, inclusive_of_start=False
        )
        if not batch:
            return found
        found += [n for n in batch if n.originator_id == originator_id]
        after = batch[-1].id

"""What the claims' log holds, read from the store itself (SQLite file or
PostgreSQL schema), not through the service under test."""

import sqlite3
from collections import Counter
from uuid import UUID

import psycopg

from adjudication.adapters.storage import CLAIMS_LOG, ENROLMENT_LOG, sqlite_files
from tests.stores import PG


def _rows(
    env: dict[str, str], sql: str, *params: object, log: str = CLAIMS_LOG
) -> list[tuple[object, ...]]:
    """`log`: the claims' (`CLAIMS_LOG`) or the enrolment's (`ENROLMENT_LOG`)."""
    if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        files = dict(zip((CLAIMS_LOG, ENROLMENT_LOG), sqlite_files(env), strict=True))
        with sqlite3.connect(files[log]) as db:
            return list(db.execute(sql.format(events="stored_events", p="?"), params))
    events = f'"{env["POSTGRES_SCHEMA"]}".{log.lower()}_events'
    with psycopg.connect(dbname=env["POSTGRES_DBNAME"], **PG) as db:  # type: ignore[arg-type]
        return list(db.execute(sql.format(events=events, p="%s"), params).fetchall())


def topics_of(env: dict[str, str], aggregate_id: UUID | str) -> Counter[str]:
    """How many events of each kind (the topic's last part) one aggregate has."""
    key = UUID(str(aggregate_id))
    # the library keeps a UUID as its hex on SQLite
    sqlite = env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    rows = _rows(
        env,
        "SELECT topic FROM {events} WHERE originator_id = {p}",
        key.hex if sqlite else key,
    )
    return Counter(str(topic).rpartition(".")[2] for (topic,) in rows)


def event_count(env: dict[str, str]) -> int:
    ((count,),) = _rows(env, "SELECT count(*) FROM {events}")
    return int(count)  # type: ignore[call-overload]


def aggregates_with(
    env: dict[str, str], event: str, log: str = CLAIMS_LOG
) -> Counter[UUID]:
    """The aggregates that have events of this kind (`Claim.Reported`), and
    how many each."""
    rows = _rows(
        env,
        "SELECT originator_id FROM {events} WHERE topic LIKE {p}",
        f"%:{event}",
        log=log,
    )
    return Counter(UUID(str(originator_id)) for (originator_id,) in rows)

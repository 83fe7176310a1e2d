"""Views no version reads any more, dropped when the read models start: the
first claim records views kept personal data in the clear (`claim_records`
serialized messages, `claim_records_v2` the document unsealed), and nothing
may keep it so once the sealed `claim_records_v3` replaced them."""

from collections.abc import Mapping
from pathlib import Path

from eventsourcing.postgres import PostgresDatastore

from adjudication.adapters.storage import beside, sqlite_files
from projections.views import PostgresView, SQLiteView

RETIRED = ("claim_records", "claim_records_v2")


def drop_retired_views(
    settings: Mapping[str, str], view: SQLiteView | PostgresView
) -> list[str]:
    """Drop the retired views' tables (PostgreSQL, in the schema of `view`, a
    live view) or files (SQLite, every generation of them); what was
    dropped."""
    if isinstance(view, PostgresView):
        return _postgres(view.datastore)
    return _sqlite(sqlite_files(settings)[0])


def _sqlite(events: str) -> list[str]:
    if events == ":memory:" or events.startswith("file:"):
        return []
    dropped = []
    for name in RETIRED:
        view = Path(beside(events, name))
        # x.view.sqlite3, its generations x.view.g<N>.sqlite3, their -wal and
        # -shm files and x.view.current; never x.view_v3.*
        for file in sorted(view.parent.glob(f"{view.stem}.*")):
            file.unlink(missing_ok=True)
            dropped.append(str(file))
    return dropped


def _postgres(datastore: PostgresDatastore) -> list[str]:
    schema = datastore.schema or "public"
    tables = [f"{name}_{part}" for name in RETIRED for part in ("records", "tracking")]
    with datastore.transaction(commit=True) as curs:
        curs.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s "
            "AND tablename = ANY(%s) ORDER BY tablename",
            (schema, tables),
        )
        found = [row["tablename"] for row in curs.fetchall()]
        for table in found:
            curs.execute(f'DROP TABLE "{schema}"."{table}"')
    return [f"{schema}.{table}" for table in found]
